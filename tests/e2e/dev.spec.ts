/**
 * `lessondeck dev`: saving a lesson or a referenced .mmd diagram updates the
 * open deck without restarting the server.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO_ROOT, startCliServer, type CliServer } from '../support/cli.ts';

const LESSON = 'module-01/lessons/01-live.md';

let root = '';
let server: CliServer | undefined;
let baseUrl = '';

test.beforeAll(async () => {
  test.setTimeout(60_000);
  root = await mkdtemp(path.join(tmpdir(), 'lessondeck-dev-'));
  await cp(path.join(REPO_ROOT, 'tests/fixtures/live-course'), root, { recursive: true });
  server = await startCliServer(['dev', '--root', root]);
  baseUrl = server.url;
});

test.afterAll(async () => {
  await server?.stop();
  await rm(root, { recursive: true, force: true });
});

test('saving a lesson and a diagram reloads the open deck at the same slide', async ({ page }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${baseUrl}/${LESSON.replace(/\.md$/, '.html')}#/the-flow`);
  await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
  const current = page.locator('.reveal .slides section.present').last();
  await expect(current.locator('h2')).toHaveText('The flow');
  await expect(current.locator('figure.diagram svg')).toContainText('Source');

  // Edit the lesson: the heading changes; the page reloads by itself.
  const file = path.join(root, LESSON);
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.replace('Some words on the first slide.', 'Words changed while the server ran.'));
  await page.goto(`${baseUrl}/${LESSON.replace(/\.md$/, '.html')}#/intro`);
  await expect(page.locator('section#intro')).toContainText('Words changed while the server ran.', { timeout: 30_000 });
  // The reloaded page must be listening for hash changes before the next navigation.
  await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());

  // Edit the .mmd diagram referenced by the lesson: the SVG changes in place after the reload.
  await page.goto(`${baseUrl}/${LESSON.replace(/\.md$/, '.html')}#/the-flow`);
  await expect(page.locator('section#the-flow figure.diagram svg')).toContainText('Source');
  // A hash-only navigation: wait until reveal is on that slide, so the reload has it in the URL.
  await expect(page.locator('section#the-flow')).toHaveClass(/present/);
  await page.waitForURL(/#\/the-flow$/);
  const reloaded = page.waitForEvent('load', { timeout: 60_000 });
  await writeFile(path.join(root, 'module-01/diagrams/flow.mmd'), 'graph LR\n  A[Changed source] --> B[Target]\n');
  await reloaded;
  await expect(page.locator('section#the-flow figure.diagram svg')).toContainText('Changed source', { timeout: 30_000 });
  await expect(page.locator('section#the-flow')).toHaveClass(/present/);
  expect(errors).toEqual([]);
});
