/**
 * Accessibility of the built course with axe-core, in every theme: the
 * index, the search dialog, and every slide of a deck of each kind. Each deck is
 * scanned once in the reading view (all slides in the DOM) with a viewport
 * tall enough to show the whole document — axe checks colour contrast only
 * for what is on screen — and the first deck once in the slides view on its
 * first slide (the slide chrome: controls, nav, footer, the same on every deck).
 *
 * The light theme uses the suite's site; the other themes use the themed site
 * global-setup.ts builds beside it (tests/support/themedSite.ts), in a
 * sub-folder of it, so one server (one origin) serves all.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { themeNames } from '../../src/render/themes.ts';
import { themedDecks, themedPage } from '../support/themedSite.ts';
import { courseDecks, decksOfEachKind, type CourseFile } from '../support/course.ts';
import { expect, openDeck, test } from '../support/fixtures.ts';
import { searchFor } from '../support/students.ts';
import { runBuild } from './global-setup.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const COURSE_ROOT = path.resolve(REPO_ROOT, process.env['LESSONDECK_E2E_COURSE'] ?? 'slides');
const DECKS = courseDecks(COURSE_ROOT);
const BLOCKING = new Set(['serious', 'critical']);
const THEMES = themeNames();
/**
 * The rules whose outcome depends on the theme's colours. The markup of a
 * deck is the same in every theme, so the first theme gets every rule and the
 * others these (still on every slide): a full scan of a whole deck is slow.
 */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'] as const;
const { lab: THEMED_LAB, stepped: STEPPED_DECK } = themedDecks(COURSE_ROOT);
/** The first deck with checkpoints or polls (their forms: choices, a short answer, the result line). */
const CHECKPOINT_DECK = DECKS.find((d) => /^> \*\*(Check|Poll):\*\*/m.test(readFileSync(path.join(COURSE_ROOT, d.file), 'utf8')));
/** Every rule, in the first theme: a deck of each kind (the others are made of the same blocks), code steps. */
const FULL_SCAN_DECKS = DECKS.filter((d) => decksOfEachKind(DECKS, 1).includes(d) || d === STEPPED_DECK);

/**
 * Left out of every scan: the drawing inside each diagram's SVG (its `<g>`
 * groups: a thousand nodes a deck). Axe cannot judge contrast inside an SVG
 * (it reports such text as incomplete) and assistive tech meets the drawing as
 * one image; the SVG itself, its role, name, `<title>`/`<desc>` and their ids
 * are still scanned. A third of the scan's time.
 */
const DIAGRAM_DRAWINGS = 'figure.diagram svg > g';

/** Serious and critical violations, one line each, for a readable failure. */
async function blockingViolations(page: Page, rules?: readonly string[]): Promise<string[]> {
  const builder = new AxeBuilder({ page }).exclude(DIAGRAM_DRAWINGS);
  if (rules) builder.withRules([...rules]);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => BLOCKING.has(v.impact ?? ''))
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.split('\n').slice(1).join(' ').trim()})` : ''}`).join('; ')}${v.nodes.length > 4 ? ` … ${v.nodes.length} nodes` : ''}`);
}

/** Makes the viewport as tall as the reading view, so every slide is on screen at once. */
async function showWholeDocument(page: Page, width: number): Promise<void> {
  for (let round = 0; round < 4; round++) {
    const { height, viewport } = await page.evaluate(() => ({ height: document.body.scrollHeight, viewport: window.innerHeight }));
    if (height <= viewport) return;
    await page.setViewportSize({ width, height });
    await page.waitForFunction((h) => window.innerHeight === h, height);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }
}

/** The site folder's theme when every page of it uses one theme (the suite's site is not built with --theme). */
function singleThemeOf(siteDir: string): string | undefined {
  const themes = new Set(['index.html', ...DECKS.map((d) => d.page)].map((page) => /data-theme="([^"]+)"/.exec(readFileSync(path.join(siteDir, page), 'utf8'))?.[1]));
  return themes.size === 1 ? [...themes][0] : undefined;
}

for (const theme of THEMES) {
  const first = theme === THEMES[0];
  const rules = first ? undefined : COLOUR_RULES;
  const decks = first ? FULL_SCAN_DECKS : THEMED_LAB ? [THEMED_LAB] : [];
  test.describe(`${theme} theme`, () => {
    // The first theme: the suite's site, or a build of the course in it when the course has another theme.
    let base = '';
    /** A deck's page in this theme, relative to the suite's site. */
    const pageOf = (deck: CourseFile): string => (first ? `${base}${deck.page}` : themedPage(deck, theme));

    if (first) {
      test.describe.configure({ mode: 'default' });
      test.beforeAll(async () => {
        test.setTimeout(240_000);
        const siteDir = process.env['LESSONDECK_E2E_SITE_DIR']!;
        if (singleThemeOf(siteDir) === theme) return;
        base = `a11y-${theme}/`;
        if (!existsSync(path.join(siteDir, base, 'index.html'))) await runBuild(COURSE_ROOT, path.join(siteDir, base), ['--theme', theme]);
      });
      test.afterAll(() => {
        if (base) rmSync(path.join(process.env['LESSONDECK_E2E_SITE_DIR']!, base), { recursive: true, force: true });
      });
    }

    // The first theme's index test scans the index in every theme choice.
    if (theme === THEMES[0]) test('index and search dialog: no serious or critical violations', async ({ page, siteUrl }) => {
      await page.goto(`${siteUrl}/${base}index.html`);
      await expect(page.locator('html')).toHaveAttribute('data-course-theme', theme);
      // The index's own theme switch: scan it in this theme and, on the suite's site, in every theme it offers.
      const choices = base ? [theme] : THEMES;
      for (const choice of choices) {
        await page.getByLabel('Theme').selectOption(choice);
        await expect(page.locator('html')).toHaveAttribute('data-theme', choice);
        await page.waitForFunction((c) => [...document.styleSheets].some((s) => (s.ownerNode as HTMLElement | null)?.dataset?.['scheme'] === c && !s.disabled), choice);
        expect(await blockingViolations(page), `index.html in ${choice}`).toEqual([]);
      }
      await page.getByLabel('Theme').selectOption(theme);
      await searchFor(page, 'operator');
      await expect(page.locator('a.ld-search-result').first()).toBeVisible();
      expect(await blockingViolations(page), 'search dialog with results').toEqual([]);
    });

    test('code step-through: lines outside the current step keep their contrast', async ({ page, siteUrl }) => {
      const deck = STEPPED_DECK!;
      expect(deck, 'a deck with code steps in the sample course').toBeDefined();
      await openDeck(page, `${siteUrl}/${pageOf(deck)}`);
      const id = await page.evaluate(() => {
        const slide = document.querySelector('.reveal .slides section:not(:has(section)):has(pre.shiki.has-steps)')!;
        const reveal = (window as unknown as { Reveal: { getIndices(s: Element): { h: number; v?: number }; slide(h: number, v?: number): void } }).Reveal;
        const { h, v } = reveal.getIndices(slide);
        reveal.slide(h, v);
        return slide.id;
      });
      await expect(page.locator(`section#${id}`)).toHaveClass(/present/);
      const dimmed = page.locator(`section#${id} pre.shiki .line:not(.highlighted)`).first();
      await expect(dimmed).toBeVisible();
      // The dimmed line really is set apart from the lines in the step.
      const colours = await page.locator(`section#${id} pre.shiki`).first().evaluate((pre) => ({
        dim: [...new Set([...pre.querySelectorAll('.line:not(.highlighted) span')].map((s) => getComputedStyle(s).color))],
        lit: [...new Set([...pre.querySelectorAll('.line.highlighted span')].map((s) => getComputedStyle(s).color))],
      }));
      expect(colours.dim).toHaveLength(1); // one quiet colour
      expect(colours.lit.filter((c) => c !== colours.dim[0]).length).toBeGreaterThan(0); // the step keeps its colours
      const builder = new AxeBuilder({ page }).include(`section#${id}`).withRules(['color-contrast']);
      const violations = (await builder.analyze()).violations.filter((v) => BLOCKING.has(v.impact ?? ''));
      expect(violations.map((v) => `${v.id}: ${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
    });

    for (const [index, deck] of decks.entries()) {
      // The slides view adds the same chrome (controls, nav, footer) to every deck: scanned on the first deck;
      // every slide's own content is scanned in the reading view.
      const withChrome = index === 0;
      test(`${deck.page}: every slide (reading view)${withChrome ? ' and the slides view' : ''}`, async ({ page, siteUrl }) => {
        const url = `${siteUrl}/${pageOf(deck)}`;
        if (withChrome) {
          await openDeck(page, url);
          await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
          expect(await blockingViolations(page), `${deck.page}, first slide in the slides view`).toEqual([]);
          await page.goto('about:blank');
        }
        await openDeck(page, `${url}?view=scroll`);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await showWholeDocument(page, 1024);
        const slides = await page.locator('.scroll-page section').count();
        expect(slides).toBeGreaterThan(0);
        // Every slide is laid out inside the (tall) viewport, so axe sees all of them.
        const offscreen = await page.locator('.scroll-page').evaluateAll((pages) => pages.filter((p) => p.getBoundingClientRect().bottom > window.innerHeight + 1).length);
        expect(offscreen).toBe(0);
        expect(await blockingViolations(page, rules), `${deck.page}, all ${slides} slides in the reading view${rules ? ` (${rules.join(', ')})` : ''}`).toEqual([]);
      });
    }
  });
}

test('checkpoint and poll slides (their forms, before and after answering): no serious or critical violations', async ({ page, siteUrl }) => {
  expect(CHECKPOINT_DECK, 'a deck with checkpoints in the sample course').toBeDefined();
  await openDeck(page, `${siteUrl}/${CHECKPOINT_DECK!.page}?view=scroll`);
  await showWholeDocument(page, 1024);
  const forms = page.locator('.ld-checkpoint');
  expect(await forms.count()).toBeGreaterThan(1);
  const scan = async (): Promise<string[]> => {
    const results = await new AxeBuilder({ page }).include('.reveal section:has(.ld-checkpoint)').exclude(DIAGRAM_DRAWINGS).analyze();
    return results.violations.filter((v) => BLOCKING.has(v.impact ?? '')).map((v) => `${v.id}: ${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target.join(' ')}`);
  };
  expect(await scan(), 'unanswered').toEqual([]);
  // Answered: the result line (right or wrong, the explanation) is shown.
  const first = forms.filter({ has: page.locator('input[type="radio"], input[type="checkbox"]') }).first();
  await first.locator('input[type="radio"], input[type="checkbox"]').first().check();
  await first.locator('.ld-checkpoint-submit').click();
  await expect(first).toHaveAttribute('data-state', 'result');
  expect(await scan(), 'after an answer').toEqual([]);
});

test.describe('text alternatives and structure', () => {
  test('every slide has a heading; every diagram has a title and a description of its connections', async ({ page, siteUrl }) => {
    let diagrams = 0;
    for (const deck of DECKS) {
      await openDeck(page, `${siteUrl}/${deck.page}`);
      const report = await page.evaluate(() => {
        const leaves = [...document.querySelectorAll('.reveal .slides section')].filter((s) => !s.querySelector('section'));
        const textOf = (id: string | null) => (id ? id.split(/\s+/).map((ref) => document.getElementById(ref)?.textContent?.trim() ?? '').join(' ').trim() : '');
        const svgs = [...document.querySelectorAll('figure.diagram svg')];
        return {
          withoutHeading: leaves.filter((s) => !s.querySelector('h1, h2, h3, h4, h5, h6')).map((s) => s.id),
          diagrams: svgs.map((svg) => ({
            role: svg.getAttribute('role'),
            name: textOf(svg.getAttribute('aria-labelledby')),
            description: textOf(svg.getAttribute('aria-describedby')),
            kind: svg.getAttribute('aria-roledescription') ?? svg.querySelector('title')?.textContent ?? '',
          })),
        };
      });
      expect(report.withoutHeading, `slides without a heading in ${deck.page}`).toEqual([]);
      for (const d of report.diagrams) {
        expect(d.role).toBe('img');
        expect(d.name.length, `diagram name in ${deck.page}`).toBeGreaterThan(3);
        // Flowcharts, sequence and state diagrams describe their connections.
        if (/^(Flowchart|Sequence diagram|State diagram)/.test(d.name)) expect(d.description, `diagram "${d.name}" in ${deck.page}`).toContain('→');
      }
      diagrams += report.diagrams.length;
    }
    expect(diagrams).toBeGreaterThan(0);
  });
});
