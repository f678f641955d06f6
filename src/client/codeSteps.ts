/**
 * Code-step highlighting: a `.code-block` whose `pre` has `data-steps="1-4|6-9"`
 * contains invisible `.fragment.ld-code-step[data-lines]` markers, one per step
 * after the first. The active step is the first step while no marker is visible,
 * otherwise the last visible marker's `data-lines`. The lines of the active step
 * get class `highlighted` (base.css dims the others). A walkthrough's code
 * window then scrolls to those lines (codeWalkthrough.ts). In the reading
 * view a stepped block is shown whole: no step is highlighted.
 *
 * Elements are looked up on every update: reveal's scroll view rebuilds the slide
 * DOM when it (de)activates, so cached nodes would go stale.
 */
import type { RevealApi } from 'reveal.js';
import { scrollWalkthroughs } from './codeWalkthrough.ts';
import { isScrollView } from './deckNav.ts';

/** Parses "1-4,7" into {1,2,3,4,7}. Invalid parts are ignored. */
export function parseLineRanges(spec: string | null | undefined): Set<number> {
  const lines = new Set<number>();
  if (!spec) return lines;
  for (const part of spec.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) continue;
    const start = Number(m[1]);
    const end = m[2] === undefined ? start : Number(m[2]);
    const [lo, hi] = start <= end ? [start, end] : [end, start];
    for (let n = lo; n <= hi && n - lo < 10_000; n++) lines.add(n);
  }
  return lines;
}

function fragmentIndex(el: Element, fallback: number): number {
  const raw = el.getAttribute('data-fragment-index');
  const n = raw === null ? NaN : Number.parseInt(raw, 10);
  return Number.isNaN(n) ? fallback : n;
}

/** The line spec of the step currently active in a `.code-block`, or null. */
export function activeStepSpec(block: Element): string | null {
  const pre = block.querySelector('pre[data-steps]');
  if (!pre) return null;
  const first = (pre.getAttribute('data-steps') ?? '').split('|')[0] ?? '';
  let best: Element | null = null;
  let bestIndex = -Infinity;
  block.querySelectorAll('.ld-code-step.visible').forEach((el, i) => {
    const idx = fragmentIndex(el, i);
    if (idx >= bestIndex) {
      best = el;
      bestIndex = idx;
    }
  });
  const chosen = best as Element | null;
  return chosen ? (chosen.getAttribute('data-lines') ?? '') : first;
}

/** Applies the active step of every code block under `root` (`whole`: no step, every line plain). */
export function updateCodeSteps(root: ParentNode = document, { whole = false } = {}): void {
  root.querySelectorAll('.code-block').forEach((block) => {
    const spec = whole ? '' : activeStepSpec(block);
    if (spec === null) return;
    const wanted = parseLineRanges(spec);
    block.querySelectorAll<HTMLElement>('pre[data-steps] .line').forEach((line, i) => {
      const n = Number.parseInt(line.dataset.line ?? '', 10);
      const lineNo = Number.isNaN(n) ? i + 1 : n;
      line.classList.toggle('highlighted', wanted.has(lineNo));
    });
  });
}

function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export function initCodeSteps(deck: RevealApi): void {
  let shownSlide: Element | undefined;
  const update = (event: { type: string }): void => {
    const reading = isScrollView(deck);
    updateCodeSteps(deck.getRevealElement() ?? document, { whole: reading });
    const slide = deck.getCurrentSlide();
    // A step on the slide already shown glides; arriving on a slide jumps.
    const stepHere = slide === shownSlide && event.type.startsWith('fragment');
    shownSlide = slide;
    if (slide && !reading) scrollWalkthroughs(slide, stepHere && !prefersReducedMotion() ? 'smooth' : 'instant');
  };
  for (const type of ['ready', 'slidechanged', 'fragmentshown', 'fragmenthidden', 'resize']) {
    deck.on(type, update);
  }
}
