/**
 * `lessondeck present` (issue 3): the real CLI serves the site built by
 * global-setup with follow mode; one presenter page and three follower pages,
 * each in its own browser context (like separate devices), plus raw WebSocket
 * clients that try to drive without the token or send garbage.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import WebSocket from 'ws';
import { expect, test, type RevealWindow } from '../support/fixtures.ts';
import { addWalkthroughSlides, goToSlide, walkthroughSlides, windowFacts } from '../support/walkthroughFixture.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DECK = '/module-07/lessons/03-high-availability.html';
const NEXT_DECK = '/module-07/lessons/04-performance-scalability.html';

interface Present {
  child: ChildProcess;
  output: () => string;
  base: string;
  presenterUrl: string;
  audienceUrl: string;
}

function startPresent(siteDir: string): Promise<Present> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'lessondeck.js'), 'present', '--out', siteDir, '--no-build', '--port', '0'], { cwd: REPO_ROOT });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`present did not start:\n${output}`)), 30_000);
    const check = (): void => {
      const presenter = /(http:\/\/\S+\/\?present=\S+)/.exec(output)?.[1];
      const audience = /(http:\/\/\S+\/\?follow)/.exec(output)?.[1];
      if (presenter && audience && output.includes('Ctrl+C')) {
        clearTimeout(timer);
        resolve({ child, output: () => output, base: new URL(audience).origin, presenterUrl: presenter, audienceUrl: audience });
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => reject(new Error(`present exited with ${code}:\n${output}`)));
  });
}

/** A page in its own browser context (its own device); collects its errors. */
async function devicePage(browser: Browser, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`${page.url()}: ${msg.text()}`);
  });
  return page;
}

interface Where {
  deck: string;
  h: number;
  v: number;
  f: number;
}

async function where(page: Page): Promise<Where | string | null> {
  return page.evaluate(() => {
    const reveal = (window as unknown as Partial<RevealWindow>).Reveal;
    if (!reveal?.isReady()) return `not ready: ${location.href}`;
    const i = reveal.getIndices();
    return { deck: location.pathname, h: i.h, v: i.v ?? 0, f: typeof i.f === 'number' ? i.f : -1 };
  }).catch(() => null);
}

/** A raw WebSocket client of the sync endpoint that records what the server says. */
async function rawClient(base: string): Promise<{ ws: WebSocket; messages: Record<string, unknown>[]; closed: Promise<number>; next(type: string): Promise<Record<string, unknown>> }> {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/__lessondeck/sync`);
  const messages: Record<string, unknown>[] = [];
  const waiters: { type: string; resolve: (m: Record<string, unknown>) => void }[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as Record<string, unknown>;
    messages.push(message);
    const i = waiters.findIndex((w) => w.type === message.type);
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(message);
  });
  ws.on('error', () => {});
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages, closed, next: (type) => new Promise((resolve) => waiters.push({ type, resolve })) };
}

/** GET with the path sent exactly as written (no URL normalisation). */
function rawGet(base: string, rawPath: string): Promise<number> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: rawPath, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

test.describe('lessondeck present', () => {
  let present: Present;

  test.beforeAll(async () => {
    const site = process.env['LESSONDECK_E2E_SITE_DIR'];
    if (!site) throw new Error('LESSONDECK_E2E_SITE_DIR is not set: run through playwright.config.ts');
    present = await startPresent(site);
  });

  test.afterAll(() => {
    present?.child.kill('SIGTERM');
  });

  test('prints the presenter URL with a token, the audience URL and a QR code; binds to 127.0.0.1; serves nothing outside the site', async () => {
    const out = present.output();
    expect(new URL(present.presenterUrl).hostname).toBe('127.0.0.1');
    expect(new URL(present.presenterUrl).searchParams.get('present')).toMatch(/^[\w-]{24,}$/);
    expect(out).toMatch(/[▀▄█]{5,}/);
    expect(await rawGet(present.base, DECK)).toBe(200);
    for (const attack of ['/../package.json', '/%2e%2e/%2e%2e/package.json', '/module-07/..%2f..%2fpackage.json', '/..%5c..%5cpackage.json', '/%2e%2e%2f%2e%2e%2fetc/passwd', '/module-07/%00.html']) {
      expect(await rawGet(present.base, attack), attack).toBe(404);
    }
  });

  test('followers follow the presenter; no one without the token can drive; garbage never crashes the server or moves anyone', async ({ browser }) => {
    test.setTimeout(90_000);
    const errors: string[] = [];
    const presenter = await devicePage(browser, errors);
    await presenter.goto(present.presenterUrl);
    await expect(presenter.locator('.ld-follow-status')).toHaveText('Presenting');
    expect(new URL(presenter.url()).searchParams.has('present'), 'token is removed from the address bar').toBe(false);
    await presenter.goto(`${present.base}${DECK}`);
    await expect(presenter.locator('.ld-follow-status')).toHaveText('Presenting');
    await presenter.keyboard.press('ArrowRight');
    await presenter.keyboard.press('ArrowRight');

    // Three followers open the audience URL (the course index) and land on the presenter's slide.
    const followers = await Promise.all([0, 1, 2].map(() => devicePage(browser, errors)));
    await Promise.all(followers.map((f) => f.goto(present.audienceUrl)));
    const expected = async (): Promise<Where | string | null> => where(presenter);
    for (const f of followers) await expect.poll(() => where(f), { timeout: 15_000 }).toEqual(await expected());
    await expect(followers[0]!.locator('.ld-follow-status')).toHaveText('Following the presenter');

    // Slide and fragment steps.
    await presenter.keyboard.press('ArrowDown');
    await presenter.keyboard.press('Space');
    await presenter.keyboard.press('ArrowRight');
    for (const f of followers) await expect.poll(() => where(f)).toEqual(await expected());
    // Blank.
    await presenter.keyboard.press('b');
    for (const f of followers) await expect.poll(() => f.evaluate(() => (window as unknown as { Reveal: { isPaused(): boolean } }).Reveal.isPaused())).toBe(true);
    await presenter.keyboard.press('b');
    for (const f of followers) await expect.poll(() => f.evaluate(() => (window as unknown as { Reveal: { isPaused(): boolean } }).Reveal.isPaused())).toBe(false);

    // A follower steps away: it stops following, the others do not notice, the presenter does not move.
    const away = followers[0]!;
    const presenterBefore = await expected();
    await away.keyboard.press('ArrowRight');
    await away.keyboard.press('ArrowRight');
    await expect(away.getByRole('button', { name: 'Follow presenter (F)' })).toBeVisible();
    const awayAt = await where(away);
    expect(awayAt).not.toEqual(presenterBefore);
    await presenter.keyboard.press('ArrowLeft');
    for (const f of followers.slice(1)) await expect.poll(() => where(f)).toEqual(await expected());
    expect(await expected()).not.toEqual(presenterBefore);
    expect(await where(away), 'the follower who stepped away stays where it went').toEqual(awayAt);
    // One key rejoins.
    await away.keyboard.press('f');
    await expect.poll(() => where(away)).toEqual(await expected());
    await expect(away.getByRole('button', { name: 'Follow presenter (F)' })).toBeHidden();

    // A raw client without the token: its moves are refused, nobody moves.
    const settled = (await expected()) as Where;
    const intruder = await rawClient(present.base);
    intruder.ws.send(JSON.stringify({ type: 'hello' }));
    expect(await intruder.next('welcome')).toMatchObject({ role: 'follower', state: { deck: DECK, h: settled!.h, v: settled!.v, f: settled!.f } });
    intruder.ws.send(JSON.stringify({ type: 'state', state: { deck: DECK, h: 0, v: 0, f: -1, blank: true } }));
    expect(await intruder.next('error')).toMatchObject({ reason: expect.stringContaining('only the presenter') });
    intruder.ws.send(JSON.stringify({ type: 'hello', token: 'guessed-token' }));
    expect(await intruder.next('welcome')).toMatchObject({ role: 'follower' });
    intruder.ws.send(JSON.stringify({ type: 'state', state: { deck: NEXT_DECK, h: 1, v: 0, f: -1 } }));
    expect(await intruder.next('error')).toMatchObject({ reason: expect.stringContaining('only the presenter') });

    // Garbage from another raw client: malformed JSON, unknown types, out-of-range values, then 10 MB.
    const vandal = await rawClient(present.base);
    const garbage = ['{not json', '[]', '42', '{"type":"nav","h":3}', '{"type":"state"}', JSON.stringify({ type: 'state', state: { deck: DECK, h: 1e9, v: 0, f: 0 } }), JSON.stringify({ type: 'state', state: { deck: '/../../etc/passwd', h: 1, v: 0, f: 0 } })];
    for (const text of garbage) {
      vandal.ws.send(text);
      expect(await vandal.next('error'), text).toHaveProperty('reason');
    }
    vandal.ws.send('x'.repeat(10 * 1024 * 1024));
    expect(await vandal.closed, 'oversized message closes that socket (1009: message too big)').toBe(1009);

    // The server is alive and answers, still at the presenter's position; no page moved.
    const check = await rawClient(present.base);
    check.ws.send(JSON.stringify({ type: 'hello' }));
    expect(await check.next('welcome')).toMatchObject({ state: { deck: DECK, h: settled!.h, v: settled!.v, f: settled!.f, blank: false } });
    expect(present.child.exitCode).toBeNull();
    for (const p of [presenter, ...followers]) expect(await where(p)).toEqual(settled);
    expect(present.output()).toContain('dropped a message');
    expect(present.output()).toMatch(/Max payload size exceeded|too big|1009/i);

    // The presenter still drives afterwards, also to another deck.
    await presenter.goto(`${present.base}${NEXT_DECK}#/1`);
    await expect.poll(() => where(presenter)).toMatchObject({ deck: NEXT_DECK, h: 1 });
    for (const f of followers) await expect.poll(() => where(f), { timeout: 15_000 }).toEqual(await expected());

    // A follower that reloads keeps following.
    await followers[1]!.reload();
    await presenter.keyboard.press('ArrowRight');
    await expect.poll(() => where(followers[1]!)).toEqual(await expected());

    for (const c of [intruder, check]) c.ws.close();
    expect(errors).toEqual([]);
    await Promise.all([presenter, ...followers].map((p) => p.context().close()));
  });

  test('a follower sees the code window at the presenter\'s step, and a diagram zoomed there stays local', async ({ browser }) => {
    const slides = await walkthroughSlides();
    const errors: string[] = [];
    // Each device gets the deck with walkthrough slides (tests/support/walkthroughFixture.ts).
    const device = async (): Promise<Page> => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });
      await addWalkthroughSlides(context, DECK, slides);
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
      return page;
    };
    const presenter = await device();
    await presenter.goto(present.presenterUrl);
    await expect(presenter.locator('.ld-follow-status')).toHaveText('Presenting');
    await presenter.goto(`${present.base}${DECK}`);
    await presenter.waitForFunction(() => (window as unknown as Partial<RevealWindow>).Reveal?.isReady());
    await expect(presenter.locator('.ld-follow-status')).toHaveText('Presenting');
    const follower = await device();
    await follower.goto(present.audienceUrl);
    await expect.poll(() => where(follower), { timeout: 15_000 }).toEqual(await where(presenter));

    const slide = slides[0]!;
    await goToSlide(presenter, slide.id);
    for (let step = 1; step < slide.steps.length; step++) {
      await presenter.keyboard.press('ArrowRight');
      const shown = await windowFacts(presenter, slide.id);
      await expect.poll(() => windowFacts(follower, slide.id).catch(() => null), { message: `step ${step + 1}` }).toEqual(shown);
    }

    // The follower zooms a diagram: the presenter does not move, the follower keeps following.
    await presenter.evaluate(() => (window as unknown as RevealWindow).Reveal.slide(0));
    const withDiagram = await presenter.evaluate(() => {
      const reveal = (window as unknown as RevealWindow).Reveal;
      const slide = document.querySelector('figure.diagram')?.closest('section');
      return slide ? reveal.getIndices(slide) : null;
    });
    expect(withDiagram).not.toBeNull();
    await presenter.evaluate(({ h, v }) => (window as unknown as RevealWindow).Reveal.slide(h, v ?? 0), withDiagram!);
    await expect.poll(() => where(follower)).toEqual(await where(presenter));
    const before = await where(presenter);
    await follower.keyboard.press('z');
    await expect(follower.getByRole('dialog')).toBeVisible();
    await follower.keyboard.press('+');
    await follower.keyboard.press('ArrowRight');
    await follower.keyboard.press('Escape');
    await expect(follower.getByRole('dialog')).toBeHidden();
    expect(await where(presenter)).toEqual(before);
    await expect(follower.locator('.ld-follow-status')).toHaveText('Following the presenter');
    await presenter.keyboard.press('ArrowRight');
    await expect.poll(() => where(follower)).toEqual(await where(presenter));

    expect(errors).toEqual([]);
    await Promise.all([presenter, follower].map((p) => p.context().close()));
  });
});
