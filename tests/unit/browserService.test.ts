/**
 * The shared browser: pages are offline except for the origins a caller allows
 * (enforced by Chromium through a black-hole proxy, not by intercepting
 * requests), and closing the service leaves no process or profile behind.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserService, proxyBypassRules } from '../../src/browser/browserService.ts';
import { removeStaleProfiles } from '../../src/browser/chromiumProcess.ts';

interface CountingServer {
  url: string;
  hits: () => number;
  close: () => Promise<void>;
}

async function countingServer(): Promise<CountingServer> {
  let hits = 0;
  const server: Server = createServer((_, res) => {
    hits++;
    res.setHeader('access-control-allow-origin', '*');
    res.end('hello');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What a page gets when it fetches `url`: 'loaded' or 'blocked'. */
function fetchFrom(page: Page, url: string): Promise<string> {
  return page.evaluate((u) => fetch(u).then(() => 'loaded', () => 'blocked'), url);
}

describe('BrowserService', () => {
  let allowed: CountingServer;
  let other: CountingServer;
  let service: BrowserService;

  beforeAll(async () => {
    [allowed, other] = await Promise.all([countingServer(), countingServer()]);
    service = await BrowserService.launch({ allowOrigins: [`${allowed.url}/deck.html`] });
  });

  afterAll(async () => {
    await service?.close();
    await Promise.all([allowed?.close(), other?.close()]);
  });

  it('turns allowed URLs into exact origins for the bypass list', () => {
    expect(proxyBypassRules(['http://127.0.0.1:4000/a/b.html?x', 'http://localhost:5173'])).toBe('http://127.0.0.1:4000,http://localhost:5173');
    expect(proxyBypassRules([])).toBe('');
  });

  it('lets every page load from the allowed origin and nothing else, another local port included', async () => {
    // The first page is the tab Chromium opened at start-up; the others get contexts of their own.
    const pages = [await service.newPage(), await service.newPage(), await service.newPage({ deviceScaleFactor: 2 })];
    try {
      for (const page of pages) {
        await page.goto(`${allowed.url}/deck.html`);
        expect(await fetchFrom(page, `${allowed.url}/other-file.json`)).toBe('loaded');
        expect(await fetchFrom(page, `${other.url}/`)).toBe('blocked');
        expect(await fetchFrom(page, other.url.replace('127.0.0.1', 'localhost'))).toBe('blocked');
        expect(await fetchFrom(page, 'http://example.com/')).toBe('blocked');
        expect(await page.evaluate((u) => new Promise((resolve) => {
          const socket = new WebSocket(u);
          socket.onopen = () => resolve('open');
          socket.onerror = () => resolve('blocked');
        }), `${other.url.replace('http', 'ws')}/`)).toBe('blocked');
      }
      expect(other.hits()).toBe(0);
      expect(allowed.hits()).toBeGreaterThanOrEqual(6);
    } finally {
      await Promise.all(pages.map((p) => p.close()));
    }
  });

  it('gives the start-up page the requested viewport', async () => {
    const fresh = await BrowserService.launch();
    try {
      const page = await fresh.newPage({ viewport: { width: 640, height: 480 } });
      expect(await page.evaluate(() => [window.innerWidth, window.innerHeight])).toEqual([640, 480]);
    } finally {
      await fresh.close();
    }
  });

  it('leaves no Chromium process and no profile folder after close', async () => {
    const short = await BrowserService.launch();
    const { pid, profile } = short.process;
    expect(pid).toBeGreaterThan(0);
    expect(existsSync(profile)).toBe(true);
    await short.close();
    expect(short.isConnected).toBe(false);
    expect(() => process.kill(pid!, 0)).toThrow();
    expect(existsSync(profile)).toBe(false);
  });
});

describe('temporary Chromium profiles', () => {
  it('removes the folders of lessondeck processes that are gone, and only those', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ld-profiles-'));
    try {
      const gone = spawnSync(process.execPath, ['-e', '0']).pid;
      const names = [`lessondeck-chromium-${gone}-aaaa`, `lessondeck-chromium-${process.pid}-bbbb`, `lessondeck-chromium-${process.ppid}-cccc`, 'something-else'];
      for (const name of names) await mkdir(path.join(dir, name, 'Default'), { recursive: true });
      expect(await removeStaleProfiles(dir)).toEqual([names[0]]);
      expect((await readdir(dir)).sort()).toEqual(names.slice(1).sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
