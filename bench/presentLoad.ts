/**
 * `present` under load: prints numbers, asserts nothing.
 *
 *   npm run bench:present-load [-- --followers 2000 --steps 100 --requests 20000 --src DIR]
 *
 * The present server runs in a child process (so its event loop and heap are
 * its own) on a two-page site; this process plays the clients:
 *   1. heapUsed after GC, before and after N requests with 8 KB URLs;
 *   2. event-loop delay (p50/p99/max) in the server while F WebSocket followers
 *      get a burst of S presenter steps, and the time until the last follower has the last step.
 * `--src` points at another checkout's `src/` (e.g. main) to compare before and after.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import WebSocket from 'ws';

const HERE = fileURLToPath(import.meta.url);
const SYNC_PATH = '/__lessondeck/sync';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

type ChildMessage = { port: number } | { heapUsed: number } | { p50: number; p99: number; max: number };

if (process.argv.includes('--child')) await runServer();
else await runClients();

/** The child: the present server, plus answers about its own heap and event loop. */
async function runServer(): Promise<void> {
  const src = path.resolve(arg('src', path.join(path.dirname(HERE), '..', 'src')));
  const { startPresentServer } = (await import(pathToFileURL(path.join(src, 'present', 'server.ts')).href)) as typeof import('../src/present/server.ts');
  const site = mkdtempSync(path.join(os.tmpdir(), 'lessondeck-load-'));
  mkdirSync(path.join(site, 'm'));
  writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>i</title>');
  writeFileSync(path.join(site, 'm', 'a.html'), '<!doctype html><title>a</title>');
  const server = await startPresentServer({ siteDir: site, token: 'bench-token', log: () => undefined, maxConnectionsPerAddress: 100_000 });
  const lag = monitorEventLoopDelay({ resolution: 5 });
  process.on('message', (message: string) => {
    if (message === 'heap') {
      globalThis.gc?.();
      globalThis.gc?.();
      process.send!({ heapUsed: process.memoryUsage().heapUsed });
    } else if (message === 'lag-start') {
      lag.reset();
      lag.enable();
    } else if (message === 'lag-stop') {
      lag.disable();
      process.send!({ p50: lag.percentile(50) / 1e6, p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 });
    } else if (message === 'exit') {
      void server.close().then(() => process.exit(0));
    }
  });
  process.send!({ port: server.port });
}

async function runClients(): Promise<void> {
  const followers = Number(arg('followers', '2000'));
  const steps = Number(arg('steps', '100'));
  const requests = Number(arg('requests', '20000'));
  const child = fork(HERE, ['--child', ...process.argv.slice(2)], { execArgv: ['--expose-gc', '--import', 'tsx'] });
  const next = (): Promise<ChildMessage> => new Promise((resolve) => child.once('message', (m: ChildMessage) => resolve(m)));
  const ask = async <T extends ChildMessage>(message: string): Promise<T> => {
    const answer = next();
    child.send(message);
    return (await answer) as T;
  };
  const { port } = (await next()) as { port: number };
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

  const before = await ask<{ heapUsed: number }>('heap');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const long = `/${'x'.repeat(8 * 1024)}`;
  for (let sent = 0; sent < requests; sent += 1000) {
    await Promise.all(Array.from({ length: Math.min(1000, requests - sent) }, (_, i) => new Promise<void>((resolve) => {
      http.get({ host: '127.0.0.1', port, path: `${long}${sent + i}`, agent }, (res) => res.resume().on('end', resolve)).on('error', () => resolve());
    })));
  }
  agent.destroy();
  const after = await ask<{ heapUsed: number }>('heap');
  console.log(`1. server heap after GC: ${mb(before.heapUsed)} before, ${mb(after.heapUsed)} after ${requests} requests with 8 KB URLs (+${mb(after.heapUsed - before.heapUsed)})`);

  const url = `ws://127.0.0.1:${port}${SYNC_PATH}`;
  const open = (token?: string) => new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => {
      ws.send(JSON.stringify({ type: 'hello', ...(token ? { token } : {}) }));
      ws.once('message', () => resolve(ws));
    });
    ws.once('error', reject);
  });
  const clients: WebSocket[] = [];
  for (let i = 0; i < followers; i += 100) clients.push(...(await Promise.all(Array.from({ length: Math.min(100, followers - i) }, () => open()))));
  const presenter = await open('bench-token');
  let lastSeen = 0;
  const allHaveLast = new Promise<void>((resolve) => {
    for (const ws of clients) {
      ws.on('message', (data: Buffer) => {
        if ((JSON.parse(data.toString()) as { state?: { h: number } }).state?.h === steps && ++lastSeen === clients.length) resolve();
      });
    }
  });
  child.send('lag-start');
  const started = performance.now();
  for (let h = 1; h <= steps; h++) presenter.send(JSON.stringify({ type: 'state', state: { deck: '/m/a.html', h, v: 0, f: -1 } }));
  await allHaveLast;
  const delivered = performance.now() - started;
  const lag = await ask<{ p50: number; p99: number; max: number }>('lag-stop');
  console.log(`2. ${followers} followers, burst of ${steps} steps: server event-loop delay p50 ${lag.p50.toFixed(1)} ms · p99 ${lag.p99.toFixed(1)} ms · max ${lag.max.toFixed(1)} ms; last follower had the last step after ${delivered.toFixed(0)} ms`);
  for (const ws of [...clients, presenter]) ws.terminate();
  child.send('exit');
}
