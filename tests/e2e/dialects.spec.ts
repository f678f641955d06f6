/**
 * Other tools' markdown, end to end (issue 11): tests/fixtures/dialect-course
 * — a Jekyll (just-the-docs) site with a root index.md, reveal-md, Slidev,
 * remark and Marp decks, GitHub / MkDocs / Docusaurus pages, a lesson with
 * `<style>` and `<script>`, and a GitHub document with `---` between its
 * sections — built with the real CLI and opened in Chromium:
 * - every deck builds and loads without errors;
 * - no slide shows another tool's markup as text;
 * - every note is in the speaker view at its slide, and on no slide;
 * - the course home is the course's own page; titles are headings, not nav labels;
 * - math is MathML; the `<style>` lesson is styled, its script never runs.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { REPO_ROOT, runCli, startCliServer } from '../support/cli.ts';
import { startStaticServer, type StaticServer } from '../support/staticServer.ts';

const COURSE = path.join(REPO_ROOT, 'tests/fixtures/dialect-course');

let work = '';
let site = '';
let server: StaticServer | undefined;
let buildOutput = '';

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1280, height: 720 } });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  work = await mkdtemp(path.join(tmpdir(), 'ld-dialects-'));
  site = path.join(work, 'site');
  const built = await runCli(['build', '--root', COURSE, '--out', site]);
  buildOutput = built.stdout + built.stderr;
  expect(built.code, buildOutput).toBe(0);
  server = await startStaticServer({ root: site });
});

test.afterAll(async () => {
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

interface SlideText {
  id: string;
  text: string;
  notes: string;
}

/** Opens a page and fails the test on any page error or console error. */
async function open(page: Page, pagePath: string): Promise<void> {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  const response = await page.goto(`${server!.url}/${pagePath}`);
  expect(response?.status()).toBe(200);
  if (pagePath !== 'index.html') await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
  expect(problems).toEqual([]);
}

/** What each slide shows (visible text, notes excluded) and its notes. */
function slideTexts(page: Page): Promise<SlideText[]> {
  return page.evaluate(() => {
    const reveal = (window as unknown as { Reveal: { getSlides(): HTMLElement[] } }).Reveal;
    return reveal.getSlides().map((slide) => {
      const copy = slide.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('aside.notes, pre, math, .ld-unrendered').forEach((n) => n.remove());
      return { id: slide.id, text: (copy.textContent ?? '').replace(/\s+/g, ' ').trim(), notes: (slide.querySelector(':scope > aside.notes')?.textContent ?? '').replace(/\s+/g, ' ').trim() };
    });
  });
}

const RAW_MARKERS: [string, RegExp][] = [
  ['GitHub alert', /\[![A-Z]+\]/],
  ['kramdown attribute list', /\{:\s*[.#\w]|\{:toc\}/],
  ['Liquid', /\{%|%\}|\{\{\s*(site|page)\./],
  ['MkDocs admonition', /(^|\s)(!!!|\?\?\?\+?)(\s|$)/],
  ['MkDocs tab', /===\s*"/],
  ['container fence', /(^|\s):::/],
  ['Slidev slot', /::(left|right|default)::/],
  ['Slidev click or component', /v-clicks?\b|<[A-Z]\w+/],
  ['reveal attribute comment', /\.(element|slide):/],
  ['slide front matter', /\blayout:\s*\w/],
  ['remark class', /\.[a-z][\w-]*\[/],
  ['Marp directive', /\b_?(class|paginate|backgroundColor):\s/],
  ['notes separator', /(^|\s)notes?:\s/i],
  ['math source', /\$\$|\\frac|\\cdot/],
  ['MDX', /import \w+ from|\{\/\*/],
];

async function decks(): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(path.join(site, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory() && entry.name !== 'assets') await walk(rel);
      else if (entry.name.endsWith('.html') && rel !== 'index.html') out.push(rel);
    }
  };
  await walk('');
  return out.sort();
}

test('every file builds into a deck that loads, and no slide shows another tool’s markup', async ({ page }) => {
  const pages = await decks();
  // 10 lessons, 3 module pages and the README beside index.md.
  expect(pages.length).toBe(14);
  const leaks: string[] = [];
  for (const deck of pages) {
    await open(page, deck);
    for (const slide of await slideTexts(page)) {
      for (const [what, pattern] of RAW_MARKERS) if (pattern.test(slide.text)) leaks.push(`${deck}#${slide.id}: ${what}: ${slide.text.slice(0, 120)}`);
    }
  }
  expect(leaks).toEqual([]);
});

/** Notes as their authors wrote them, per deck: each must be in the speaker view at its slide and on no slide. */
const NOTES: Record<string, string[]> = {
  'module-02/lessons/01-reveal-deck.html': ['Ask who has taken a service down', 'The surge setting decides', 'Readiness keeps traffic away', 'the comparison needs enough traffic'],
  'module-02/lessons/02-slidev-deck.html': ['Open with the story of the longest incident', 'one person holding two roles', 'Pause after each click', 'handing out the write-up template'],
  'module-02/lessons/03-remark-deck.html': ['no formulas until the second half', 'database connection pool runs out first'],
  'module-02/lessons/04-marp-deck.html': ['Ask how many people were paged', 'every month has a bad week'],
};

async function openSpeaker(context: BrowserContext, deck: string): Promise<Page> {
  const speaker = await context.newPage();
  await speaker.setViewportSize({ width: 1366, height: 768 });
  await open(speaker, `${deck}?speaker`);
  await expect(speaker.locator('body[data-ld-speaker="ready"]')).toBeAttached();
  return speaker;
}

for (const [deck, notes] of Object.entries(NOTES)) {
  test(`notes of ${path.basename(deck)} are in the speaker view, never on a slide`, async ({ page, context }) => {
    await open(page, deck);
    const slides = await slideTexts(page);
    const speaker = await openSpeaker(context, deck);
    for (const note of notes) {
      const at = slides.findIndex((s) => s.notes.includes(note));
      expect(at, `"${note}" is in some slide's notes`).toBeGreaterThanOrEqual(0);
      expect(slides.filter((s) => s.text.includes(note)).map((s) => s.id), `"${note}" on a slide`).toEqual([]);
      await page.evaluate((index) => {
        const reveal = (window as unknown as { Reveal: { getSlides(): HTMLElement[]; getIndices(s: HTMLElement): { h: number; v?: number }; slide(h: number, v?: number): void } }).Reveal;
        const i = reveal.getIndices(reveal.getSlides()[index]!);
        reveal.slide(i.h, i.v);
      }, at);
      await expect(speaker.locator('.ld-speaker-notes-body')).toContainText(note);
    }
  });
}

test('the Jekyll course: the home page is the course’s, titles are headings, kramdown and Liquid are read', async ({ page }) => {
  await open(page, 'index.html');
  await expect(page.locator('h1')).toHaveText('Running Services in Production');
  await expect(page.locator('.ld-course-home')).toContainText('Six weeks on keeping a small web service healthy');
  const cards = await page.locator('.ld-deck-link').allTextContents();
  expect(cards).toContain('Lesson 1.1: Watching What Your Service Does');
  expect(cards).toContain('Module 1: Observing Services');
  expect(cards.join('\n')).not.toMatch(/01 Observability|Home\b|Module 1$/);
  expect(cards, 'the README beside index.md is still a page of its own').toContain('Repository notes');
  // The home page's button points at the first lesson's deck.
  expect(await page.locator('.ld-course-home a.btn').getAttribute('href')).toBe('./module-01/lessons/01-observability.html');

  await open(page, 'module-01/lessons/01-observability.html');
  await expect(page.locator('.ld-footer-course')).toHaveText('Running Services in Production');
  const callout = page.locator('p.admonition-note');
  await expect(callout).toContainText('Start with metrics');
  expect(await callout.evaluate((el) => getComputedStyle(el, '::before').content)).toBe('"Note"');
  const links = await page.locator('section a:not(aside.notes a)').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(links).toContain('./02-alerting.html');
  expect(links.filter((l) => l === './02-alerting.html').length, 'the {% link %} and the permalink both reach the deck').toBe(2);
  await expect(page.locator('section#contents li:not(aside.notes li)')).toHaveText(['Three kinds of signal', 'Reading a dashboard']);
});

test('math is typeset as MathML at build time, no math code ships', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await open(page, 'module-01/lessons/02-alerting.html');
  const maths = page.locator('section math:not(aside.notes math)');
  expect(await maths.count()).toBe(3); // $a$, $n$ and the display formula; "$1000 per request" is a price
  const block = page.locator('section math[display="block"]').first();
  await page.evaluate(() => (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(1));
  const box = await block.boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(60);
  expect(box?.height ?? 0).toBeGreaterThan(15);
  expect(requests.filter((u) => /katex|mathjax|temml/i.test(u))).toEqual([]);
});

test('the <style> lesson: styled, its SVG style kept to the SVG, its script never run', async ({ page }) => {
  await open(page, 'module-03/lessons/01-styled-lesson.html');
  expect(buildOutput).toMatch(/01-styled-lesson\.md:13:1: warning: A <script> element was dropped/);
  await expect(page).not.toHaveTitle(/changed by a lesson script/);
  await page.evaluate(() => (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(1));
  expect(await page.locator('.status-green').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(21, 128, 61)');
  expect(await page.locator('section svg circle').first().evaluate((el) => getComputedStyle(el).strokeWidth)).toBe('2px');
  // The drawing's `circle` rule does not reach other circles of the page.
  const outside = await page.evaluate(() => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    const circle = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
    svg.append(circle);
    document.body.append(svg);
    return getComputedStyle(circle).strokeWidth;
  });
  expect(outside).toBe('1px');
});

test('a GitHub document with --- between its sections is read as a document', async ({ page }) => {
  await open(page, 'module-03/lessons/02-github-guide.html');
  const slides = await slideTexts(page);
  const titles = await page.locator('section h2').allTextContents();
  for (const section of ['Before you start', 'Checking service health', 'Rolling back', 'Writing it up']) expect(titles.some((t) => t.startsWith(section)), section).toBe(true);
  const subsections = await page.locator('section h3').allTextContents();
  expect(subsections.length).toBeGreaterThanOrEqual(16);
  // The title slide holds the title and little else (nothing packed under it).
  expect(slides[0]!.text.length).toBeLessThan(300);
  const check = await runCli(['check', '--root', COURSE]);
  expect(check.stdout + check.stderr).toMatch(/02-github-guide\.md:1:1: info: Read as a document .*mode: slides/);
});

test('Slidev: two columns side by side, clicks are fragments', async ({ page }) => {
  await open(page, 'module-02/lessons/02-slidev-deck.html');
  await page.evaluate(() => (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(1));
  const columns = await page.locator('section.present .ld-two-cols > .ld-col').evaluateAll((cols) => cols.map((c) => c.getBoundingClientRect().toJSON() as DOMRect));
  expect(columns).toHaveLength(2);
  expect(columns[1]!.left).toBeGreaterThan(columns[0]!.right - 1);
  expect(Math.abs(columns[1]!.top - columns[0]!.top)).toBeLessThan(2);
  expect(await page.locator('section li.fragment').count()).toBe(3);
  expect(await page.locator('section div.fragment').count()).toBe(1);
});

test('in dev, what cannot be rendered is a visible box on the slide naming file and line; in the build it is not', async ({ page }) => {
  test.setTimeout(120_000);
  const dev = await startCliServer(['dev', '--root', COURSE]);
  try {
    await page.goto(`${dev.url}/module-02/lessons/02-slidev-deck.html#/the-first-fifteen-minutes`);
    await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
    const box = page.locator('section.present .ld-unrendered');
    await expect(box).toBeVisible();
    await expect(box).toContainText('module-02/lessons/02-slidev-deck.md:46');
  } finally {
    await dev.stop();
  }
  await open(page, 'module-02/lessons/02-slidev-deck.html#/the-first-fifteen-minutes');
  await expect(page.locator('section.present .ld-unrendered')).toBeHidden();
  expect(buildOutput).toMatch(/02-slidev-deck\.md:46:1: warning: Component "Counter" cannot be rendered/);
});

test('a deck Vite cannot build is rebuilt with its raw HTML as text and a located error; the others build; --strict fails', async ({ page }) => {
  test.setTimeout(180_000);
  const root = await mkdtemp(path.join(tmpdir(), 'ld-vite-fail-'));
  try {
    await mkdir(path.join(root, 'module-01/lessons'), { recursive: true });
    await writeFile(path.join(root, 'README.md'), '# Two decks\n');
    await writeFile(path.join(root, 'module-01/lessons/01-bad.md'), '---\nlessondeck:\n  scripts: keep\n---\n# Kept script\n\n## A\n\n<script type="module" src="./not-there.js"></script>\n\nText.\n');
    await writeFile(path.join(root, 'module-01/lessons/02-fine.md'), '# Fine\n\n## B\n\n- still built\n');
    const built = await runCli(['build', '--root', root, '--out', path.join(root, 'site')]);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr, built.stderr).toMatch(/module-01\/lessons\/01-bad\.md:7:1: error: Vite could not build this deck's HTML \(Failed to resolve \.\/not-there\.js/);
    const local = await startStaticServer({ root: path.join(root, 'site') });
    try {
      await page.goto(`${local.url}/module-01/lessons/02-fine.html`);
      await expect(page.locator('section li:not(aside.notes li)')).toHaveText('still built');
      await page.goto(`${local.url}/module-01/lessons/01-bad.html`);
      await expect(page.locator('section#a')).toContainText('<script type="module" src="./not-there.js"></script>');
    } finally {
      await local.close();
    }
    const strict = await runCli(['build', '--root', root, '--out', path.join(root, 'strict'), '--strict']);
    expect(strict.code).not.toBe(0);
    expect(strict.stdout + strict.stderr).toMatch(/01-bad\.md:7:1: error: Vite could not build/);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
