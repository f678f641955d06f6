/** Helpers for the students' e2e specs (students.spec.ts, a11y.spec.ts). */
import type { Page } from '@playwright/test';
import { expect, type RevealWindow } from './fixtures.ts';

/** Opens the search dialog with the `/` key and types a query; resolves when results (or "no match") show. */
export async function searchFor(page: Page, query: string): Promise<void> {
  await page.keyboard.press('/');
  const input = page.getByRole('searchbox', { name: 'Words from slides, code or notes' });
  await expect(input).toBeFocused();
  await input.fill(query);
  await expect(page.locator('.ld-search-status')).toHaveText(/found|No slides match/, { timeout: 10_000 });
}

/** The result links currently shown: href (absolute) and the two lines of text. */
export function searchResults(page: Page): Promise<{ href: string; slide: string; deck: string }[]> {
  return page.locator('a.ld-search-result').evaluateAll((links) =>
    links.map((a) => ({
      href: (a as HTMLAnchorElement).href,
      slide: a.querySelector('.ld-search-result-slide')?.textContent ?? '',
      deck: a.querySelector('.ld-search-result-deck')?.textContent ?? '',
    })),
  );
}

/** The id of reveal's current slide, once reveal is ready. */
export async function currentSlideId(page: Page): Promise<string> {
  await page.waitForFunction(() => (window as unknown as Partial<RevealWindow>).Reveal?.isReady() === true, undefined, { timeout: 15_000 });
  return page.evaluate(() => (window as unknown as RevealWindow).Reveal.getCurrentSlide().id);
}

/** Splits `deck.html#/slide` into its page path (from the site root) and slide id. */
export function slideTarget(href: string, siteUrl: string): { page: string; slide: string } {
  const url = new URL(href);
  return { page: url.pathname.slice(new URL(siteUrl).pathname.replace(/\/$/, '').length + 1), slide: decodeURIComponent(url.hash.replace(/^#\//, '')) };
}

/** In the reading view: the page of slide `id` is at the top of the screen (what the reader sees). */
export async function expectSlideOnScreen(page: Page, id: string): Promise<void> {
  await expect.poll(() => page.locator(`section#${id}`).evaluate((s) => {
    const top = s.closest('.scroll-page')!.getBoundingClientRect().top;
    return top >= -2 && top < window.innerHeight / 2;
  })).toBe(true);
}
