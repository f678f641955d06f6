/**
 * Acceptance tests of the foundation issue, against the real build of the
 * sample course (tests/e2e/global-setup.ts) in a real Chromium.
 *
 * Every test runs under the guard of tests/support/fixtures.ts: no console
 * errors, no page errors, no requests to other hosts, no HTTP errors.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { courseDecks, countSeparatorsInFences, countSlideSeparators, fencedBlocks, readCourseFile, type CourseFile } from '../support/course.ts';
import { expect, openDeck, test, type RevealWindow } from '../support/fixtures.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Same resolution as global-setup.ts, so the main process and the workers list the same tests.
const COURSE_ROOT = path.resolve(REPO_ROOT, process.env['LESSONDECK_E2E_COURSE'] ?? 'slides');
const DECKS: CourseFile[] = courseDecks(COURSE_ROOT);
const MIN_DIAGRAMS = 24;

interface IndexDeck {
  href: string;
  /** Page path relative to the site root, e.g. module-07/lessons/01-x.html */
  page: string;
  slideCount: number | null;
}

/** Deck links of the course index, with the slide count shown next to each. */
async function readIndex(page: Page, siteUrl: string): Promise<IndexDeck[]> {
  const response = await page.goto(`${siteUrl}/index.html`);
  expect(response?.status()).toBe(200);
  await expect(page.locator('.ld-module').first()).toBeAttached();
  const links = await page.locator('a.ld-deck-link').evaluateAll((anchors) =>
    anchors.map((a) => {
      const card = a.closest('li, .ld-deck-card, article, div') ?? a.parentElement;
      const meta = card?.querySelector('.ld-deck-meta[data-slide-count]');
      const raw = meta?.getAttribute('data-slide-count');
      return { href: (a as HTMLAnchorElement).href, slideCount: raw == null ? null : Number(raw) };
    }),
  );
  return links.map((link) => ({ ...link, page: decodeURIComponent(new URL(link.href).pathname.replace(/^\//, '')) }));
}

/** Link on the index for `deck`; fails the test when the index does not reach it. */
async function deckFromIndex(page: Page, siteUrl: string, deck: CourseFile): Promise<IndexDeck> {
  const entries = await readIndex(page, siteUrl);
  const entry = entries.find((e) => e.page === deck.page);
  expect(entry, `index.html links to ${deck.page} (for ${deck.file}); it links to: ${entries.map((e) => e.page).join(', ')}`).toBeDefined();
  return entry!;
}

function revealIndices(page: Page): Promise<{ h: number; v: number; f: number }> {
  return page.evaluate(() => {
    const i = (window as unknown as RevealWindow).Reveal.getIndices();
    return { h: i.h, v: i.v ?? 0, f: i.f ?? -1 };
  });
}

test.describe('course index', () => {
  test('reaches every deck of the course exactly once', async ({ page, siteUrl }) => {
    expect(DECKS.length, 'markdown decks found in the course folder').toBeGreaterThan(0);
    const entries = await readIndex(page, siteUrl);
    const linked = entries.map((e) => e.page).sort();
    expect(linked).toEqual(DECKS.map((d) => d.page).sort());
    // Module READMEs are reached through <module>/index.html.
    for (const deck of DECKS.filter((d) => d.kind === 'module')) expect(linked).toContain(deck.page);
    for (const entry of entries) expect(entry.slideCount, `slide count shown for ${entry.page}`).toBeGreaterThan(0);
  });
});

test.describe('course-wide', () => {
  test(`renders at least ${MIN_DIAGRAMS} diagrams as SVG and no diagram errors`, async ({ page, siteUrl }) => {
    const entries = await readIndex(page, siteUrl);
    let total = 0;
    const errors: string[] = [];
    const notSvg: string[] = [];
    for (const entry of entries) {
      await openDeck(page, entry.href);
      const counts = await page.evaluate(() => {
        const figures = [...document.querySelectorAll('.reveal .slides figure.diagram')];
        return {
          figures: figures.length,
          withSvg: figures.filter((f) => f.querySelector('svg')).length,
          errors: [...document.querySelectorAll('.diagram-error')].map((e) => (e.textContent ?? '').trim().slice(0, 200)),
        };
      });
      total += counts.withSvg;
      if (counts.withSvg !== counts.figures) notSvg.push(`${entry.page}: ${counts.figures - counts.withSvg} figure.diagram without <svg>`);
      errors.push(...counts.errors.map((e) => `${entry.page}: ${e}`));
    }
    expect(errors, '.diagram-error elements').toEqual([]);
    expect(notSvg).toEqual([]);
    expect(total, 'rendered diagrams in the course').toBeGreaterThanOrEqual(MIN_DIAGRAMS);
  });

  test('prev/next links connect lesson 1 and lesson 2', async ({ page, siteUrl, problems }) => {
    const lessons = DECKS.filter((d) => d.kind === 'lesson').sort((a, b) => a.file.localeCompare(b.file));
    expect(lessons.length, 'lessons in the course').toBeGreaterThanOrEqual(2);
    const [first, second] = [lessons[0]!, lessons[1]!];

    await openDeck(page, `${siteUrl}/${first.page}`);
    const next = page.locator('nav.ld-deck-nav a[rel=next]');
    await expect(next).toHaveCount(1);
    await Promise.all([page.waitForURL((url) => url.pathname === `/${second.page}`), next.click()]);
    await page.waitForFunction(() => (window as unknown as RevealWindow).Reveal?.isReady());
    await expect(page.locator('.reveal .slides > section').first()).toBeAttached();

    const prev = page.locator('nav.ld-deck-nav a[rel=prev]');
    await expect(prev).toHaveCount(1);
    await Promise.all([page.waitForURL((url) => url.pathname === `/${first.page}`), prev.click()]);
    await page.waitForFunction(() => (window as unknown as RevealWindow).Reveal?.isReady());

    // Both navigations were real page loads that succeeded (the guard also fails on any 4xx/5xx).
    const documents = problems.requests.filter((url) => url.endsWith('.html'));
    expect(documents.map((url) => new URL(url).pathname)).toEqual([`/${first.page}`, `/${second.page}`, `/${first.page}`]);
  });
});

for (const deck of DECKS) {
  test.describe(deck.file, () => {
    test('loads from the index with zero errors and only local requests; slide count matches the index', async ({ page, siteUrl, problems }) => {
      const entry = await deckFromIndex(page, siteUrl, deck);
      await openDeck(page, entry.href);
      const total = await page.evaluate(() => (window as unknown as RevealWindow).Reveal.getTotalSlides());
      expect(total).toBeGreaterThan(0);
      expect(entry.slideCount, `slide count on the index for ${deck.page}`).toBe(total);
      // The page really loaded its scripts and styles from the local server.
      expect(problems.requests.some((url) => /\/assets\/[^/]+\.js$/.test(url))).toBe(true);
      expect(problems.requests.some((url) => /\/assets\/[^/]+\.css$/.test(url))).toBe(true);
      // Give late requests (fonts, images, lazy chunks) a chance to show up for the guard.
      await page.waitForLoadState('networkidle');
    });

    test('keyboard walks every slide', async ({ page, siteUrl }) => {
      await openDeck(page, `${siteUrl}/${deck.page}`);
      const total = await page.evaluate(() => (window as unknown as RevealWindow).Reveal.getTotalSlides());
      expect(await revealIndices(page)).toMatchObject({ h: 0, v: 0 });

      if (total > 1) {
        // ArrowRight moves horizontally.
        await page.keyboard.press('ArrowRight');
        expect((await revealIndices(page)).h).toBe(1);
        await page.evaluate(() => (window as unknown as RevealWindow).Reveal.slide(0, 0));
        expect(await revealIndices(page)).toMatchObject({ h: 0, v: 0 });
      }

      // Space is reveal's "next": it also enters vertical stacks and steps through fragments.
      const state = (): Promise<{ h: number; v: number; f: number; last: boolean }> =>
        page.evaluate(() => {
          const reveal = (window as unknown as RevealWindow).Reveal;
          const i = reveal.getIndices();
          return { h: i.h, v: i.v ?? 0, f: i.f ?? -1, last: reveal.isLastSlide() };
        });
      let slideSteps = 0;
      let fragmentSteps = 0;
      const seen = new Set<string>();
      let before = await state();
      seen.add(`${before.h}/${before.v}`);
      const limit = total * 4 + 20;
      for (let press = 0; press < limit && !before.last; press++) {
        await page.keyboard.press('Space');
        const after = await state();
        expect({ ...after, last: 0 }, `Space on slide ${before.h}/${before.v} (fragment ${before.f}) changed the indices`).not.toEqual({ ...before, last: 0 });
        if (after.h !== before.h || after.v !== before.v) {
          slideSteps++;
          const key = `${after.h}/${after.v}`;
          expect(seen.has(key), `slide ${key} visited only once (no going backwards)`).toBe(false);
          seen.add(key);
        } else {
          fragmentSteps++;
        }
        before = after;
      }
      expect(before.last, 'reached the last slide').toBe(true);
      expect(slideSteps, `slide steps (plus ${fragmentSteps} fragment steps)`).toBe(total - 1);
      expect(seen.size).toBe(total);
    });

    test('every diagram is a visible SVG with nonzero size on its slide', async ({ page, siteUrl }) => {
      await openDeck(page, `${siteUrl}/${deck.page}`);
      const slidesWithDiagrams = await page.evaluate(() => {
        const reveal = (window as unknown as RevealWindow).Reveal;
        return [...document.querySelectorAll('.reveal .slides figure.diagram')].map((figure) => {
          const slide = figure.closest('section')!;
          const i = reveal.getIndices(slide);
          return { h: i.h, v: i.v ?? 0, hasSvg: !!figure.querySelector('svg') };
        });
      });
      test.skip(slidesWithDiagrams.length === 0, 'deck has no diagrams');
      expect(slidesWithDiagrams.every((d) => d.hasSvg), 'every figure.diagram contains an <svg>').toBe(true);

      for (const { h, v } of slidesWithDiagrams) {
        await page.evaluate(([hh, vv]) => (window as unknown as RevealWindow).Reveal.slide(hh!, vv!), [h, v]);
        await expect.poll(() => revealIndices(page)).toMatchObject({ h, v });
        const sizes = await page.evaluate(() => {
          const current = (window as unknown as RevealWindow).Reveal.getCurrentSlide();
          return [...current.querySelectorAll('figure.diagram')].map((figure) => {
            const svg = figure.querySelector('svg')!;
            const rect = svg.getBoundingClientRect();
            const style = getComputedStyle(svg);
            return { width: rect.width, height: rect.height, visibility: style.visibility, display: style.display };
          });
        });
        expect(sizes.length, `diagrams on slide ${h}/${v}`).toBeGreaterThan(0);
        for (const size of sizes) {
          expect(size.width, `diagram width on slide ${h}/${v}`).toBeGreaterThan(0);
          expect(size.height, `diagram height on slide ${h}/${v}`).toBeGreaterThan(0);
          expect(size.display).not.toBe('none');
          expect(size.visibility).toBe('visible');
        }
      }
    });

    test('every code block is highlighted by shiki with coloured tokens', async ({ page, siteUrl }) => {
      await openDeck(page, `${siteUrl}/${deck.page}`);
      const blocks = await page.evaluate(() =>
        [...document.querySelectorAll('.reveal .slides pre')].map((pre) => {
          const base = getComputedStyle(pre).color;
          const colours = new Set([...pre.querySelectorAll('code span')].map((span) => getComputedStyle(span).color));
          return {
            shiki: pre.classList.contains('shiki'),
            lang: pre.getAttribute('data-lang'),
            base,
            differs: [...colours].some((c) => c !== base),
            start: (pre.textContent ?? '').trim().slice(0, 60),
          };
        }),
      );
      test.skip(blocks.length === 0, 'deck has no code blocks');
      expect(blocks.filter((b) => !b.shiki).map((b) => b.start), '<pre> elements that are not pre.shiki').toEqual([]);
      expect(blocks.some((b) => b.differs), `some token span has a colour other than its <pre>'s base colour (${blocks[0]!.base})`).toBe(true);
    });

    if (deck.kind === 'lesson') {
      test('has speaker notes that are not visible on the slide', async ({ page, siteUrl }) => {
        await openDeck(page, `${siteUrl}/${deck.page}`);
        const withNotes = await page.evaluate(() => {
          const reveal = (window as unknown as RevealWindow).Reveal;
          return [...document.querySelectorAll('.reveal .slides section')]
            .filter((s) => s.querySelector(':scope > aside.notes'))
            .map((s) => {
              const i = reveal.getIndices(s);
              return { h: i.h, v: i.v ?? 0 };
            });
        });
        expect(withNotes.length, 'slides with aside.notes').toBeGreaterThan(0);

        // Check the first, a middle and the last slide with notes while they are the current slide.
        const picks = [...new Set([0, Math.floor(withNotes.length / 2), withNotes.length - 1])].map((n) => withNotes[n]!);
        for (const { h, v } of picks) {
          await page.evaluate(([hh, vv]) => (window as unknown as RevealWindow).Reveal.slide(hh!, vv!), [h, v]);
          await expect.poll(() => revealIndices(page)).toMatchObject({ h, v });
          const current = page.locator('.reveal .slides section.present:not(.stack)');
          await expect(current).toBeVisible();
          const notes = current.locator(':scope > aside.notes');
          await expect(notes).toHaveCount(1);
          await expect(notes).toBeHidden();
          const noteText = ((await notes.textContent()) ?? '').replace(/\s+/g, ' ').trim();
          expect(noteText.length, 'notes have text').toBeGreaterThan(0);
          // Not rendered at all: no layout box, and not part of the slide's rendered text.
          expect(await notes.boundingBox(), 'notes have no layout box').toBeNull();
          const visibleText = (await current.innerText()).replace(/\s+/g, ' ');
          const longestParagraph = (await notes.locator('p').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()).sort((a, b) => b.length - a.length)[0] ?? noteText;
          expect(visibleText, 'visible slide text does not include the notes').not.toContain(longestParagraph);
          expect(await notes.evaluate((el) => el.checkVisibility())).toBe(false);
        }
      });
    }
  });
}

test.describe('slide-first deck', () => {
  const slideFirst = DECKS.find((d) => d.kind === 'slide-first');

  test('one horizontal slide per top-level --- separator, YAML with --- stays in one slide', async ({ page, siteUrl }) => {
    expect(slideFirst, 'the course has a slide-first deck').toBeDefined();
    const markdown = readCourseFile(COURSE_ROOT, slideFirst!.file);
    const separators = countSlideSeparators(markdown);
    expect(separators, 'top-level --- separators').toBeGreaterThan(0);
    expect(countSeparatorsInFences(markdown), '--- lines inside fenced code (the YAML case)').toBeGreaterThan(0);

    await openDeck(page, `${siteUrl}/${slideFirst!.page}`);
    const horizontal = await page.evaluate(() => (window as unknown as RevealWindow).Reveal.getHorizontalSlides().length);
    expect(horizontal).toBe(separators + 1);
    expect(await page.locator('.reveal .slides > section').count()).toBe(separators + 1);

    // Each fenced block with a '---' line (the YAML one) is rendered whole, in one slide:
    // a <pre> holds the lines right before and right after its '---'.
    const blocksWithSeparator = fencedBlocks(markdown).filter((b) => b.lines.some((l) => l.trimEnd() === '---'));
    expect(blocksWithSeparator.length).toBeGreaterThan(0);
    expect(blocksWithSeparator.some((b) => /^ya?ml\b/i.test(b.info)), 'one of them is a YAML block').toBe(true);
    for (const block of blocksWithSeparator) {
      const at = block.lines.findIndex((l) => l.trimEnd() === '---');
      const before = block.lines.slice(0, at).filter((l) => l.trim()).at(-1)!.trim();
      const after = block.lines.slice(at + 1).find((l) => l.trim())!.trim();
      const found = await page.evaluate(
        ([b, a]) =>
          [...document.querySelectorAll('.reveal .slides pre')]
            .filter((pre) => {
              const lines = (pre.textContent ?? '').split('\n').map((l) => l.trim());
              const i = lines.indexOf('---');
              return i > 0 && lines.slice(0, i).includes(b!) && lines.slice(i + 1).includes(a!);
            })
            .map((pre) => {
              const slide = pre.closest('section')!;
              return { leafSlide: !slide.querySelector('section'), slideIsHorizontal: slide.parentElement?.classList.contains('slides') ?? false };
            }),
        [before, after],
      );
      expect(found, `one <pre> contains "${before}", then ---, then "${after}"`).toHaveLength(1);
      expect(found[0]!.leafSlide).toBe(true);
    }
  });
});
