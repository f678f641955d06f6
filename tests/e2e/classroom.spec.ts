/**
 * A class run as an instructor would (issue 14): two `lessondeck present`
 * processes (the real CLI) share one real redis-server; the presenter's
 * speaker view is on process A, two followers on A and one on B, each in its
 * own browser context (its own device) of one Chromium. Checkpoint answers
 * are counted live and revealed, a reload counts once, lab steps are marked,
 * the pen draws at the same place of the slide on a follower of another
 * size, a follower's attempts to draw, reveal or clear are refused, and
 * killing process A (SIGKILL) and starting it again loses nothing. The
 * drawing the processes saved is then printed by `export --with-drawings`.
 * Uses the sample site global-setup built.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import { runCli } from '../support/cli.ts';
import { readPng } from '../support/png.ts';
import { freePort, startRedis, type RedisServer } from '../support/redisServer.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const LESSON = '/module-07/lessons/02-rbac-security.html';
const CHECKPOINT_SLIDE = 'check-the-operator-reconciles-databases-in-two-namespaces-only-which-bin';
const LAB = '/module-07/labs/lab-01-packaging-distribution.html';
const STEP_SLIDE = 'task-12-write-the-production-dockerfile';

interface Present {
  child: ChildProcess;
  base: string;
  presenterUrl: string;
  output: () => string;
}

const CLI = path.join(REPO_ROOT, 'bin', 'lessondeck.js');

function startPresent(site: string, port: number, redis: string, drawings: string): Promise<Present> {
  const child = spawn(process.execPath, [CLI, 'present', '--out', site, '--no-build', '--port', String(port), '--redis', redis, '--drawings', drawings], { cwd: REPO_ROOT });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const presenter = /(http:\/\/\S+\/\?present=\S+)/.exec(output)?.[1];
      if (presenter && output.includes('Ctrl+C')) resolve({ child, base: new URL(presenter).origin, presenterUrl: presenter, output: () => output });
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`present exited with ${code}:\n${output}`)));
  });
}

function kill(present: Present | undefined): Promise<void> {
  if (!present || present.child.exitCode !== null || present.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    present.child.once('exit', () => resolve());
    present.child.kill('SIGKILL');
  });
}

async function device(browser: Browser, errors: string[], viewport = { width: 1280, height: 720 }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  return page;
}

/** The checkpoint on the slide a page shows now. */
const checkpoint = (page: Page) => page.locator('.reveal section.present:not(.stack) .ld-checkpoint');

async function answer(page: Page, option: number): Promise<void> {
  await checkpoint(page).locator(`input[value="${option}"]`).check();
  await checkpoint(page).locator('.ld-checkpoint-submit').click();
  await expect(checkpoint(page)).toHaveAttribute('data-state', 'sent');
}

/** Where a page's stroke lies on its slide: the polyline's box as fractions of the slide box. */
function strokeOnSlide(page: Page, scope: string): Promise<{ x0: number; x1: number; y: number } | null> {
  return page.evaluate((sel) => {
    const line = document.querySelector('svg.ld-drawing polyline');
    const slides = document.querySelector(`${sel} .slides`);
    if (!line || !slides) return null;
    const l = line.getBoundingClientRect();
    const s = slides.getBoundingClientRect();
    return { x0: (l.left - s.left) / s.width, x1: (l.right - s.left) / s.width, y: (l.top + l.height / 2 - s.top) / s.height };
  }, scope);
}

test.describe('a class on two present processes sharing Redis', () => {
  // A control that cannot be clicked fails the step at once instead of waiting for the test's timeout.
  test.use({ actionTimeout: 10_000 });
  let redis: RedisServer;
  let a: Present | undefined;
  let b: Present | undefined;
  let site: string;
  let portA: number;
  let work: string;
  /** Where both processes save the pen's drawings (present --drawings). */
  let drawingsFile: string;

  test.beforeAll(async () => {
    site = process.env['LESSONDECK_E2E_SITE_DIR'] ?? '';
    if (!site) throw new Error('LESSONDECK_E2E_SITE_DIR is not set: run through playwright.config.ts');
    redis = await startRedis();
    work = await mkdtemp(path.join(os.tmpdir(), 'lessondeck-classroom-'));
    drawingsFile = path.join(work, 'drawings.json');
    [portA] = [await freePort()];
    [a, b] = await Promise.all([startPresent(site, portA, redis.url, drawingsFile), startPresent(site, await freePort(), redis.url, drawingsFile)]);
  });

  test.afterAll(async () => {
    await Promise.all([kill(a), kill(b)]);
    await redis?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** The drawings file as saved with the stroke on the checkpoint slide. */
  let drawnLesson = '';

  test('checkpoints, lab progress and the pen, live; followers cannot drive; a killed process loses nothing', async ({ browser }, testInfo) => {
    test.setTimeout(180_000);
    const errors: string[] = [];
    expect(new URL(b!.presenterUrl).searchParams.get('present'), 'both processes print the same presenter token').toBe(new URL(a!.presenterUrl).searchParams.get('present'));

    // The presenter opens the speaker view of the lesson on process A, at its first checkpoint.
    const speaker = await device(browser, errors, { width: 1366, height: 768 });
    await speaker.goto(a!.presenterUrl);
    await speaker.goto(`${a!.base}${LESSON}?speaker#/${CHECKPOINT_SLIDE}`);
    await expect(speaker.locator('body[data-ld-speaker="ready"]')).toBeAttached();
    await expect(speaker.locator('.ld-follow-status')).toHaveText('Presenting');
    const panel = speaker.locator('.ld-speaker-classroom');
    await expect(panel.locator('[data-ld="answered"]')).toHaveText('0');

    // Two followers on A, one on B (a smaller screen), all from the audience URL.
    const f1 = await device(browser, errors);
    const f2 = await device(browser, errors);
    const f3 = await device(browser, errors, { width: 900, height: 600 });
    await f1.goto(`${a!.base}/?follow`);
    await f2.goto(`${a!.base}/?follow`);
    await f3.goto(`${b!.base}/?follow`);
    for (const f of [f1, f2, f3]) await expect(checkpoint(f)).toBeVisible({ timeout: 15_000 });

    await test.step('answers are counted live in the speaker view, across both processes', async () => {
      await answer(f1, 1);
      await answer(f2, 0);
      await answer(f3, 1);
      await expect(panel.locator('[data-ld="answered"]')).toHaveText('3');
      await expect(panel.locator('[data-ld="right"]')).toHaveText('2');
      await expect(panel.locator('li[data-option="1"] output')).toHaveText('2');
      await expect(panel.locator('li[data-option="0"] output')).toHaveText('1');
    });

    await test.step('a follower who reloads and answers again is counted once', async () => {
      await f2.reload();
      await expect(checkpoint(f2)).toBeVisible({ timeout: 15_000 });
      await answer(f2, 2);
      await expect(panel.locator('li[data-option="2"] output')).toHaveText('1');
      await expect(panel.locator('li[data-option="0"] output')).toHaveText('0');
      await expect(panel.locator('[data-ld="answered"]')).toHaveText('3');
    });

    await test.step('reveal shows the result and the class answers to everyone', async () => {
      await panel.getByRole('button', { name: 'Reveal results' }).click();
      await expect(checkpoint(f1)).toHaveAttribute('data-result', 'right');
      await expect(checkpoint(f3)).toHaveAttribute('data-result', 'right');
      await expect(checkpoint(f2)).toHaveAttribute('data-result', 'wrong');
      await expect(checkpoint(f2).locator('.ld-checkpoint-result')).toContainText('3 answered, 2 right');
      await expect(checkpoint(f3).locator('li.ld-correct')).toHaveAttribute('data-option', '1');
      await expect(checkpoint(f3).locator('.ld-checkpoint-why')).toBeVisible();
      await expect(panel.getByRole('button', { name: 'Hide results' })).toBeVisible();
    });

    await test.step('a follower cannot draw, reveal or clear: the server refuses, and no pen opens', async () => {
      await f1.keyboard.press('d');
      await expect(f1.locator('.ld-pen-toolbar')).toBeHidden();
      const reasons = await f1.evaluate(async () => {
        const ws = new WebSocket(new URL('/__lessondeck/sync', location.href).href.replace('http', 'ws'));
        const got: string[] = [];
        await new Promise((resolve) => ws.addEventListener('open', resolve));
        const errorsSeen = new Promise<void>((resolve) => ws.addEventListener('message', (event) => {
          const m = JSON.parse(String(event.data)) as { type: string; reason?: string };
          if (m.type === 'error') got.push(m.reason ?? '');
          if (got.length === 3) resolve();
        }));
        ws.send(JSON.stringify({ type: 'hello', client: 'cheating-browser-01' }));
        const deck = location.pathname;
        ws.send(JSON.stringify({ type: 'stroke', slide: { deck, h: 0, v: 0 }, stroke: { id: 'x1', color: 'red', points: [0, 0, 1, 1] } }));
        ws.send(JSON.stringify({ type: 'reveal', deck, checkpoint: 'cp-anything', shown: true }));
        ws.send(JSON.stringify({ type: 'clear', deck }));
        await errorsSeen;
        ws.close();
        return got;
      });
      expect(reasons).toEqual(['only the presenter can draw', 'only the presenter can reveal results', 'only the presenter can clear results']);
    });

    await test.step('the pen: a stroke lands at the same place of the slide on a follower with another screen size', async () => {
      await speaker.keyboard.press('d');
      await expect(speaker.locator('.ld-pen-toolbar')).toBeVisible();
      const box = (await speaker.locator('.ld-speaker-current .slides').boundingBox())!;
      await speaker.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.6);
      await speaker.mouse.down();
      for (let i = 1; i <= 8; i++) await speaker.mouse.move(box.x + box.width * (0.3 + i * 0.05), box.y + box.height * 0.6);
      await speaker.mouse.up();
      await expect(f3.locator('svg.ld-drawing')).toHaveAttribute('data-strokes', '1');
      await expect.poll(async () => (await strokeOnSlide(f3, '.reveal'))?.x1 ?? 0).toBeGreaterThan(0.69);
      const onFollower = (await strokeOnSlide(f3, '.reveal'))!;
      const onSpeaker = (await strokeOnSlide(speaker, '.ld-speaker-current .reveal'))!;
      for (const where of [onFollower, onSpeaker]) {
        expect(where.x0).toBeCloseTo(0.3, 1);
        expect(where.x1).toBeCloseTo(0.7, 1);
        expect(where.y).toBeCloseTo(0.6, 1);
      }
      expect(Math.abs(onFollower.x0 - onSpeaker.x0)).toBeLessThan(0.01);
      expect(Math.abs(onFollower.y - onSpeaker.y)).toBeLessThan(0.01);
      await testInfo.attach('follower-with-stroke', { body: await f3.screenshot(), contentType: 'image/png' });
      // The processes save the drawing for export --with-drawings (kept before the undo below rewrites it).
      await expect.poll(async () => (await readFile(drawingsFile, 'utf8').catch(() => '')).includes(LESSON), { timeout: 15_000 }).toBe(true);
      drawnLesson = await readFile(drawingsFile, 'utf8');
      await speaker.keyboard.press('u');
      await expect(f3.locator('svg.ld-drawing')).toHaveAttribute('data-strokes', '0');
      await speaker.keyboard.press('Escape');
    });

    await test.step('lab steps: done and stuck counted per step in the speaker view', async () => {
      await speaker.goto(`${a!.base}${LAB}?speaker#/${STEP_SLIDE}`);
      await expect(speaker.locator('body[data-ld-speaker="ready"]')).toBeAttached();
      const bar = (page: Page) => page.locator('.ld-step-progress');
      for (const f of [f1, f2, f3]) await expect(bar(f)).toBeVisible({ timeout: 15_000 });
      await bar(f1).getByRole('button', { name: '✓ Done' }).click();
      await bar(f2).getByRole('button', { name: 'Stuck' }).click();
      await bar(f3).getByRole('button', { name: '✓ Done' }).click();
      const row = panel.locator('li[data-step="step-1-2"]');
      await expect(row.locator('output[data-done]')).toHaveAttribute('data-done', '2');
      await expect(row.locator('output[data-stuck]')).toHaveAttribute('data-stuck', '1');
    });

    await test.step('killing process A and starting it again loses nothing; both processes still act as one room', async () => {
      await kill(a);
      a = await startPresent(site, portA, redis.url, drawingsFile);
      // The speaker view and the followers on A reconnect by themselves; the counts come back from Redis.
      await expect(speaker.locator('.ld-follow-status')).toHaveText('Presenting', { timeout: 30_000 });
      const row = panel.locator('li[data-step="step-1-2"]');
      await expect(row.locator('output[data-done]')).toHaveAttribute('data-done', '2');
      await expect(row.locator('output[data-stuck]')).toHaveAttribute('data-stuck', '1');
      await expect(f1.locator('.ld-follow-status')).toHaveText('Following the presenter', { timeout: 30_000 });
      // f2 was stuck; now done, through the restarted process. f3 (on B) still follows the presenter on A.
      await f2.locator('.ld-step-progress').getByRole('button', { name: '✓ Done' }).click();
      await expect(row.locator('output[data-done]')).toHaveAttribute('data-done', '3');
      await expect(row.locator('output[data-stuck]')).toHaveAttribute('data-stuck', '0');
      await speaker.keyboard.press('ArrowRight');
      const at = await speaker.evaluate(() => (window as unknown as { Reveal: { getIndices(): { h: number; v?: number } } }).Reveal.getIndices());
      await expect.poll(() => f3.evaluate(() => (window as unknown as { Reveal: { getIndices(): { h: number; v?: number } } }).Reveal.getIndices())).toEqual(at);
    });

    await test.step('the presenter clears the lab: counts and every follower\'s marks go', async () => {
      await speaker.keyboard.press('ArrowLeft');
      await panel.getByRole('button', { name: 'Clear lab progress' }).click();
      const row = panel.locator('li[data-step="step-1-2"]');
      await expect(row.locator('output[data-done]')).toHaveAttribute('data-done', '0');
      await expect(f3.locator('.ld-step-progress')).toHaveAttribute('data-status', 'none');
    });

    await test.step('after class, export --with-drawings prints the saved stroke where it was drawn, on its slide only', async () => {
      const saved = path.join(work, 'saved-drawings.json');
      await writeFile(saved, drawnLesson);
      const out = path.join(work, 'export');
      const lesson = `slides${LESSON.replace(/\.html$/, '.md')}`;
      const result = await runCli(['export', lesson, '--root', process.env['LESSONDECK_E2E_COURSE'] ?? '', '--site', site, '--out', out, '--format', 'png,slides', '--scale', '0.5', '--with-drawings', saved]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const folder = path.join(out, LESSON.replace(/\.html$/, ''));
      const images = (await readdir(folder)).sort();
      // The stroke ran from 30 % to 70 % of the slide's width at 60 % of its height, in the pen's red (#e0245e).
      const isPenRed = (c: number): boolean => c >> 16 > 190 && ((c >> 8) & 0xff) < 90 && (c & 0xff) > 60 && (c & 0xff) < 140;
      const drawnOn: string[] = [];
      for (const name of images) {
        const png = readPng(await readFile(path.join(folder, name)));
        const y = png.height * 0.6;
        const onLine = [0.35, 0.5, 0.65].every((x) => [-1, 0, 1].some((dy) => isPenRed(png.colourAt(png.width * x, y + dy))));
        if (onLine) drawnOn.push(name);
      }
      expect(drawnOn, `one of ${images.length} slide images carries the stroke`).toHaveLength(1);
      // …the checkpoint's: the slides PDF's page of the same number asks its question (its pages are the PNGs' pages).
      const pageNumber = images.indexOf(drawnOn[0]!) + 1;
      const pageText = execFileSync('pdftotext', ['-f', String(pageNumber), '-l', String(pageNumber), `${folder}.pdf`, '-'], { encoding: 'utf8' });
      expect(pageText.replace(/\s+/g, ' ')).toContain('The operator reconciles databases in two namespaces only');
    });

    expect(errors).toEqual([]);
  });
});
