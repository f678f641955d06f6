/**
 * A frame built once and written straight to each follower's TCP socket must be exactly what
 * `ws.send` would have sent: a real ws client decodes it as a text message, whatever its length
 * (7-bit, 16-bit and 64-bit length headers) and whatever its characters.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { prepareText, sendPrepared } from '../../src/present/preparedFrame.ts';

let server: http.Server;
let wss: WebSocketServer;
let url: string;

beforeAll(async () => {
  server = http.createServer();
  wss = new WebSocketServer({ server, perMessageDeflate: false });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const client of wss.clients) client.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Connects a client, sends it `texts` through sendPrepared, and returns what it received. */
async function roundTrip(texts: string[]): Promise<{ data: string; isBinary: boolean }[]> {
  const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  const client = new WebSocket(url);
  const received: { data: string; isBinary: boolean }[] = [];
  const all = new Promise<void>((resolve) => {
    client.on('message', (data, isBinary) => {
      received.push({ data: (data as Buffer).toString('utf8'), isBinary });
      if (received.length === texts.length) resolve();
    });
  });
  const socket = await accepted;
  for (const text of texts) sendPrepared(socket, prepareText(text));
  await all;
  client.close();
  return received;
}

describe('prepared text frames', () => {
  it('decode as the same text messages, in order, for every length header', async () => {
    const texts = [
      '{"type":"go","h":3}',
      JSON.stringify({ type: 'stroke', points: Array.from({ length: 40 }, (_, i) => [i, i * 2]) }), // 126..65535 bytes
      'é→'.repeat(40_000), // over 65,535 bytes: the 64-bit length header
    ];
    const received = await roundTrip(texts);
    expect(received.map((message) => message.data)).toEqual(texts);
    expect(received.every((message) => !message.isBinary)).toBe(true);
  });

  it('stay whole and in order when the kernel takes only part of a frame, mixed with ws.send', async () => {
    // Frames far larger than a loopback socket buffer, sent before the client reads any: the
    // direct write is partial or refused (EAGAIN) and the rest must queue behind it in the stream.
    const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
    const client = new WebSocket(url);
    const texts = Array.from({ length: 24 }, (_, i) => `${i}:${String.fromCharCode(97 + (i % 26)).repeat(600_000 + i)}`);
    const received: string[] = [];
    const all = new Promise<void>((resolve) => {
      client.on('message', (data) => {
        received.push((data as Buffer).toString('utf8'));
        if (received.length === texts.length) resolve();
      });
    });
    const socket = await accepted;
    texts.forEach((text, i) => (i % 3 === 2 ? socket.send(text) : sendPrepared(socket, prepareText(text))));
    await all;
    client.close();
    expect(received.map((text) => text.slice(0, 8))).toEqual(texts.map((text) => text.slice(0, 8)));
    expect(received).toEqual(texts);
  });

  it('go through ws.send when the TCP socket is gone', () => {
    const sent: { data: unknown; binary: unknown }[] = [];
    const socketWithoutTcp = {
      send(data: unknown, options: { binary: boolean }) {
        sent.push({ data, binary: options.binary });
      },
    } as unknown as WebSocket;
    const message = prepareText('{"type":"reveal"}');
    sendPrepared(socketWithoutTcp, message);
    expect(sent).toEqual([{ data: message.payload, binary: false }]);
  });
});
