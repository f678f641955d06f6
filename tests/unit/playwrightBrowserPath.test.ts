import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playwrightBrowserKey, playwrightBrowserPath } from '../../src/browser/playwrightBrowserPath.ts';

let dir: string;
let memo: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ld-pwpath-'));
  memo = path.join(dir, 'nested', 'playwright-browser.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("remembering where Playwright's Chromium lives", () => {
  it('asks playwright-core once, then answers from the memo', () => {
    let asked = 0;
    const ask = () => (asked++, '/cache/ms-playwright/chromium-1/chrome');
    expect(playwrightBrowserPath(memo, ask)).toBe('/cache/ms-playwright/chromium-1/chrome');
    expect(playwrightBrowserPath(memo, ask)).toBe('/cache/ms-playwright/chromium-1/chrome');
    expect(asked).toBe(1);
  });

  it('remembers "no such browser" too', () => {
    let asked = 0;
    const ask = () => (asked++, undefined);
    expect(playwrightBrowserPath(memo, ask)).toBeUndefined();
    expect(playwrightBrowserPath(memo, ask)).toBeUndefined();
    expect(asked).toBe(1);
  });

  it('asks again when the memo was made for another Playwright, home or browsers folder', async () => {
    playwrightBrowserPath(memo, () => '/old/chrome');
    const stored = JSON.parse(await readFile(memo, 'utf8')) as { key: string };
    expect(stored.key).toBe(playwrightBrowserKey());
    await writeFile(memo, JSON.stringify({ key: stored.key.replace(/^[^\n]+/, '0.0.1'), executablePath: '/old/chrome' }));
    expect(playwrightBrowserPath(memo, () => '/new/chrome')).toBe('/new/chrome');
    expect(playwrightBrowserKey({ PLAYWRIGHT_BROWSERS_PATH: '/elsewhere' })).not.toBe(playwrightBrowserKey({}));
  });

  it('asks again when the memo is unreadable', async () => {
    playwrightBrowserPath(memo, () => '/a/chrome');
    await writeFile(memo, '{not json');
    expect(playwrightBrowserPath(memo, () => '/b/chrome')).toBe('/b/chrome');
  });
});
