/**
 * The classroom over real WebSockets: who may do what, answers counted once
 * per browser, rate limits; and `--redis`: two present servers on one real
 * redis-server act as one room, and a restarted one loses nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPresentServer, type PresentServer } from '../../src/present/server.ts';
import { createSyncHub } from '../../src/present/syncHub.ts';
import { choiceKey } from '../../src/present/classroomProtocol.ts';
import { startRedis, type RedisServer } from '../support/redisServer.ts';
import { syncClient, type Message, type SyncClient } from '../support/syncClient.ts';

const DECK = '/m/lessons/a.html';
const LAB = '/m/labs/lab.html';
const TOKEN = 'test-presenter-token-0123456789';
const slide = { deck: DECK, h: 1, v: 0 };
let site: string;
const logs: string[] = [];

beforeAll(() => {
  site = mkdtempSync(path.join(os.tmpdir(), 'ld-room-'));
  mkdirSync(path.join(site, 'm', 'lessons'), { recursive: true });
  mkdirSync(path.join(site, 'm', 'labs'), { recursive: true });
  writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>x</title>');
  // The checkpoints and steps the tests answer and mark, as a built page has them.
  const checkpoints = ['cp-a', 'cp-r', 'cp-v'].map((id) => `<div class="ld-checkpoint" data-ld-checkpoint="${id}"></div>`).join('');
  writeFileSync(path.join(site, 'm/lessons/a.html'), `<!doctype html><title>a</title>${checkpoints}`);
  writeFileSync(path.join(site, 'm/labs/lab.html'), `<!doctype html><title>lab</title>${['step-1', 'step-2'].map((id) => `<section data-ld-step="${id}"></section>`).join('')}`);
});
afterAll(() => rmSync(site, { recursive: true, force: true }));

const start = (extra: { redis?: string } = {}): Promise<PresentServer> => startPresentServer({ siteDir: site, port: 0, token: TOKEN, log: (line) => logs.push(line), ...extra });
const errorOf = (client: SyncClient, from: number): Promise<Message> => client.waitFor((m) => m.type === 'error', from);
const tally = (client: SyncClient, total: number, from = 0): Promise<Message> =>
  client.waitFor((m) => m.type === 'tally' && Object.values(m.counts as Record<string, number>).reduce((a, b) => a + b, 0) === total, from);

describe('one present server', () => {
  let server: PresentServer;
  const clients: SyncClient[] = [];
  const connect = async (hello: Record<string, unknown>): Promise<SyncClient> => {
    const c = await syncClient(server.url, hello);
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });

  it('lets a follower answer and mark progress only; drawing, pointing, revealing, clearing and moving are refused and logged', async () => {
    const presenter = await connect({ token: TOKEN });
    const follower = await connect({ client: 'follower-0000001' });
    const attempts = [
      [{ type: 'reveal', deck: DECK, checkpoint: 'cp-a', shown: true }, 'only the presenter can reveal results'],
      [{ type: 'clear', deck: LAB }, 'only the presenter can clear results'],
      [{ type: 'stroke', slide, stroke: { id: 's1', color: 'red', points: [0.1, 0.1] } }, 'only the presenter can draw'],
      [{ type: 'wipe', slide }, 'only the presenter can draw'],
      [{ type: 'undo', slide }, 'only the presenter can draw'],
      [{ type: 'laser', slide, point: [0.5, 0.5] }, 'only the presenter can point'],
      [{ type: 'state', state: { deck: DECK, h: 3, v: 0, f: -1 } }, 'only the presenter can move the deck'],
    ] as const;
    for (const [message, reason] of attempts) {
      const from = follower.messages.length;
      follower.send(message);
      expect((await errorOf(follower, from)).reason).toBe(reason);
    }
    // Nothing reached the presenter, and nothing was stored.
    expect(presenter.messages.filter((m) => m.type !== 'welcome')).toEqual([]);
    expect(server.hub.room.snapshot(true)).toEqual({ revealed: [], drawings: [], tallies: [], steps: [] });
    expect(logs.some((l) => l.includes('only the presenter can draw'))).toBe(true);
  });

  it('needs a browser id to count an answer, and refuses pages, checkpoints and steps the site does not have', async () => {
    const anonymous = await connect({});
    anonymous.send({ type: 'answer', deck: DECK, checkpoint: 'cp-a', choice: [0] });
    expect((await errorOf(anonymous, 1)).reason).toContain('needs a client id');
    const follower = await connect({ client: 'follower-0000002' });
    follower.send({ type: 'answer', deck: '/m/nope.html', checkpoint: 'cp-a', choice: [0] });
    expect((await errorOf(follower, 1)).reason).toContain('no such page');
    follower.send({ type: 'answer', deck: DECK, checkpoint: 'cp-made-up', choice: [0] });
    expect((await errorOf(follower, 2)).reason).toBe(`no checkpoint cp-made-up on ${DECK}`);
    follower.send({ type: 'progress', deck: LAB, step: 'step-99', status: 'done' });
    expect((await errorOf(follower, 3)).reason).toBe(`no step step-99 on ${LAB}`);
    expect(server.hub.room.counts(DECK, 'cp-made-up')).toEqual({});
  });

  it('counts a follower that reconnects once, and its changed answer instead of its first', async () => {
    const presenter = await connect({ token: TOKEN });
    let follower = await connect({ client: 'follower-reconnect' });
    const other = await connect({ client: 'follower-other-01' });
    follower.send({ type: 'answer', deck: DECK, checkpoint: 'cp-r', choice: [0] });
    other.send({ type: 'answer', deck: DECK, checkpoint: 'cp-r', choice: [1] });
    await tally(presenter, 2);
    await follower.close();
    follower = await connect({ client: 'follower-reconnect' });
    const from = presenter.messages.length;
    follower.send({ type: 'answer', deck: DECK, checkpoint: 'cp-r', choice: [1] });
    const after = await presenter.waitFor((m) => m.type === 'tally' && (m.counts as Record<string, number>)['c:1'] === 2, from);
    expect(after.counts).toEqual({ 'c:1': 2 });
  });

  it('reveals to everyone (with the counts), and clears a lab for everyone', async () => {
    const presenter = await connect({ token: TOKEN });
    const follower = await connect({ client: 'follower-0000003' });
    follower.send({ type: 'answer', deck: DECK, checkpoint: 'cp-v', choice: [2] });
    follower.send({ type: 'progress', deck: LAB, step: 'step-1', status: 'stuck' });
    await presenter.waitFor((m) => m.type === 'steps' && JSON.stringify(m.steps) === JSON.stringify({ 'step-1': { done: 0, stuck: 1 } }));
    await tally(presenter, 1);
    presenter.send({ type: 'reveal', deck: DECK, checkpoint: 'cp-v', shown: true });
    expect(await follower.waitFor((m) => m.type === 'reveal')).toMatchObject({ checkpoint: 'cp-v', shown: true, counts: { [choiceKey([2])]: 1 } });
    presenter.send({ type: 'clear', deck: LAB });
    expect(await follower.waitFor((m) => m.type === 'clear')).toEqual({ type: 'clear', deck: LAB });
    await presenter.waitFor((m) => m.type === 'steps' && JSON.stringify(m.steps) === '{}');
  });

  it('closes a connection that sends an oversized frame, and logs it', async () => {
    const follower = await connect({ client: 'follower-0000004' });
    follower.ws.send('x'.repeat(70 * 1024));
    expect(await follower.closed).toBe(1009);
    expect(logs.some((l) => /client #\d+: .*payload/i.test(l))).toBe(true);
  });
});

describe('rate limits', () => {
  it('drops what a follower sends beyond its burst, by a clock that does not move', async () => {
    const httpServer = http.createServer();
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const hub = createSyncHub(httpServer, { token: TOKEN, log: () => {}, now: () => 0, maxBadMessages: 1_000 });
    const follower = await syncClient(`http://127.0.0.1:${(httpServer.address() as { port: number }).port}`, { client: 'follower-flooding' });
    for (let i = 0; i < 40; i++) follower.send({ type: 'progress', deck: LAB, step: `step-${i}`, status: 'done' });
    await follower.waitFor((m) => m.type === 'error' && m.reason === 'too many messages: slow down');
    // The burst is 30 and the clock is frozen: 30 steps were counted, the other 10 dropped.
    expect(Object.keys(hub.room.steps(LAB))).toHaveLength(30);
    await follower.close();
    await hub.close();
    await new Promise<void>((resolve) => httpServer.close(() => resolve()));
  });
});

describe('present --redis: two processes, one room', () => {
  let redis: RedisServer;
  const servers: PresentServer[] = [];
  const clients: SyncClient[] = [];
  const connect = async (server: PresentServer, hello: Record<string, unknown>): Promise<SyncClient> => {
    const c = await syncClient(server.url, hello);
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(servers.map((s) => s.close()));
    await redis?.stop();
  });

  it('shares the token, the position, answers, lab progress and drawings; a restarted process rebuilds the room from Redis', async () => {
    const a = await startPresentServer({ siteDir: site, port: 0, redis: redis.url, log: (line) => logs.push(line) });
    const b = await startPresentServer({ siteDir: site, port: 0, redis: redis.url, log: (line) => logs.push(line) });
    servers.push(a, b);
    expect(b.token).toBe(a.token);

    const presenter = await connect(a, { token: a.token });
    const onA = await connect(a, { client: 'follower-on-a-001' });
    const onB = await connect(b, { client: 'follower-on-b-001' });
    const state = { deck: DECK, h: 1, v: 0, f: -1, blank: false };
    presenter.send({ type: 'state', state });
    expect((await onB.waitFor((m) => m.type === 'state')).state).toEqual(state);

    onA.send({ type: 'answer', deck: DECK, checkpoint: 'cp-a', choice: [1] });
    onB.send({ type: 'answer', deck: DECK, checkpoint: 'cp-a', choice: [1] });
    onB.send({ type: 'progress', deck: LAB, step: 'step-2', status: 'done' });
    expect((await tally(presenter, 2)).counts).toEqual({ 'c:1': 2 });
    await presenter.waitFor((m) => m.type === 'steps' && JSON.stringify(m.steps) === JSON.stringify({ 'step-2': { done: 1, stuck: 0 } }));

    presenter.send({ type: 'stroke', slide, stroke: { id: 's1', color: 'blue', points: [0.25, 0.5, 0.75, 0.5] } });
    expect((await onB.waitFor((m) => m.type === 'stroke')).stroke).toEqual({ id: 's1', color: 'blue', points: [0.25, 0.5, 0.75, 0.5] });
    presenter.send({ type: 'reveal', deck: DECK, checkpoint: 'cp-a', shown: true });
    expect(await onB.waitFor((m) => m.type === 'reveal')).toMatchObject({ shown: true, counts: { 'c:1': 2 } });

    // The process the presenter was on goes away; a new one on the same Redis has everything.
    await a.close();
    servers.splice(servers.indexOf(a), 1);
    const again = await startPresentServer({ siteDir: site, port: 0, redis: redis.url, log: (line) => logs.push(line) });
    servers.push(again);
    expect(again.token).toBe(a.token);
    const back = await connect(again, { token: a.token });
    const welcome = back.messages.find((m) => m.type === 'welcome')!;
    expect(welcome.state).toEqual(state);
    expect(welcome.room).toEqual({
      revealed: [{ deck: DECK, checkpoint: 'cp-a', counts: { 'c:1': 2 } }],
      drawings: [{ slide, strokes: [{ id: 's1', color: 'blue', points: [0.25, 0.5, 0.75, 0.5] }] }],
      tallies: [{ deck: DECK, checkpoint: 'cp-a', counts: { 'c:1': 2 } }],
      steps: [{ deck: LAB, steps: { 'step-2': { done: 1, stuck: 0 } } }],
    });
    // The follower on B re-answers (its browser id is the same): still two answers, not three.
    onB.send({ type: 'answer', deck: DECK, checkpoint: 'cp-a', choice: [0] });
    expect((await back.waitFor((m) => m.type === 'tally' && (m.counts as Record<string, number>)['c:0'] === 1)).counts).toEqual({ 'c:0': 1, 'c:1': 1 });
    // And the presenter on the new process still drives the follower on B.
    const moved = { ...state, h: 2 };
    const from = onB.messages.length;
    back.send({ type: 'state', state: moved });
    expect((await onB.waitFor((m) => m.type === 'state', from)).state).toEqual(moved);
  });
});
