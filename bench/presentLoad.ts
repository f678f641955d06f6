/**
 * `present` under load: prints numbers, asserts nothing.
 *
 *   npm run bench:present-load [-- --followers 2000 --steps 100 --requests 20000 --src DIR]
 *                              [-- --one 1000 --two 5000 --rounds 30 --devices 2 --timeout 5000 --skip-basic --profile DIR --ws-followers]
 *
 * The present server runs in a child process (so its event loop and heap are
 * its own) on a two-page site; this process plays the clients:
 *   1. heapUsed after GC, before and after N requests with 8 KB URLs;
 *   2. event-loop delay (p50/p99/max) in the server while F WebSocket followers
 *      get a burst of S presenter steps, and the time until the last follower has the last step.
 *   3. the classroom: presenter action (a step, a pen stroke) → follower latency p50/p95,
 *      and answers per second the room absorbs (until the presenter's count has them all),
 *      with `--one` followers on one process, then `--two` followers over two processes
 *      sharing a redis-server on loopback (`present --redis`), the presenter on the first.
 *      Latency rounds are sequential (the next action once every follower has the last),
 *      so nothing is coalesced away. The followers live in `--devices` processes (default 2),
 *      as they would on separate devices, rather than all in this one. Each round has
 *      `--timeout` ms (default 5000): a follower that has not received the action by then is a
 *      lost delivery, counted and printed (never waited for), as are answers not counted in time.
 *      Also printed: CPU ms per round of each server and device process (where the time goes).
 *      The followers read their sockets with the bench's own frame reader (`rawFollower.ts`):
 *      real followers are browsers on their own devices, while here their work takes the
 *      servers' two cores; `--ws-followers` uses full `ws` clients instead.
 * `--src` points at another checkout's `src/` (e.g. main) to compare before and after.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { startRedis } from '../tests/support/redisServer.ts';
import { openRawFollower, type RawFollower } from './rawFollower.ts';

const HERE = fileURLToPath(import.meta.url);
const SYNC_PATH = '/__lessondeck/sync';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/** Every process this one forked: killed at the end if it has not stopped by itself. */
const children: ChildProcess[] = [];

type ChildMessage = { port: number } | { heapUsed: number } | { p50: number; p99: number; max: number };

if (process.argv.includes('--child')) await runServer();
else if (process.argv.includes('--devices') && process.send) await runDevices();
else {
  if (!process.argv.includes('--skip-basic')) await runClients();
  await runClassroom();
}

/** The child: the present server, plus answers about its own heap and event loop. */
async function runServer(): Promise<void> {
  const src = path.resolve(arg('src', path.join(path.dirname(HERE), '..', 'src')));
  const { startPresentServer } = (await import(pathToFileURL(path.join(src, 'present', 'server.ts')).href)) as typeof import('../src/present/server.ts');
  const site = mkdtempSync(path.join(os.tmpdir(), 'lessondeck-load-'));
  mkdirSync(path.join(site, 'm'));
  writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>i</title>');
  // The checkpoints the classroom part answers, as a built page has them (the server refuses others).
  writeFileSync(path.join(site, 'm', 'a.html'), `<!doctype html><title>a</title>${['cp-one', 'cp-two', 'cp-three'].map((id) => `<div data-ld-checkpoint="${id}"></div>`).join('')}`);
  const redis = process.argv.includes('--redis') ? arg('redis', '') : '';
  const server = await startPresentServer({ siteDir: site, token: 'bench-token', log: () => undefined, maxConnectionsPerAddress: 100_000, ...(redis ? { redis } : {}) });
  const lag = monitorEventLoopDelay({ resolution: 5 });
  process.on('message', (message: string) => {
    if (message === 'heap') {
      globalThis.gc?.();
      globalThis.gc?.();
      process.send!({ heapUsed: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss });
    } else if (message === 'lag-start') {
      lag.reset();
      lag.enable();
    } else if (message === 'lag-stop') {
      lag.disable();
      process.send!({ p50: lag.percentile(50) / 1e6, p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 });
    } else if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ cpu: (user + system) / 1000 });
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

interface Server {
  port: number;
  heap(): Promise<{ heapUsed: number; rss: number }>;
  /** CPU time (user + system, ms) the server process has used so far. */
  cpu(): Promise<number>;
  stop(): void;
}

async function startServer(extra: string[]): Promise<Server> {
  // `--profile DIR`: each server writes a V8 CPU profile there when it stops (where the fan-out's time goes).
  const profile = process.argv.includes('--profile') ? ['--cpu-prof', `--cpu-prof-dir=${arg('profile', '.')}`] : [];
  const child = fork(HERE, ['--child', ...extra], { execArgv: ['--expose-gc', ...profile, '--import', 'tsx'] });
  children.push(child);
  const next = <T>(): Promise<T> => new Promise((resolve) => child.once('message', (m: T) => resolve(m)));
  const { port } = await next<{ port: number }>();
  return {
    port,
    heap: () => {
      const answer = next<{ heapUsed: number; rss: number }>();
      child.send('heap');
      return answer;
    },
    cpu: async () => {
      const answer = next<{ cpu: number }>();
      child.send('cpu');
      return (await answer).cpu;
    },
    stop: () => child.send('exit'),
  };
}

type Received = (message: Record<string, unknown>) => void;

/** A WebSocket client that said hello (as the presenter with the token, else as a follower with a browser id). */
function connect(port: number, hello: Record<string, unknown>, onMessage: Received): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${SYNC_PATH}`);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', ...hello })));
    let welcomed = false;
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if (!welcomed && message.type === 'welcome') {
        welcomed = true;
        resolve(ws);
      } else onMessage(message);
    });
    ws.once('error', reject);
  });
}

/**
 * A follower as the device processes hold it, welcomed after its hello: a raw-socket WebSocket
 * (`rawFollower.ts`, about a third less CPU per message on the cores the servers also use), or
 * with `--ws-followers` a full `ws` client, to compare.
 */
function connectFollower(port: number, hello: Record<string, unknown>, onMessage: Received): Promise<RawFollower> {
  if (process.argv.includes('--ws-followers')) {
    return connect(port, hello, onMessage).then((ws) => ({
      send: (text) => ws.send(text),
      terminate: () => ws.terminate(),
      onClose: (listener) => void ws.once('close', listener),
    }));
  }
  return new Promise((resolve, reject) => {
    let welcomed = false;
    let follower: RawFollower | undefined;
    openRawFollower(port, SYNC_PATH, (text) => {
      const message = JSON.parse(text) as Record<string, unknown>;
      if (!welcomed && message.type === 'welcome') {
        welcomed = true;
        resolve(follower!);
      } else onMessage(message);
    }).then((opened) => {
      follower = opened;
      opened.send(JSON.stringify({ type: 'hello', ...hello }));
    }, reject);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** What a device process reports: the receive times of `key` (all its followers', or those in time), and how many are missing. */
interface DeviceReport {
  key: string;
  times: number[];
  missing: number;
  /** Followers whose socket closed since they connected. */
  closed: number;
  cpu: number;
}

/**
 * A device process: holds a share of the followers (each its own WebSocket, as on its own phone)
 * and reports, per presenter action, the wall-clock time each of its followers received it.
 * The followers are spread over several such processes because one process reading 5,000
 * sockets in turn would make the last follower wait for the other 4,999 to be parsed: on real
 * devices that work happens in parallel. Times are `timeOrigin + now()`, one clock for all processes.
 * A key not yet received by every follower is reported as it stands when the parent says the
 * round's time is up (`settle`): the followers without it are missing, never waited for.
 */
async function runDevices(): Promise<void> {
  const clock = (): number => performance.timeOrigin + performance.now();
  const cpuMs = (): number => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const clients: RawFollower[] = [];
  let closed = 0;
  const received = new Map<string, number[]>();
  /** Keys already reported: a late delivery of one is not the start of a new key. */
  const settled = new Set<string>();
  const report = (key: string, times: number[], missing = clients.length - times.length): void => {
    settled.add(key);
    received.delete(key);
    process.send!({ key, times, missing, closed, cpu: cpuMs() } satisfies DeviceReport);
  };
  const onFollower: Received = (m) => {
    const key = m.type === 'state' ? `step:${(m.state as { h: number }).h}` : m.type === 'stroke' ? `pen:${String((m.stroke as { id: string }).id).slice(1)}` : '';
    if (!key || settled.has(key)) return;
    let times = received.get(key);
    if (!times) received.set(key, (times = []));
    times.push(clock());
    if (times.length === clients.length) report(key, times);
  };
  process.on('message', (command: { cmd: string; ports?: number[]; from?: number; count?: number; checkpoint?: string; key?: string }) => {
    if (command.cmd === 'connect') {
      void (async () => {
        const { ports, from, count } = command as Required<typeof command>;
        for (let i = 0; i < count; i += 200) {
          clients.push(...(await Promise.all(Array.from({ length: Math.min(200, count - i) }, (_, k) => {
            const n = from + i + k;
            return connectFollower(ports[n % ports.length]!, { client: `bench-follower-${n}` }, onFollower);
          }))));
        }
        for (const follower of clients) follower.onClose(() => closed++);
        report('connected', [], 0);
      })().catch((error: Error) => {
        console.error(`device: cannot connect a follower: ${error.message}`);
        process.exit(1);
      });
    } else if (command.cmd === 'settle') {
      if (!settled.has(command.key!)) report(command.key!, received.get(command.key!) ?? []);
    } else if (command.cmd === 'answer') {
      clients.forEach((follower, i) => follower.send(JSON.stringify({ type: 'answer', deck: '/m/a.html', checkpoint: command.checkpoint, choice: [i % 4] })));
    } else if (command.cmd === 'close') {
      for (const follower of clients) follower.terminate();
      process.exit(0);
    }
  });
  report('started', [], 0);
}

interface Round {
  times: number[];
  /** Followers that had not received it when the round's time was up. */
  lost: number;
  closed: number;
}

interface Devices {
  /** Every follower's receive time of `key`, once all have it or `timeoutMs` has passed (the rest are lost). */
  all(key: string, timeoutMs: number): Promise<Round>;
  send(command: Record<string, unknown>): void;
  /** CPU time (ms) used by each device process, as of its last report. */
  cpu(): number[];
}

async function startDevices(count: number, ports: number[], followers: number): Promise<Devices> {
  const devs = Array.from({ length: count }, () => fork(HERE, ['--devices', ...(process.argv.includes('--ws-followers') ? ['--ws-followers'] : [])], { execArgv: ['--import', 'tsx'] }));
  children.push(...devs);
  const cpu = devs.map(() => 0);
  const waiting = new Map<string, { left: number; round: Round; done: (round: Round) => void; timer: NodeJS.Timeout }>();
  const early = new Map<string, DeviceReport[]>();
  const deliver = (report: DeviceReport): void => {
    const wait = waiting.get(report.key);
    if (!wait) return void early.set(report.key, [...(early.get(report.key) ?? []), report]);
    wait.round.times.push(...report.times);
    wait.round.lost += report.missing;
    wait.round.closed += report.closed;
    if (--wait.left === 0) {
      clearTimeout(wait.timer);
      waiting.delete(report.key);
      wait.done(wait.round);
    }
  };
  devs.forEach((child, i) => {
    child.on('message', (m: DeviceReport) => {
      cpu[i] = m.cpu;
      deliver(m);
    });
    child.on('exit', (code) => {
      if (code !== 0) console.error(`   device process ${i + 1} exited with ${code}`);
    });
  });
  const devices: Devices = {
    all: (key, timeout) => new Promise((done) => {
      // Time is up: every device reports what it has; the followers still without it are lost.
      const timer = setTimeout(() => devs.forEach((c) => c.send({ cmd: 'settle', key })), timeout);
      waiting.set(key, { left: devs.length, round: { times: [], lost: 0, closed: 0 }, done, timer });
      for (const report of early.get(key) ?? []) deliver(report);
      early.delete(key);
    }),
    send: (command) => devs.forEach((c) => c.send(command)),
    cpu: () => [...cpu],
  };
  await devices.all('started', 60_000);
  const connected = devices.all('connected', 120_000);
  const share = Math.ceil(followers / count);
  devs.forEach((child, i) => child.send({ cmd: 'connect', ports, from: i * share, count: Math.max(0, Math.min(share, followers - i * share)) }));
  const { lost } = await connected;
  if (lost) throw new Error(`${lost} followers could not connect in time`);
  return devices;
}


async function runClassroom(): Promise<void> {
  const one = Number(arg('one', '1000'));
  const two = Number(arg('two', '5000'));
  const rounds = Number(arg('rounds', '30'));
  const deviceProcesses = Number(arg('devices', '2'));
  const timeoutMs = Number(arg('timeout', '5000'));
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const clock = (): number => performance.timeOrigin + performance.now();
  const cpuMs = (): number => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  console.log(`3. classroom (${rounds} sequential rounds per action, each given ${timeoutMs} ms; latency = presenter send → follower receive; followers in ${deviceProcesses} device processes, ${process.argv.includes('--ws-followers') ? 'ws clients' : 'raw-socket frame readers'})`);
  let totalLost = 0;

  const measure = async (label: string, servers: Server[], followers: number): Promise<void> => {
    const devices = await startDevices(deviceProcesses, servers.map((s) => s.port), followers);
    let tallyWait: { total: number; done: () => void } | undefined;
    let tallied = 0;
    const presenter = await connect(servers[0]!.port, { token: 'bench-token' }, (m) => {
      if (m.type !== 'tally' || !tallyWait) return;
      tallied = Object.values(m.counts as Record<string, number>).reduce((a, b) => a + b, 0);
      if (tallied >= tallyWait.total) tallyWait.done();
    });
    const latencies: Record<string, number[]> = { step: [], pen: [] };
    const lost: Record<string, number> = { step: 0, pen: 0 };
    let closed = 0;
    const act = async (kind: 'step' | 'pen', id: number): Promise<void> => {
      const arrived = devices.all(`${kind}:${id}`, timeoutMs);
      const t0 = clock();
      if (kind === 'step') presenter.send(JSON.stringify({ type: 'state', state: { deck: '/m/a.html', h: id, v: 0, f: -1 } }));
      // A few slides, so that any --rounds stays under the strokes one slide may hold.
      else presenter.send(JSON.stringify({ type: 'stroke', slide: { deck: '/m/a.html', h: Math.floor(id / 200), v: 0 }, stroke: { id: `s${id}`, color: 'red', points: [0.1, 0.2, 0.3, 0.4] } }));
      const round = await arrived;
      for (const at of round.times) latencies[kind]!.push(at - t0);
      lost[kind]! += round.lost;
      closed = Math.max(closed, round.closed);
    };
    const cpuBefore = { servers: await Promise.all(servers.map((s) => s.cpu())), devices: devices.cpu(), bench: cpuMs() };
    const roundsStarted = performance.now();
    for (let r = 1; r <= rounds; r++) await act('step', r);
    for (let r = 1; r <= rounds; r++) await act('pen', r);
    const roundsMs = performance.now() - roundsStarted;
    const perRound = (ms: number) => `${(ms / (2 * rounds)).toFixed(1)}`;
    const serversCpu = (await Promise.all(servers.map((s) => s.cpu()))).map((c, i) => perRound(c - cpuBefore.servers[i]!));
    const devicesCpu = devices.cpu().map((c, i) => perRound(c - cpuBefore.devices[i]!));
    for (const [kind, values] of Object.entries(latencies)) {
      values.sort((a, b) => a - b);
      console.log(`   ${label}: ${kind === 'step' ? 'slide step' : 'pen stroke'} → follower p50 ${percentile(values, 50).toFixed(1)} ms · p95 ${percentile(values, 95).toFixed(1)} ms · max ${(values.at(-1) ?? NaN).toFixed(1)} ms (${values.length} deliveries, ${lost[kind]} lost)`);
    }
    totalLost += lost.step! + lost.pen!;
    console.log(`   ${label}: per round ${perRound(roundsMs)} ms wall; CPU ms per round: servers ${serversCpu.join(' + ')}, devices ${devicesCpu.join(' + ')}, presenter ${perRound(cpuMs() - cpuBefore.bench)}${closed ? `; ${closed} follower sockets closed` : ''}`);
    // Answers: every follower answers three checkpoints; timed until the presenter's count has them all.
    const started = performance.now();
    let missing = 0;
    for (const checkpoint of ['cp-one', 'cp-two', 'cp-three']) {
      tallied = 0;
      const counted = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), Math.max(timeoutMs, followers * 2));
        tallyWait = { total: followers, done: () => (clearTimeout(timer), resolve(true)) };
      });
      devices.send({ cmd: 'answer', checkpoint });
      if (!(await counted)) missing += followers - tallied;
    }
    tallyWait = undefined;
    const seconds = (performance.now() - started) / 1000;
    const heaps = await Promise.all(servers.map((s) => s.heap()));
    console.log(`   ${label}: ${3 * followers - missing} answers counted in ${seconds.toFixed(2)} s → ${Math.round((3 * followers - missing) / seconds)} answers/s${missing ? ` (${missing} not counted in time)` : ''}; server heap after GC ${heaps.map((h) => mb(h.heapUsed)).join(' + ')}, rss ${heaps.map((h) => mb(h.rss)).join(' + ')}`);
    devices.send({ cmd: 'close' });
    presenter.terminate();
  };

  try {
    const single = await startServer([]);
    await measure(`${one} followers, 1 process`, [single], one);
    single.stop();

    const redis = await startRedis();
    try {
      const pair = [await startServer(['--redis', redis.url]), await startServer(['--redis', redis.url])];
      await measure(`${two} followers, 2 processes + Redis`, pair, two);
      pair.forEach((s) => s.stop());
    } finally {
      await redis.stop();
    }
    console.log(`   lost deliveries: ${totalLost}`);
  } catch (error) {
    console.error(`bench failed: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    // Never linger: a child that did not stop by itself goes now.
    setTimeout(() => {
      for (const child of children) if (child.exitCode === null) child.kill();
      process.exit();
    }, 1000);
  }
}
