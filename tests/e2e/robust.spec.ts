/**
 * Issue 5 end to end, on tests/fixtures/edge-course built with the real CLI
 * (`--safe`) and on `lessondeck dev` / `lessondeck preview` servers:
 * - a 60-item list becomes several slides that each fit; a 45-line Dockerfile
 *   is one walkthrough (not under 16 px) whose steps each fit their window;
 * - a diagram label or raw HTML cannot run script in the built deck;
 * - neither server serves a file outside the course or the build, whatever
 *   the spelling of `..`;
 * - the dev server survives a broken lesson, shows the error located in the
 *   page, and shows the deck again once the file is fixed.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { rawGet, REPO_ROOT, runCli, startCliServer, type CliServer } from '../support/cli.ts';
import { slideFitProblems } from '../support/fitWalk.ts';
import { startStaticServer, type StaticServer } from '../support/staticServer.ts';

const EDGE_COURSE = path.join(REPO_ROOT, 'tests/fixtures/edge-course');
const SECRET = 'ld-secret-7f3a: this file is outside the course';

let work = '';
let site = '';
let server: StaticServer | undefined;

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1280, height: 720 } });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  work = await mkdtemp(path.join(tmpdir(), 'ld-robust-'));
  site = path.join(work, 'site');
  await writeFile(path.join(work, 'secret.txt'), SECRET);
  const built = await runCli(['build', '--root', EDGE_COURSE, '--out', site, '--safe']);
  expect(built.code, built.stderr).toBe(0);
  server = await startStaticServer({ root: site });
});

test.afterAll(async () => {
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function openDeck(page: Page, pagePath: string): Promise<void> {
  await page.goto(`${server!.url}/${pagePath}`);
  await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
}

test('a 60-item list becomes several slides that each fit, every item kept in order', async ({ page }) => {
  await openDeck(page, 'module-01/lessons/01-long-list.html');
  const report = await slideFitProblems(page);
  expect(report.problems).toEqual([]);
  const parts = await page.locator('section[id^="release-checklist"]').evaluateAll((sections) => sections.map((s) => ({ title: s.querySelector('h2')?.textContent ?? '', items: Array.from(s.querySelectorAll('ol > li')).filter((li) => !li.closest('aside.notes')).map((li) => li.textContent ?? '') })));
  expect(parts.length).toBeGreaterThanOrEqual(3);
  parts.forEach((p, i) => expect(p.title).toContain(`(${i + 1}/${parts.length})`));
  const numbers = parts.flatMap((p) => p.items.map((t) => Number(/^Step (\d+):/.exec(t)?.[1])));
  expect(numbers).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  // The ordered list continues its numbering on each continuation slide.
  const starts = await page.locator('section[id^="release-checklist"] ol').evaluateAll((lists) => lists.filter((l) => !l.closest('aside.notes')).map((l) => (l as HTMLOListElement).start));
  expect(starts[0]).toBe(1);
  expect(starts.slice(1).every((s) => s > 1)).toBe(true);
});

test('a 45-line Dockerfile is one walkthrough at a readable size whose every step fits its window', async ({ page }) => {
  await openDeck(page, 'module-01/lessons/02-dockerfile.html');
  const report = await slideFitProblems(page);
  expect(report.problems).toEqual([]);
  const blocks = await page.locator('section pre.shiki').evaluateAll((pres) => pres.map((pre) => ({ size: parseFloat(getComputedStyle(pre).fontSize), lines: pre.querySelectorAll('.line').length, walkthrough: !!pre.closest('[data-ld-walkthrough]') })));
  expect(blocks).toHaveLength(1);
  expect(blocks[0]).toMatchObject({ lines: 45, walkthrough: true });
  expect(blocks[0]!.size).toBeGreaterThanOrEqual(16);
});

test('a diagram label or raw HTML cannot run script in the built deck (--safe)', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openDeck(page, 'module-01/lessons/03-hostile.html');
  await page.evaluate(() => {
    const reveal = (window as unknown as { Reveal: { getSlides(): Element[]; getIndices(s: Element): { h: number; v?: number }; slide(h: number, v?: number): void } }).Reveal;
    for (const s of reveal.getSlides()) reveal.slide(reveal.getIndices(s).h, reveal.getIndices(s).v ?? 0);
  });
  await page.waitForTimeout(300); // let any injected onerror handler fire (it never should)
  expect(await page.evaluate(() => (window as unknown as { __ldXss?: number }).__ldXss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  await expect(page.locator('figure.diagram svg')).toHaveCount(1);
  expect(await page.locator('figure.diagram img[onerror], figure.diagram script').count()).toBe(0);
  // --safe: the raw HTML is shown as text, nothing of it is markup.
  const raw = page.locator('section#raw-html');
  await expect(raw).toContainText('<script>window.__ldXss = 3</script>');
  expect(await raw.locator('script, img').count()).toBe(0);
  await expect(raw).toContainText('Text after the raw HTML stays.');
});

const TRAVERSALS = [
  '/../secret.txt',
  '/%2e%2e/secret.txt',
  '/%2E%2E%2Fsecret.txt',
  '/..%2fsecret.txt',
  '/%252e%252e/secret.txt',
  '/..%5csecret.txt',
  '/module-01/%2e%2e/%2e%2e/secret.txt',
  '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
];

function expectNothingLeaks(responses: { path: string; status: number; body: string }[]): void {
  for (const r of responses) {
    expect.soft(r.body, r.path).not.toContain(SECRET);
    expect.soft(r.body, r.path).not.toContain('root:x:0:0');
    expect.soft(r.body, r.path).not.toContain('"name": "lessondeck"');
    expect.soft(r.status, r.path).not.toBe(200);
  }
}

test('lessondeck preview serves nothing outside the build, encoded ".." included', async () => {
  const preview = await startCliServer(['preview', '--out', site]);
  try {
    const paths = [...TRAVERSALS, `/@fs${path.join(work, 'secret.txt')}`, `/@fs${path.join(REPO_ROOT, 'package.json')}`, '/../../package.json'];
    const responses = await Promise.all(paths.map(async (p) => ({ path: p, ...(await rawGet(preview.port, p)) })));
    expectNothingLeaks(responses);
    expect((await rawGet(preview.port, '/module-01/lessons/01-long-list.html')).status).toBe(200);
  } finally {
    await preview.stop();
  }
});

test.describe('lessondeck dev', () => {
  let dev: CliServer | undefined;
  let course = '';
  const lesson = 'module-01/lessons/01-long-list.md';

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    course = path.join(work, 'course');
    await cp(EDGE_COURSE, course, { recursive: true });
    dev = await startCliServer(['dev', '--root', course]);
  });
  test.afterAll(async () => {
    await dev?.stop();
  });

  test('serves nothing outside the course, encoded ".." included', async () => {
    const paths = [...TRAVERSALS, `/@fs${path.join(work, 'secret.txt')}`, `/@fs${path.join(REPO_ROOT, 'package.json')}`, '/@lessondeck/client/..%2f..%2f..%2fpackage.json'];
    const responses = await Promise.all(paths.map(async (p) => ({ path: p, ...(await rawGet(dev!.port, p)) })));
    expectNothingLeaks(responses);
  });

  test('keeps running on a broken lesson, shows the located error, recovers when it is fixed', async ({ page }) => {
    test.setTimeout(120_000);
    const url = `${dev!.url}/${lesson.replace(/\.md$/, '.html')}`;
    const file = path.join(course, lesson);
    const good = await readFile(file, 'utf8');
    // Vite also reloads the page by itself on save; a navigation it aborts is simply retried.
    const reloadUntil = async (check: () => Promise<boolean>) =>
      expect.poll(async () => (await page.goto(url).then(check, () => false)), { timeout: 60_000, intervals: [500, 1000, 2000] }).toBe(true);

    await page.goto(url);
    await expect(page.locator('section#release-checklist')).toBeAttached({ timeout: 60_000 });

    // Invalid front matter: the deck still renders, with the error and its file:line on top.
    await writeFile(file, `---\ntitle: [unclosed\n---\n${good}`);
    await reloadUntil(async () => (await page.locator('.ld-dev-diagnostics').count()) > 0);
    await expect(page.locator('.ld-dev-diagnostics')).toContainText(`${lesson}:`);
    await expect(page.locator('.ld-dev-diagnostics')).toContainText('(front-matter)');

    // A broken diagram: a located error box on its slide.
    await writeFile(file, `${good}\n## Broken\n\n\`\`\`mermaid\ngraph TD\n  A --> ]]] oops\n\`\`\`\n`);
    await reloadUntil(async () => (await page.locator('.diagram-error').count()) > 0);
    await expect(page.locator('.diagram-error-where')).toContainText(`${lesson}:`);
    await expect(page.locator('.ld-dev-diagnostics')).toContainText('(mermaid-syntax)');

    // Fixed: the deck is back, no banner, and the server never went down.
    await writeFile(file, good);
    await reloadUntil(async () => (await page.locator('.ld-dev-diagnostics, .diagram-error').count()) === 0);
    await expect(page.locator('section#release-checklist')).toBeAttached();
    expect(dev!.output()).not.toMatch(/exited|Unhandled/);
  });
});
