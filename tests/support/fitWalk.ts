/**
 * Walks every slide of the open deck at its real size and lists what does not
 * show completely: a slide taller or wider than 1280×720, a code block or
 * table hiding content behind a scrollbar, or a slide that needed the
 * runtime shrink fallback (src/client/fit.ts) because the build did not fit it.
 */
import type { Page } from '@playwright/test';
import type { RevealWindow } from './fixtures.ts';

export interface SlideFitReport {
  slides: number;
  problems: string[];
}

export function slideFitProblems(page: Page): Promise<SlideFitReport> {
  return page.evaluate(async () => {
    const reveal = (window as unknown as RevealWindow).Reveal;
    const problems: string[] = [];
    const leaves = reveal.getSlides();
    for (const slide of leaves) {
      const { h, v } = reveal.getIndices(slide);
      reveal.slide(h, v ?? 0);
      // Code fonts load when code is first shown: measure with the real font, and never leave a load pending.
      await document.fonts.ready;
      const name = `#${slide.id} (${h}/${v ?? 0})`;
      if (slide.scrollHeight > 721) problems.push(`${name}: scrollHeight ${slide.scrollHeight} > 720`);
      if (slide.scrollWidth > 1281) problems.push(`${name}: scrollWidth ${slide.scrollWidth} > 1280`);
      for (const el of Array.from(slide.querySelectorAll<HTMLElement>('pre, .table-wrap'))) {
        const walkthrough = el.closest('[data-ld-walkthrough]');
        if (walkthrough) {
          // A walkthrough window shows one step at a time: every step must fit the window whole.
          const lines = Array.from(el.querySelectorAll<HTMLElement>('.line'));
          for (const step of (el.dataset['steps'] ?? '').split('|')) {
            const [from, to] = step.split('-').map(Number) as [number, number];
            const shown = lines.slice(from - 1, to);
            const height = shown.length ? shown[shown.length - 1]!.getBoundingClientRect().bottom - shown[0]!.getBoundingClientRect().top : 0;
            const scale = slide.getBoundingClientRect().width / 1280 || 1;
            const style = getComputedStyle(el);
            const room = el.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
            if (height / scale > room + 1) problems.push(`${name}: walkthrough step ${step} is ${Math.round(height / scale)}px, taller than its ${Math.round(room)}px window`);
          }
        } else if (el.scrollHeight > el.clientHeight + 1) problems.push(`${name}: ${el.tagName.toLowerCase()} hides ${el.scrollHeight - el.clientHeight}px vertically`);
        if (el.scrollWidth > el.clientWidth + 1) problems.push(`${name}: ${el.tagName.toLowerCase()} hides ${el.scrollWidth - el.clientWidth}px horizontally`);
      }
      if (/\bld-dense/.test(slide.className)) problems.push(`${name}: needed the runtime shrink fallback`);
    }
    return { slides: leaves.length, problems };
  });
}
