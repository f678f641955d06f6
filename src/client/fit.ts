/**
 * Keeps content inside the 1280×720 slide: when a shown slide is taller than
 * the slide height, add `ld-dense` (then `ld-denser`), which base.css maps to a
 * smaller type scale. Only slides that are currently laid out can be measured,
 * so this runs for the current slide on every slide change (before it paints);
 * never in the reading view, where slides reflow instead.
 */
import type { RevealApi } from 'reveal.js';
import { isScrollView } from './deckNav.ts';

const CLASSES = ['ld-dense', 'ld-denser'] as const;

export function fitSlide(slide: HTMLElement, height: number): void {
  if (slide.classList.contains('stack') || slide.dataset.ldFit === 'done') return;
  if (slide.offsetParent === null && getComputedStyle(slide).display === 'none') return;
  slide.dataset.ldFit = 'done';
  fitDiagrams(slide, height);
  for (const cls of CLASSES) {
    if (slide.scrollHeight <= height + 1) return;
    slide.classList.remove(...CLASSES);
    slide.classList.add(cls);
  }
}

/** Lets a diagram give up height (it scales, keeping its aspect) before any text shrinks. */
function fitDiagrams(slide: HTMLElement, height: number): void {
  const MIN_DIAGRAM_HEIGHT = 180;
  for (const svg of Array.from(slide.querySelectorAll<SVGSVGElement>('figure.diagram svg'))) {
    const over = slide.scrollHeight - height;
    if (over <= 0) return;
    const current = svg.clientHeight;
    if (current > MIN_DIAGRAM_HEIGHT) svg.style.maxHeight = `${Math.max(MIN_DIAGRAM_HEIGHT, current - over - 8)}px`;
  }
}

export function initFit(deck: RevealApi): void {
  const run = (): void => {
    // The reading view reflows: a slide there is as tall as its content.
    if (isScrollView(deck)) return;
    const height = Number(deck.getConfig().height) || 720;
    const current = deck.getCurrentSlide();
    if (current) {
      const before = current.className;
      fitSlide(current, height);
      if (current.className !== before) deck.layout();
    }
  };
  deck.on('ready', run);
  deck.on('slidechanged', run);
}
