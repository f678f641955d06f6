/**
 * `lessondeck dev`: saving a lesson or a referenced .mmd diagram updates the
 * open deck without restarting the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const LESSON = 'module-01/lessons/01-live.md';

let root = '';
let server: ChildProcess | undefined;
let baseUrl = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

test.beforeAll(async () => {
  test.setTimeout(60_000);
  root = await mkdtemp(path.join(tmpdir(), 'lessondeck-dev-'));
  await cp(path.join(REPO, 'tests/fixtures/live-course'), root, { recursive: true });
  const port = await freePort();
  baseUrl = `http://localhost:${port}`;
  server = spawn(process.execPath, [path.join(REPO, 'bin/lessondeck.js'), 'dev', '--root', root, '--port', String(port)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      // Vite colours its URL; drop the ANSI escapes before looking for the port.
      output += chunk.toString().replace(/\u001b\[[0-9;]*m/g, '');
      if (output.includes(`:${port}`)) resolve();
    };
    server!.stdout!.on('data', onData);
    server!.stderr!.on('data', onData);
    server!.once('exit', (code) => reject(new Error(`dev server exited with ${code}:\n${output}`)));
  });
});

test.afterAll(async () => {
  server?.kill('SIGTERM');
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

  // Edit the .mmd diagram referenced by the lesson: the SVG changes in place after the reload.
  await page.goto(`${baseUrl}/${LESSON.replace(/\.md$/, '.html')}#/the-flow`);
  await expect(page.locator('section#the-flow figure.diagram svg')).toContainText('Source');
  const reloaded = page.waitForEvent('load', { timeout: 60_000 });
  await writeFile(path.join(root, 'module-01/diagrams/flow.mmd'), 'graph LR\n  A[Changed source] --> B[Target]\n');
  await reloaded;
  await expect(page.locator('section#the-flow figure.diagram svg')).toContainText('Changed source', { timeout: 30_000 });
  await expect(page.locator('section#the-flow')).toHaveClass(/present/);
  expect(errors).toEqual([]);
});
