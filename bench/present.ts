/**
 * Follow-mode benchmark: prints numbers, asserts nothing.
 *
 *   npm run bench:present [-- --site DIR --followers 50 --steps 200 --idle 200]
 *
 * Without --site the sample course is built first (into a temporary folder).
 * Measures, against the real present server (a child process on loopback):
 *   1. presenter → follower latency with N raw WebSocket followers: time from
 *      the presenter client sending a state to each follower receiving it
 *      (same process, same clock), median / p95 / max over every delivery,
 *      and the time until the last follower has it;
 *   2. keypress → slide change with real Chromium pages: a presenter page gets
 *      ArrowRight, a follower page records when reveal fires `slidechanged`
 *      (the N raw followers stay connected);
 *   3. server memory (RSS, heapUsed after GC) idle, and with M idle followers.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import WebSocket from 'ws';
import { CHROMIUM_ARGS } from '../src/browser/browserService.ts';
import { findBrowserExecutable } from '../src/browser/findBrowser.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DECK = '/module-07/lessons/03-high-availability.html';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const site = arg('site', '') ? path.resolve(REPO_ROOT, arg('site', '')) : buildSample();
const followerCount = Number(arg('followers', '50'));
const steps = Number(arg('steps', '200'));
const idleCount = Number(arg('idle', '200'));

function buildSample(): string {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'lessondeck-bench-present-')), 'site');
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'lessondeck.js'), 'build', '--root', path.join(REPO_ROOT, 'slides'), '--out', out], { stdio: 'inherit' });
  return out;
}

interface Memory {
  rss: number;
  heapUsed: number;
  clients: number;
}

function startServer(): Promise<{ child: ChildProcess; port: number; token: string; memory(): Promise<Memory> }> {
  const child = fork(path.join(REPO_ROOT, 'bench', 'presentServer.ts'), [site], { execArgv: ['--import', 'tsx', '--expose-gc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (first) => {
      const { port, token } = first as { port: number; token: string };
      const memory = (): Promise<Memory> =>
        new Promise((res) => {
          child.once('message', (m) => res(m as Memory));
          child.send('mem');
        });
      resolve({ child, port, token, memory });
    });
  });
}

function connect(port: number, hello: Record<string, unknown>, onState?: () => void): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/__lessondeck/sync`);
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type === 'welcome') resolve(ws);
      else if (message.type === 'state') onState?.();
    });
    ws.once('open', () => ws.send(JSON.stringify(hello)));
  });
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(2)} ms · p95 ${at(0.95).toFixed(2)} ms · max ${sorted.at(-1)!.toFixed(2)} ms (n=${sorted.length})`;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function rawLatency(port: number, token: string): Promise<WebSocket[]> {
  let sentAt = 0;
  let pending = 0;
  let allArrived: () => void = () => {};
  const deliveries: number[] = [];
  const lastArrivals: number[] = [];
  const followers = await Promise.all(
    Array.from({ length: followerCount }, () =>
      connect(port, { type: 'hello' }, () => {
        deliveries.push(performance.now() - sentAt);
        if (--pending === 0) allArrived();
      }),
    ),
  );
  const presenter = await connect(port, { type: 'hello', token });
  for (let i = 0; i < steps; i++) {
    const arrived = new Promise<void>((resolve) => (allArrived = resolve));
    pending = followerCount;
    sentAt = performance.now();
    presenter.send(JSON.stringify({ type: 'state', state: { deck: DECK, h: 1 + (i % 10), v: 0, f: -1, blank: false } }));
    await arrived;
    lastArrivals.push(performance.now() - sentAt);
  }
  console.log(`1. presenter → ${followerCount} raw followers, ${steps} steps`);
  console.log(`   per delivery:        ${stats(deliveries)}`);
  console.log(`   until all have it:   ${stats(lastArrivals)}`);
  presenter.close();
  return followers;
}

async function pageLatency(port: number, token: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: findBrowserExecutable(), args: [...CHROMIUM_ARGS] });
  try {
    const base = `http://127.0.0.1:${port}`;
    const presenter = await (await browser.newContext()).newPage();
    await presenter.goto(`${base}${DECK}?present=${token}`);
    const follower = await (await browser.newContext()).newPage();
    await follower.goto(`${base}/?follow`);
    await follower.waitForURL(`**${DECK}**`);
    await follower.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
    await follower.evaluate(() => {
      const w = window as unknown as { changes: number[]; Reveal: { on(t: string, l: () => void): void } };
      w.changes = [];
      w.Reveal.on('slidechanged', () => w.changes.push(Date.now()));
    });
    await presenter.waitForTimeout(300);
    const latencies: number[] = [];
    for (let i = 0; i < 30; i++) {
      const before = await follower.evaluate(() => (window as unknown as { changes: number[] }).changes.length);
      const pressedAt = Date.now();
      // Right, left, right…: always a real move, whatever the deck's length.
      await presenter.keyboard.press(i % 2 === 0 ? 'ArrowRight' : 'ArrowLeft');
      await follower.waitForFunction((n) => (window as unknown as { changes: number[] }).changes.length > n, before, { polling: 5 });
      const changedAt = await follower.evaluate(() => (window as unknown as { changes: number[] }).changes.at(-1)!);
      latencies.push(changedAt - pressedAt);
    }
    console.log(`2. keypress in a presenter page → slidechanged in a follower page (Chromium, ${followerCount} raw followers connected too)`);
    console.log(`   ${stats(latencies)}  (ms resolution: Date.now in both)`);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  if (!existsSync(path.join(site, 'index.html'))) {
    throw new Error(`No built site at ${site}. Build one: node bin/lessondeck.js build --root slides --out ${path.relative(REPO_ROOT, site)}`);
  }
  console.log(`present benchmark · site ${site} · node ${process.version} · load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
  const server = await startServer();
  try {
    const followers = await rawLatency(server.port, server.token);
    await pageLatency(server.port, server.token);
    followers.forEach((f) => f.close());
    await new Promise((r) => setTimeout(r, 300));

    const idle = await server.memory();
    const sockets = await Promise.all(Array.from({ length: idleCount }, () => connect(server.port, { type: 'hello' })));
    await new Promise((r) => setTimeout(r, 500));
    const loaded = await server.memory();
    console.log(`3. server memory (after GC)`);
    console.log(`   no clients:          RSS ${mb(idle.rss)} · heapUsed ${mb(idle.heapUsed)}`);
    console.log(`   ${loaded.clients} idle followers: RSS ${mb(loaded.rss)} · heapUsed ${mb(loaded.heapUsed)} · per follower ≈ ${((loaded.heapUsed - idle.heapUsed) / Math.max(1, loaded.clients) / 1024).toFixed(1)} KB heap, ${((loaded.rss - idle.rss) / Math.max(1, loaded.clients) / 1024).toFixed(1)} KB RSS`);
    sockets.forEach((s) => s.close());
  } finally {
    server.child.disconnect();
  }
}

await main();
