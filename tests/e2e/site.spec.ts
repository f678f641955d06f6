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
import { courseDecks, countSeparatorsInFences, decksOfEachKind, countSlideSeparators, fencedBlocks, readCourseFile, type CourseFile } from '../support/course.ts';
import { expect, openDeck, test, type RevealWindow } from '../support/fixtures.ts';
import { documentOrder, stepKey, walkWithKey } from '../support/walk.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Same resolution as global-setup.ts, so the main process and the workers list the same tests.
const COURSE_ROOT = path.resolve(REPO_ROOT, process.env['LESSONDECK_E2E_COURSE'] ?? 'slides');
const DECKS: CourseFile[] = courseDecks(COURSE_ROOT);
/** Decks whose → walk runs here too; quality.spec.ts walks → through every deck. */
const WALKED_DECKS = decksOfEachKind(DECKS, 1);
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
  test(`has at least ${MIN_DIAGRAMS} diagrams rendered as SVG and no diagram errors`, async ({ page, siteUrl }) => {
    const entries = await readIndex(page, siteUrl);
    expect(entries.length).toBeGreaterThan(0);
    // Parse every deck the index links to (DOMParser: no scripts run; sizes are checked per deck).
    const perDeck = await page.evaluate(async (urls) => {
      const results = [];
      for (const url of urls) {
        const response = await fetch(url);
        const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
        const figures = [...doc.querySelectorAll('.reveal .slides figure.diagram')];
        results.push({
          url,
          status: response.status,
          figures: figures.length,
          withSvg: figures.filter((f) => f.querySelector('svg')).length,
          errors: [...doc.querySelectorAll('.diagram-error')].map((e) => (e.textContent ?? '').trim().slice(0, 200)),
        });
      }
      return results;
    }, entries.map((e) => e.href));
    for (const deck of perDeck) {
      expect(deck.status, deck.url).toBe(200);
      expect(deck.errors, `.diagram-error elements in ${deck.url}`).toEqual([]);
      expect(deck.withSvg, `figure.diagram elements with an <svg> in ${deck.url}`).toBe(deck.figures);
    }
    const total = perDeck.reduce((n, d) => n + d.withSvg, 0);
    console.log(`[e2e] ${total} diagrams in ${perDeck.length} decks`);
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

const PLAIN_LANGS = new Set(['', 'text', 'txt', 'plain', 'plaintext', 'ansi', 'console-output']);

/**
 * One test per deck (one page load: cheap on 2 cores), one step per acceptance
 * point. The guard fixture fails the test on any console error, page error,
 * foreign request or HTTP error seen while loading or walking the deck.
 */
for (const deck of DECKS) {
  test(`deck ${deck.file}`, async ({ page, siteUrl, problems }) => {
    const entry = await deckFromIndex(page, siteUrl, deck);
    const onIndex = problems.requests.length;
    await openDeck(page, entry.href);
    const goTo = async (h: number, v: number): Promise<void> => {
      await page.evaluate(([hh, vv]) => (window as unknown as RevealWindow).Reveal.slide(hh!, vv!), [h, v]);
      await expect.poll(() => revealIndices(page)).toMatchObject({ h, v });
    };
    const total = await page.evaluate(() => (window as unknown as RevealWindow).Reveal.getTotalSlides());

    await test.step('loads from the index link with only local requests; slide count as on the index', async () => {
      expect(total).toBeGreaterThan(0);
      expect(entry.slideCount, `slide count on the index for ${deck.page}`).toBe(total);
      // Give late requests (fonts, images) a chance to show up for the guard.
      await page.waitForLoadState('networkidle');
      const deckRequests = problems.requests.slice(onIndex);
      expect(deckRequests.some((url) => /\/assets\/[^/]+\.js$/.test(url)), 'deck loaded its JS from the server').toBe(true);
      expect(deckRequests.some((url) => /\/assets\/[^/]+\.css$/.test(url)), 'deck loaded its CSS from the server').toBe(true);
    });

    await test.step('every <pre> is pre.shiki, with coloured tokens', async () => {
      const blocks = await page.evaluate(() =>
        [...document.querySelectorAll('.reveal .slides pre')].map((pre) => {
          const base = getComputedStyle(pre).color;
          const colours = new Set([...pre.querySelectorAll('code span')].map((span) => getComputedStyle(span).color));
          return {
            shiki: pre.classList.contains('shiki'),
            lang: (pre.getAttribute('data-lang') ?? '').toLowerCase(),
            base,
            differs: [...colours].some((c) => c !== base),
            start: (pre.textContent ?? '').trim().slice(0, 60),
          };
        }),
      );
      expect(blocks.filter((b) => !b.shiki).map((b) => b.start), '<pre> elements that are not pre.shiki').toEqual([]);
      // Plain-text blocks have nothing to colour; a deck with real code must show colours.
      const code = blocks.filter((b) => !PLAIN_LANGS.has(b.lang));
      if (code.length > 0) {
        expect(code.some((b) => b.differs), `a token of some ${[...new Set(code.map((b) => b.lang))].join('/')} block is coloured differently from its <pre> (${code[0]!.base})`).toBe(true);
      }
    });

    if (WALKED_DECKS.includes(deck)) await test.step('→ alone walks every slide and fragment in document order', async () => {
      // Continuation parts and `###` slides are vertical in reveal's grid; → still reaches them (linear navigation).
      const order = await documentOrder(page);
      expect(order.length, 'steps of the deck').toBeGreaterThanOrEqual(total);
      expect(await revealIndices(page)).toMatchObject({ h: 0, v: 0 });
      const log = await walkWithKey(page, 'ArrowRight', order.length - 1);
      expect(log.map(stepKey), 'the deck after each press of →, against the document order').toEqual(order.slice(1).map(stepKey));
      expect(await page.evaluate(() => (window as unknown as RevealWindow).Reveal.isLastSlide()), 'Reveal.isLastSlide() after the walk').toBe(true);
      // ← walks back the same way, one step at a time.
      if (order.length > 2) {
        const back = await walkWithKey(page, 'ArrowLeft', 2);
        expect(back.map(stepKey), 'the deck after two presses of ←').toEqual(order.slice(-3, -1).reverse().map(stepKey));
      }
    });

    await test.step('every diagram is an SVG with nonzero size on its slide', async () => {
      const slidesWithDiagrams = await page.evaluate(() => {
        const reveal = (window as unknown as RevealWindow).Reveal;
        const bySlide = new Map<string, { h: number; v: number; svgs: number; figures: number }>();
        for (const figure of document.querySelectorAll('.reveal .slides figure.diagram')) {
          const i = reveal.getIndices(figure.closest('section')!);
          const key = `${i.h}/${i.v ?? 0}`;
          const entry = bySlide.get(key) ?? { h: i.h, v: i.v ?? 0, svgs: 0, figures: 0 };
          entry.figures++;
          if (figure.querySelector('svg')) entry.svgs++;
          bySlide.set(key, entry);
        }
        return [...bySlide.values()];
      });
      for (const { h, v, svgs, figures } of slidesWithDiagrams) {
        expect(svgs, `figure.diagram elements with an <svg> on slide ${h}/${v}`).toBe(figures);
        await goTo(h, v);
        const sizes = await page.evaluate(() =>
          [...(window as unknown as RevealWindow).Reveal.getCurrentSlide().querySelectorAll('figure.diagram svg')]
            .filter((svg) => !svg.parentElement?.closest('svg'))
            .map((svg) => {
              const rect = svg.getBoundingClientRect();
              return { width: rect.width, height: rect.height, rendered: svg.checkVisibility({ visibilityProperty: true }) };
            }),
        );
        expect(sizes, `diagrams on slide ${h}/${v}`).toHaveLength(figures);
        for (const size of sizes) {
          expect(size.width, `diagram width on slide ${h}/${v}`).toBeGreaterThan(0);
          expect(size.height, `diagram height on slide ${h}/${v}`).toBeGreaterThan(0);
          expect(size.rendered, `diagram on slide ${h}/${v} is rendered`).toBe(true);
        }
      }
    });

    await test.step('speaker notes exist (lessons) and are not visible on the slide', async () => {
      const withNotes = await page.evaluate(() => {
        const reveal = (window as unknown as RevealWindow).Reveal;
        // Slides with written notes: a script copied from the slide's own words is on the slide by design.
        return [...document.querySelectorAll('.reveal .slides section')]
          .filter((s) => s.querySelector(':scope > aside.notes') && !s.querySelector(':scope > aside.notes > .ld-notes-from-slide'))
          .map((s) => {
            const i = reveal.getIndices(s);
            return { h: i.h, v: i.v ?? 0 };
          });
      });
      if (deck.kind === 'lesson') expect(withNotes.length, 'slides with aside.notes in a lesson').toBeGreaterThan(0);
      if (withNotes.length === 0) return;

      // The first, a middle and the last slide with notes, each while it is the current slide.
      const picks = [...new Set([0, Math.floor(withNotes.length / 2), withNotes.length - 1])].map((n) => withNotes[n]!);
      for (const { h, v } of picks) {
        await goTo(h, v);
        const current = page.locator('.reveal .slides section.present:not(.stack)');
        await expect(current).toBeVisible();
        const notes = current.locator(':scope > aside.notes');
        await expect(notes).toHaveCount(1);
        await expect(notes).toBeHidden();
        expect(await notes.boundingBox(), 'notes have no layout box').toBeNull();
        expect(await notes.evaluate((el) => el.checkVisibility())).toBe(false);
        // Not part of the slide's rendered text either. (A slide may show the notes' first
        // sentence as its lead, so compare with the notes' longest paragraph.)
        const paragraphs = (await notes.locator('p').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
        const longest = paragraphs.sort((a, b) => b.length - a.length)[0] ?? ((await notes.textContent()) ?? '').replace(/\s+/g, ' ').trim();
        expect(longest.length, 'notes have text').toBeGreaterThan(0);
        const visibleText = (await current.innerText()).replace(/\s+/g, ' ');
        expect(visibleText, 'visible slide text does not include the notes').not.toContain(longest);
      }
    });
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
