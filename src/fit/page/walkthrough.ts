/**
 * Long code as a walkthrough: one code window on one slide, as many lines
 * tall as fit, whose visible part follows the highlighted step — students
 * see one contiguous file, not eleven fragments. The build marks the block
 * (`data-ld-walkthrough`, the window's line count on the `pre`) and adds a
 * step fragment per chunk; the client scrolls the window to each step, the
 * print view prints the whole file and the reading view shows it whole.
 */
import { codeLines } from './blocks.ts';
import type { Piece } from './blocks.ts';
import type { Fitter } from './scale.ts';
import { fits } from './scale.ts';

/** Fewer lines than this in a window is not worth a walkthrough beside other content. */
export const MIN_SHARED_WINDOW = 8;

export interface Walkthrough {
  node: HTMLElement;
  windowLines: number;
  steps: string[];
}

/** A copy of `block` shown through a window of `lines` lines. */
function windowed(block: HTMLElement, lines: number): HTMLElement {
  const copy = block.cloneNode(true) as HTMLElement;
  copy.setAttribute('data-ld-walkthrough', '');
  const pre = copy.querySelector('pre')!;
  pre.setAttribute('data-ld-window', String(lines));
  pre.style.setProperty('--ld-window', String(lines));
  // The window's height comes from its line count (base.css); a size set while scaling would hide it.
  pre.style.setProperty('--ld-window-lh', String(parseFloat(pre.style.lineHeight) || 1.45));
  pre.style.removeProperty('max-height');
  return copy;
}

/** The tallest window (in lines) that fits after `before`; 0 when not even a few lines do. */
export function windowThatFits(f: Fitter, before: Node[], block: HTMLElement): number {
  const total = codeLines(block).length;
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(f, [...before, windowed(block, mid)])) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Automatic steps: chunks of at most `window` lines, each ending where a
 * reader would pause (after a blank line, before a `---` document or a
 * top-level declaration), balanced so no chunk is much shorter than the others.
 */
export function autoSteps(texts: string[], window: number): string[] {
  const total = texts.length;
  if (total <= window) return [`1-${total}`];
  const count = Math.ceil(total / window);
  const ideal = total / count;
  const natural = (at: number): number => {
    const line = texts[at] ?? '';
    if (/^---\s*$/.test(line)) return 3;
    if ((texts[at - 1] ?? '').trim() === '' && /^\S/.test(line)) return 3;
    if ((texts[at - 1] ?? '').trim() === '') return 2;
    if (/^\S/.test(line) && !/^[)}\]]/.test(line)) return 1;
    return 0;
  };
  const starts = [0];
  for (let i = 1; i < count; i++) {
    const previous = starts[i - 1]!;
    const target = Math.round(previous + ideal);
    let best = Math.min(previous + window, total - 1);
    let bestScore = -Infinity;
    for (let at = previous + Math.ceil(window / 2); at <= Math.min(previous + window, total - 1); at++) {
      // Prefer natural breaks, then closeness to the even cut; the rest must still fit the remaining chunks.
      if (total - at > (count - i) * window) continue;
      const score = natural(at) * 4 - Math.abs(at - target) / Math.max(1, window / 4);
      if (score > bestScore) {
        bestScore = score;
        best = at;
      }
    }
    starts.push(best);
  }
  return starts.map((start, i) => `${start + 1}-${(starts[i + 1] ?? total)}`);
}

function lineTexts(block: HTMLElement): string[] {
  return codeLines(block).map((line) => (line.textContent ?? '').replace(/\u200b/g, ''));
}

/** Adds step markers (one fragment per step after the first), unless the author wrote steps. */
function withSteps(block: HTMLElement, steps: string[]): void {
  const pre = block.querySelector('pre')!;
  if (pre.hasAttribute('data-steps')) return;
  pre.setAttribute('data-steps', steps.join('|'));
  for (const step of steps.slice(1)) {
    const marker = document.createElement('span');
    marker.className = 'fragment ld-code-step';
    marker.setAttribute('data-lines', step);
    block.appendChild(marker);
  }
}

/** Turns `main` into a walkthrough after `before` (null when no window fits there). */
export function makeWalkthrough(f: Fitter, before: Piece[], main: Piece, copy: (p: Piece) => Node): Walkthrough | null {
  const block = main.node as HTMLElement;
  const lines = windowThatFits(f, before.map(copy), block);
  if (lines < 3) return null;
  const node = windowed(block, lines);
  const existing = node.querySelector('pre')!.getAttribute('data-steps');
  const steps = existing ? existing.split('|') : autoSteps(lineTexts(block), lines);
  withSteps(node, steps);
  return { node, windowLines: lines, steps };
}
