/**
 * `present` on a hostile network, with bounded memory: the request log is a
 * small ring however many (8 KB-URL) requests come; one address can hold only
 * so many sockets; half-open sockets are cut off by the header timeout; Host
 * and Origin are checked on HTTP and WebSocket (DNS rebinding); a presenter
 * cannot send followers off-site. Assertions are on counts, never on timing.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { isDeckPath, SYNC_PATH } from '../../src/present/protocol.ts';
import { startPresentServer, type PresentServer } from '../../src/present/server.ts';
import { LOGGED_URL_CHARS } from '../../src/serve/requestLog.ts';
import { hostName, isAllowedHost, isSameOrigin } from '../../src/serve/hostCheck.ts';
import { startStaticServer } from '../../src/serve/staticServer.ts';
import { tempCourse, type TempCourse } from './tempCourse.ts';

function get(port: number, pathname: string, headers: Record<string, string> = {}, agent?: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathname, headers, ...(agent ? { agent } : {}) }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
}

function openSocket(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.resume(); // read whatever the server says, so its close is seen
    socket.on('error', reject);
  });
}

/** Resolves when the server side has closed the socket. */
const closedByServer = (socket: net.Socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()));

function wsOutcome(url: string, headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => undefined);
  });
}

describe('present server limits', () => {
  let site: TempCourse;
  let server: PresentServer;

  beforeAll(async () => {
    site = await tempCourse({ 'index.html': '<!doctype html><title>i</title>', 'm/a.html': '<!doctype html><title>a</title>', '.lessondeck-build.json': '{"safe":true}' });
    server = await startPresentServer({ siteDir: site.root, token: 'secret-token', log: () => undefined });
  });
  afterAll(async () => {
    await server.close();
    await site.remove();
  });

  it('keeps a bounded request log through 2,000 requests with 8 KB URLs', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const long = `/${'x'.repeat(8 * 1024)}`;
    const statuses = await Promise.all(Array.from({ length: 2_000 }, (_, i) => get(server.port, `${long}${i}`, {}, agent)));
    agent.destroy();
    expect(new Set(statuses)).toEqual(new Set([404]));
    const log = server.requests;
    expect(log.total).toBeGreaterThanOrEqual(2_000);
    expect(log.size).toBeLessThanOrEqual(log.capacity);
    for (const entry of log.recent()) expect(entry.url.length).toBeLessThanOrEqual(LOGGED_URL_CHARS + 1);
  });

  it('never serves dotfiles (the build stamp)', async () => {
    expect(await get(server.port, '/.lessondeck-build.json')).toBe(404);
    expect(await get(server.port, '/m/a.html')).toBe(200);
  });

  it('checks Host and Origin on HTTP and WebSocket (DNS rebinding, cross-site pages)', async () => {
    expect(await get(server.port, '/m/a.html', { host: 'evil.example:4300' })).toBe(403);
    expect(await get(server.port, '/m/a.html', { host: `127.0.0.1:${server.port}`, origin: 'http://evil.example' })).toBe(403);
    expect(await get(server.port, '/m/a.html', { host: `localhost:${server.port}`, origin: `http://localhost:${server.port}` })).toBe(200);
    const ws = `ws://127.0.0.1:${server.port}${SYNC_PATH}`;
    expect(await wsOutcome(ws, { host: 'evil.example' })).toBe(401);
    expect(await wsOutcome(ws, { origin: 'http://evil.example' })).toBe(401);
    expect(await wsOutcome(ws, { origin: `http://127.0.0.1:${server.port}` })).toBe('open');
    expect(isAllowedHost('[::1]:80')).toBe(true);
    expect(isAllowedHost('slides.school.lan:4300')).toBe(false);
    expect(isAllowedHost('slides.school.lan:4300', ['Slides.School.lan'])).toBe(true);
    expect(isAllowedHost(undefined)).toBe(false);
    expect(hostName('A.Example:8080')).toBe('a.example');
    expect(isSameOrigin('null', 'x:1')).toBe(false);
  });

  it('fans a burst out to every follower without per-step work: each ends on the last step, never sent a stale one twice', async () => {
    const url = `ws://127.0.0.1:${server.port}${SYNC_PATH}`;
    const join = (token?: string) => new Promise<{ ws: WebSocket; got: { h: number }[] }>((resolve) => {
      const ws = new WebSocket(url);
      const got: { h: number }[] = [];
      ws.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { type: string; state?: { h: number } };
        if (message.type === 'welcome') resolve({ ws, got });
        if (message.type === 'state' && message.state) got.push(message.state);
      });
      ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', ...(token ? { token } : {}) })));
    });
    const followers = await Promise.all(Array.from({ length: 50 }, () => join()));
    const presenter = await join('secret-token');
    const steps = 40;
    const lastArrived = Promise.all(followers.map(({ ws, got }) => new Promise<void>((resolve) => {
      const check = () => (got.at(-1)?.h === steps ? resolve() : undefined);
      ws.on('message', check);
    })));
    for (let h = 1; h <= steps; h++) presenter.ws.send(JSON.stringify({ type: 'state', state: { deck: '/m/a.html', h, v: 0, f: -1 } }));
    await lastArrived;
    for (const { got } of followers) {
      expect(got.length).toBeLessThanOrEqual(steps);
      expect(got.map((s) => s.h)).toEqual([...got.map((s) => s.h)].sort((a, b) => a - b));
    }
    for (const { ws } of [...followers, presenter]) ws.terminate();
  });

  it('a presenter cannot send followers to another site', () => {
    expect(isDeckPath('//evil.example/index.html')).toBe(false);
    expect(isDeckPath('/m//x.html')).toBe(false);
    expect(isDeckPath('/m/a.html')).toBe(true);
  });
});

describe('slowloris', () => {
  let site: TempCourse;

  beforeAll(async () => {
    site = await tempCourse({ 'index.html': 'i' });
    await mkdir(path.join(site.root, 'm'), { recursive: true });
    await writeFile(path.join(site.root, 'm', 'a.html'), 'a');
  });
  afterAll(() => site.remove());

  it('caps sockets per address, and cuts off clients that never finish their headers', async () => {
    const server = await startStaticServer({ root: site.root, maxConnectionsPerAddress: 5, headersTimeout: 300 });
    const sockets: net.Socket[] = [];
    try {
      for (let i = 0; i < 5; i++) sockets.push(await openSocket(server.port));
      const extra = await openSocket(server.port);
      await closedByServer(extra);
      expect(server.connectionsFrom('127.0.0.1')).toBe(5);
      // Half-open: a request line and no end of headers. The header timeout closes each one.
      for (const s of sockets) s.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      await Promise.all(sockets.map(closedByServer));
      await new Promise((resolve) => setImmediate(resolve));
      expect(server.connectionsFrom('127.0.0.1')).toBe(0);
      expect(await get(server.port, '/m/a.html')).toBe(200);
    } finally {
      for (const s of sockets) s.destroy();
      await server.close();
    }
  });
});
