/**
 * Walking a deck with one key, for the navigation tests: the steps a deck
 * must take in document order (every leaf slide, then each of its fragment
 * steps), and what the deck really did after each key press.
 */
import type { Page } from '@playwright/test';
import type { RevealWindow } from './fixtures.ts';

export interface Step {
  h: number;
  v: number;
  /** Fragment index, -1 before the slide's first fragment. */
  f: number;
}

export const stepKey = (s: Step): string => `${s.h}/${s.v}/${s.f}`;

/**
 * Every step of the deck in document order, read from the DOM (the slides'
 * order in the page and the fragment groups reveal numbered), not from
 * reveal's navigation.
 */
export function documentOrder(page: Page): Promise<Step[]> {
  return page.evaluate(() => {
    const reveal = (window as unknown as RevealWindow).Reveal;
    // The deck's own slides (the speaker view also holds a copy of them for its preview).
    const slides = [...reveal.getRevealElement().querySelectorAll<HTMLElement>(':scope > .slides section')].filter((s) => !s.querySelector(':scope > section'));
    return slides.flatMap((slide) => {
      const i = reveal.getIndices(slide);
      const groups = new Set([...slide.querySelectorAll('.fragment')].map((f) => f.getAttribute('data-fragment-index')));
      return Array.from({ length: groups.size + 1 }, (_, n) => ({ h: i.h, v: i.v ?? 0, f: n - 1 }));
    });
  });
}

/** The deck's position (h/v/f) after each of `presses` presses of `key`, recorded in the page at keyup. */
export async function walkWithKey(page: Page, key: string, presses: number): Promise<Step[]> {
  await page.evaluate(() => {
    const reveal = (window as unknown as RevealWindow).Reveal;
    const log: Step[] = [];
    (window as unknown as { __walk: Step[] }).__walk = log;
    window.addEventListener('keyup', () => {
      const i = reveal.getIndices();
      log.push({ h: i.h, v: i.v ?? 0, f: typeof i.f === 'number' ? i.f : -1 });
    }, true);
  });
  for (let n = 0; n < presses; n++) await page.keyboard.press(key);
  return page.evaluate(() => (window as unknown as { __walk: Step[] }).__walk);
}
