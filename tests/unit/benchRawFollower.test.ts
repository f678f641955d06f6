/**
 * The load bench's followers read their sockets with a frame reader of their own (bench/rawFollower.ts).
 * Its numbers are only worth quoting if that reader gets every message a real client would: against
 * a real `ws` server, whole and in order whatever the length header, the characters or how TCP cuts
 * the bytes; its own frames accepted by `ws` (masked); pings answered, so the server keeps it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { frameReader, openRawFollower } from '../../bench/rawFollower.ts';

let server: http.Server;
let wss: WebSocketServer;
let port: number;

beforeAll(async () => {
  server = http.createServer();
  wss = new WebSocketServer({ server, path: '/sync', perMessageDeflate: false });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const client of wss.clients) client.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const TEXTS = ['{"type":"state"}', 'é→😀'.repeat(40), 'x'.repeat(70_000), 'last'];

describe('bench raw follower', () => {
  it('receives every text a ws server sends, in order, for 7-, 16- and 64-bit lengths', async () => {
    const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
    const received: string[] = [];
    const all = new Promise<void>((resolve) => {
      void openRawFollower(port, '/sync', (text) => {
        received.push(text);
        if (received.length === TEXTS.length) resolve();
      });
    });
    const socket = await accepted;
    for (const text of TEXTS) socket.send(text);
    await all;
    expect(received).toEqual(TEXTS);
  });

  it('sends masked text frames a ws server accepts, and answers its pings', async () => {
    const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
    const follower = await openRawFollower(port, '/sync', () => {});
    const socket = await accepted;
    const message = new Promise<string>((resolve) => socket.once('message', (data) => resolve((data as Buffer).toString('utf8'))));
    follower.send('{"type":"hello","client":"é"}');
    expect(await message).toBe('{"type":"hello","client":"é"}');
    const pong = new Promise<string>((resolve) => socket.once('pong', (data) => resolve(data.toString('utf8'))));
    socket.ping('are you there');
    expect(await pong).toBe('are you there');
    const closed = new Promise<void>((resolve) => follower.onClose(resolve));
    socket.close();
    await closed;
  });

  it('refuses a server that does not upgrade', async () => {
    await expect(openRawFollower(port, '/not-a-socket', () => {})).rejects.toThrow(/no WebSocket upgrade/);
  });

  it('parses frames however the bytes are cut, and joins fragmented messages', () => {
    const frame = (fin: boolean, opcode: number, payload: Buffer): Buffer => {
      const header = payload.length < 126 ? Buffer.from([(fin ? 0x80 : 0) | opcode, payload.length]) : Buffer.from([(fin ? 0x80 : 0) | opcode, 126, payload.length >> 8, payload.length & 0xff]);
      return Buffer.concat([header, payload]);
    };
    const bytes = Buffer.concat([
      frame(true, 1, Buffer.from('one')),
      frame(false, 1, Buffer.from('two-')),
      frame(true, 9, Buffer.from('ping')),
      frame(true, 0, Buffer.from('é'.repeat(100))),
      frame(true, 1, Buffer.from('three')),
    ]);
    for (const cut of [1, 2, 3, 7, 64]) {
      const texts: string[] = [];
      const pings: string[] = [];
      const feed = frameReader({ text: (t) => texts.push(t), ping: (p) => pings.push(p.toString()), close: () => {} });
      for (let at = 0; at < bytes.length; at += cut) feed(bytes.subarray(at, at + cut));
      expect(texts, `cut every ${cut} bytes`).toEqual(['one', `two-${'é'.repeat(100)}`, 'three']);
      expect(pings).toEqual(['ping']);
    }
  });
});
