/**
 * Issue 6, "for students", in a real Chromium against the built sample course
 * (tests/e2e/global-setup.ts): the course index, search across every deck,
 * the reading view on a phone, remembered progress, offline use through the
 * service worker, and a keyboard-only walk. Accessibility scans: a11y.spec.ts.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { courseDecks, fencedBlocks, readCourseFile } from '../support/course.ts';
import { expect, isLocalUrl, openDeck, test, type RevealWindow } from '../support/fixtures.ts';
import { currentSlideId, expectSlideOnScreen, searchFor, searchResults, slideTarget } from '../support/students.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const COURSE_ROOT = path.resolve(REPO_ROOT, process.env['LESSONDECK_E2E_COURSE'] ?? 'slides');
const LESSONS = courseDecks(COURSE_ROOT).filter((d) => d.kind === 'lesson');

/** The longest word of the course's Dockerfiles: a word a student might look for in code. */
function dockerfileWord(): string {
  const words = courseDecks(COURSE_ROOT)
    .flatMap((d) => fencedBlocks(readCourseFile(COURSE_ROOT, d.file)))
    .filter((block) => /^dockerfile\b/i.test(block.info))
    .flatMap((block) => block.lines.join(' ').match(/[A-Za-z]{6,}/g) ?? []);
  return words.sort((a, b) => b.length - a.length || a.localeCompare(b))[0] ?? '';
}

/** A slide of `deckUrl` with long notes, and six words from the middle of them. */
async function notesPhrase(page: Page, deckUrl: string): Promise<{ slide: string; phrase: string }> {
  await openDeck(page, deckUrl);
  return page.evaluate(() => {
    for (const section of document.querySelectorAll<HTMLElement>('.reveal .slides section[id]')) {
      const words = (section.querySelector('aside.notes')?.textContent ?? '').split(/\s+/).filter((w) => /^[A-Za-z]{3,}$/.test(w));
      if (words.length >= 16) return { slide: section.id, phrase: words.slice(6, 12).join(' ') };
    }
    throw new Error('no slide with long notes');
  });
}

async function openResult(page: Page, href: string): Promise<void> {
  await page.locator(`a.ld-search-result[href="${href}"]`).click();
  await page.waitForURL(href);
}

test.describe('course index', () => {
  test('shows the course, each module with lessons and labs, durations, slide counts and both views', async ({ page, siteUrl }) => {
    await page.goto(`${siteUrl}/index.html`);
    await expect(page.locator('h1')).toHaveText(/\S/);
    await expect(page.locator('.ld-course-description')).not.toContainText('&quot;');
    const module = page.locator('section.ld-module').first();
    await expect(module.locator('h3', { hasText: 'Lessons' })).toBeVisible();
    await expect(module.locator('h3', { hasText: 'Labs' })).toBeVisible();
    await expect(module.locator('.ld-module-meta')).toContainText(/\d+ lessons · \d+ labs · \d/);
    const cards = page.locator('.ld-deck-card');
    for (const card of await cards.all()) {
      const href = await card.locator('a.ld-deck-link').getAttribute('href');
      await expect(card.locator('.ld-deck-meta')).toContainText(/\d+ slides?/);
      await expect(card.locator('a.ld-reading')).toHaveAttribute('href', `${href}?view=scroll`);
    }
    const lessonCard = cards.filter({ has: page.locator(`a[href="./${LESSONS[0]!.page}"]`) });
    await expect(lessonCard.locator('.ld-deck-meta')).toContainText(/\d+ min/);
  });

  test('fits a phone: one column of cards and no horizontal scrolling', async ({ page, siteUrl }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${siteUrl}/index.html`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const lefts = await page.locator('.ld-deck-card').evaluateAll((cards) => new Set(cards.map((c) => Math.round(c.getBoundingClientRect().left))).size);
    expect(lefts).toBe(1);
  });

  test('follows the system colour scheme and remembers a switched theme', async ({ page, siteUrl }) => {
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${siteUrl}/index.html`);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect.poll(background).toBe('rgb(15, 18, 23)');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await expect.poll(background).toBe('rgb(255, 255, 255)');

    await page.getByLabel('Theme').selectOption('high-contrast');
    await expect.poll(background).toBe('rgb(0, 0, 0)');
    await page.evaluate(() => document.fonts.ready); // a reload would abort fonts still loading
    await page.reload();
    await expect(page.getByLabel('Theme')).toHaveValue('high-contrast');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'high-contrast');
    await expect.poll(background).toBe('rgb(0, 0, 0)');
  });
});

test.describe('search across the course', () => {
  test('finds a phrase from a lesson\'s notes and opens that slide', async ({ page, siteUrl }) => {
    const lesson = LESSONS[1] ?? LESSONS[0]!;
    const { slide, phrase } = await notesPhrase(page, `${siteUrl}/${lesson.page}`);
    await page.goto(`${siteUrl}/index.html`);
    const requestsBefore = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    expect(requestsBefore.some((url) => url.includes('search-index.json')), 'the index is loaded only when search opens').toBe(false);

    await searchFor(page, phrase);
    const target = `${siteUrl}/${lesson.page}#/${slide}`;
    const results = await searchResults(page);
    const hit = results.find((r) => r.href === target);
    expect(hit, `"${phrase}" finds ${target}; got ${results.map((r) => r.href).join(', ')}`).toBeDefined();
    expect(hit!.deck).toContain(await page.locator(`a.ld-deck-link[href="./${lesson.page}"]`).innerText());
    expect(hit!.slide.length).toBeGreaterThan(0);
    await openResult(page, target);
    expect(await currentSlideId(page)).toBe(slide);
    await expect(page.locator(`section#${slide} aside.notes`)).toContainText(phrase.split(' ')[0]!);
  });

  test('finds a word from a Dockerfile, with a typo and as a prefix, from inside a deck', async ({ page, siteUrl }) => {
    const word = dockerfileWord();
    expect(word.length).toBeGreaterThanOrEqual(8);
    await openDeck(page, `${siteUrl}/${LESSONS[LESSONS.length - 1]!.page}`);
    const typo = `${word.slice(0, -3)}${word.at(-2)}${word.at(-3)}${word.at(-1)}`; // two letters swapped
    const prefix = word.slice(0, Math.ceil(word.length * 0.6));
    const found: Record<string, string[]> = {};
    for (const query of [word, typo.toLowerCase(), prefix]) {
      await searchFor(page, query);
      found[query] = (await searchResults(page)).map((r) => r.href);
      await page.keyboard.press('Escape');
      await expect(page.locator('dialog.ld-search')).not.toBeVisible();
      // Focus has left the closed dialog, so the next `/` opens search again instead of typing into it.
      expect(await page.evaluate(() => !!document.activeElement?.closest('dialog.ld-search'))).toBe(false);
    }
    expect(found[word]!.length).toBeGreaterThan(0);
    expect(found[typo.toLowerCase()]!.slice(0, 3)).toEqual(found[word]!.slice(0, 3));
    expect(found[prefix]).toEqual(expect.arrayContaining(found[word]!.slice(0, 3)));

    await searchFor(page, word);
    const first = found[word]![0]!;
    await openResult(page, first);
    const { slide } = slideTarget(first, siteUrl);
    expect(await currentSlideId(page)).toBe(slide);
    const code = await page.locator(`section#${slide} pre`).allInnerTexts();
    expect(code.join('\n').toLowerCase()).toContain(word.toLowerCase());
  });

  test('Esc closes the dialog and gives focus back to the button that opened it', async ({ page, siteUrl }) => {
    await openDeck(page, `${siteUrl}/${LESSONS[0]!.page}`);
    const button = page.locator('.ld-deck-nav .ld-search-button');
    await button.click();
    await expect(page.locator('dialog.ld-search')).toBeVisible();
    await page.keyboard.press('ArrowRight'); // typed into the field, not a slide change
    expect(await page.evaluate(() => (window as unknown as RevealWindow).Reveal.getIndices().h)).toBe(0);
    await page.keyboard.press('Escape');
    await expect(page.locator('dialog.ld-search')).not.toBeVisible();
    await expect(button).toBeFocused();
  });
});

test.describe('reading view', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('on a phone a deck is a readable column of slides, each followed by its notes', async ({ page, siteUrl }) => {
    await openDeck(page, `${siteUrl}/${LESSONS[0]!.page}`);
    await expect(page.locator('body')).toHaveClass(/reveal-scroll/);
    const layout = await page.evaluate(() => {
      const reveal = (window as unknown as RevealWindow & { Reveal: { getScale(): number } }).Reveal;
      const scale = reveal.getScale();
      const texts = [...document.querySelectorAll<HTMLElement>('.scroll-page section p, .scroll-page section li')];
      const smallest = Math.min(...texts.map((el) => parseFloat(getComputedStyle(el).fontSize) * scale));
      const notes = [...document.querySelectorAll<HTMLElement>('.ld-reading-notes')];
      return {
        smallest,
        overflowX: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth,
        pages: document.querySelectorAll('.scroll-page').length,
        // Written notes: the script the build copied from the slide itself is not repeated under it.
        slidesWithNotes: [...document.querySelectorAll('.scroll-page section aside.notes')].filter((n) => {
          const written = n.cloneNode(true) as Element;
          written.querySelectorAll('.ld-notes-from-slide').forEach((s) => s.remove());
          return written.textContent?.trim();
        }).length,
        notes: notes.length,
        notesInOwnPage: notes.every((n) => n.parentElement?.classList.contains('scroll-page') && n.previousElementSibling?.classList.contains('scroll-page-sticky')),
        notesFont: Math.min(...notes.map((n) => parseFloat(getComputedStyle(n).fontSize))),
        notesVisible: notes.filter((n) => n.getBoundingClientRect().height > 0).length,
        pageWidths: [...document.querySelectorAll('.scroll-page')].every((p) => p.getBoundingClientRect().width <= window.innerWidth),
      };
    });
    expect(layout.smallest).toBeGreaterThanOrEqual(14);
    expect(layout.overflowX).toBeLessThanOrEqual(0);
    expect(layout.pages).toBe(await page.locator('.scroll-page section').count());
    expect(layout.slidesWithNotes).toBeGreaterThan(0);
    expect(layout.notes).toBe(layout.slidesWithNotes);
    expect(layout.notesVisible).toBe(layout.notes);
    expect(layout.notesInOwnPage).toBe(true);
    expect(layout.notesFont).toBeGreaterThanOrEqual(14);
  });

  test('a link to a slide scrolls to that slide, below the notes of the slides before it, and makes it the current slide', async ({ page, siteUrl }) => {
    await openDeck(page, `${siteUrl}/${LESSONS[0]!.page}`);
    const ids = await page.locator('.scroll-page section[id]').evaluateAll((s) => s.map((e) => e.id));
    const target = ids[Math.floor(ids.length * 0.7)]!;
    await page.goto('about:blank');
    await openDeck(page, `${siteUrl}/${LESSONS[0]!.page}#/${target}`);
    await expectSlideOnScreen(page, target);
    // reveal agrees (it drives the hash, the remembered slide and the "Slides view" link).
    await expect.poll(() => currentSlideId(page)).toBe(target);
  });
});

test.describe('deck and reading view', () => {
  test('link to each other and keep the slide', async ({ page, siteUrl }) => {
    await openDeck(page, `${siteUrl}/${LESSONS[0]!.page}`);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const slide = await currentSlideId(page);
    await page.waitForURL((url) => url.hash === `#/${slide}`); // reveal writes the hash a moment after the slide changes
    const toReading = page.locator('a.ld-reading-link');
    await expect(toReading).toHaveText('Reading view');
    await toReading.click();
    await page.waitForURL(/view=scroll/);
    await expect(page.locator('body')).toHaveClass(/reveal-scroll/);
    await expectSlideOnScreen(page, slide);
    await expect(toReading).toHaveText('Slides view');
    const back = await toReading.evaluate((a) => (a as HTMLAnchorElement).href);
    expect(new URL(back).pathname).toBe(new URL(page.url()).pathname);
    expect(back).not.toContain('view=scroll');
    await page.goto(back);
    await expect(page.locator('body')).not.toHaveClass(/reveal-scroll/);
    await expect(page.locator('a.ld-reading-link')).toHaveText('Reading view');
  });
});

test.describe('remembers', () => {
  test('the last slide of each deck and which decks were opened; the index offers to continue', async ({ page, siteUrl }) => {
    await page.goto(`${siteUrl}/index.html`);
    await expect(page.locator('#ld-continue')).toBeHidden();
    await expect(page.locator('.ld-visited')).toHaveCount(0);

    const deck = LESSONS[2] ?? LESSONS[0]!;
    await openDeck(page, `${siteUrl}/${deck.page}`);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const slide = await currentSlideId(page);
    const title = await page.locator(`section#${slide} :is(h1,h2,h3)`).first().innerText();

    await page.goto(`${siteUrl}/index.html`);
    const cont = page.locator('#ld-continue');
    await expect(cont).toBeVisible();
    await expect(cont).toContainText(title);
    await expect(cont.locator('a')).toHaveAttribute('href', `${siteUrl}/${deck.page}#/${slide}`);
    const visited = page.locator('.ld-deck-card.ld-visited');
    await expect(visited).toHaveCount(1);
    await expect(visited.locator('a.ld-deck-link')).toHaveAttribute('href', `./${deck.page}`);
    await expect(visited.locator('.ld-visited-badge')).toHaveText('Opened');

    await cont.locator('a').click();
    expect(await currentSlideId(page)).toBe(slide);
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lessondeck:')));
    expect(stored.length).toBeGreaterThan(0);
  });
});

test.describe('offline', () => {
  test('after a first visit, the index, a deck never opened and search work with the network off', async ({ page, context, siteUrl }) => {
    const origin = new URL(siteUrl).origin;
    const workerRequests: string[] = [];
    context.on('request', (request) => workerRequests.push(request.url()));
    await page.goto(`${siteUrl}/index.html`);
    // The worker precaches the whole site on install; wait until it controls the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    });

    await context.setOffline(true);
    const unvisited = LESSONS[LESSONS.length - 1]!;
    await openDeck(page, `${siteUrl}/${unvisited.page}?view=scroll`);
    await expect(page.locator('.scroll-page').first()).toBeVisible();
    const fonts = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family);
    });
    expect(fonts).toContain('Inter');

    await searchFor(page, dockerfileWord());
    const results = await searchResults(page);
    expect(results.length).toBeGreaterThan(0);
    await openResult(page, results[0]!.href);
    expect(await currentSlideId(page)).toBe(slideTarget(results[0]!.href, siteUrl).slide);

    await page.goto(`${siteUrl}/`);
    await expect(page.locator('.ld-deck-card').first()).toBeVisible();
    await context.setOffline(false);
    expect(workerRequests.filter((url) => !isLocalUrl(url, origin)), 'requests to other hosts, including the service worker\'s').toEqual([]);
  });
});

test.describe('keyboard only', () => {
  test('index → search → deck → back to the index, with visible focus all the way', async ({ page, siteUrl }) => {
    const focusIsVisible = () => page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return false;
      const style = getComputedStyle(el);
      return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    });
    await page.goto(`${siteUrl}/index.html`);
    await page.keyboard.press('Tab');
    await expect(page.locator('.ld-index-toolbar .ld-search-button')).toBeFocused();
    expect(await focusIsVisible()).toBe(true);
    await page.keyboard.press('Enter');
    const input = page.getByRole('searchbox');
    await expect(input).toBeFocused();
    await input.pressSequentially(dockerfileWord());
    await expect(page.locator('a.ld-search-result').first()).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('a.ld-search-result').first()).toBeFocused();
    expect(await focusIsVisible()).toBe(true);
    const href = await page.locator('a.ld-search-result').first().getAttribute('href');
    await page.keyboard.press('Enter');
    await page.waitForURL(href!);
    const start = await currentSlideId(page);
    // → steps through the slide's fragments (a code walkthrough has several) before it moves on.
    for (let presses = 0; presses < 20 && (await currentSlideId(page)) === start; presses++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => currentSlideId(page)).not.toBe(start);

    // Back up by keyboard: Tab to the deck's "up" link until the course index is reached.
    for (let hops = 0; hops < 3 && (await page.locator('.ld-index-page').count()) === 0; hops++) {
      const up = page.locator('.ld-deck-nav a[rel="up"]');
      for (let tabs = 0; tabs < 30 && !(await up.evaluate((a) => a === document.activeElement)); tabs++) await page.keyboard.press('Tab');
      await expect(up).toBeFocused();
      expect(await focusIsVisible()).toBe(true);
      const from = page.url();
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.href !== from);
    }
    await expect(page.locator('.ld-index-page')).toBeVisible();
  });
});

test.describe('reduced motion', () => {
  test('turns slide transitions off; without it they run', async ({ page, siteUrl }) => {
    const transition = () => page.evaluate(() => (window as unknown as { Reveal: { getConfig(): { transition: string } } }).Reveal.getConfig().transition);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await openDeck(page, `${siteUrl}/${LESSONS[0]!.page}`);
    expect(await transition()).toBe('none');
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await openDeck(page, `${siteUrl}/${LESSONS[0]!.page}`);
    expect(await transition()).toBe('slide');
  });
});
