/**
 * A raw WebSocket client of the present server's sync endpoint, as a test
 * device: records every message and waits for one that matches (never for
 * a fixed time).
 */
import WebSocket from 'ws';

export type Message = Record<string, unknown> & { type: string };

export interface SyncClient {
  ws: WebSocket;
  messages: Message[];
  send(message: Record<string, unknown>): void;
  /** The first message (already received or still to come) after index `from` that matches. */
  waitFor(match: (m: Message) => boolean, from?: number): Promise<Message>;
  closed: Promise<number>;
  close(): Promise<void>;
}

export async function syncClient(base: string, hello?: Record<string, unknown>): Promise<SyncClient> {
  const url = new URL('/__lessondeck/sync', base);
  url.protocol = 'ws:';
  const ws = new WebSocket(url.href, { headers: { origin: new URL(base).origin } });
  const messages: Message[] = [];
  const waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as Message;
    messages.push(message);
    for (const w of [...waiters]) {
      if (w.match(message)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(message);
      }
    }
  });
  ws.on('error', () => {});
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const client: SyncClient = {
    ws,
    messages,
    send: (message) => ws.send(JSON.stringify(message)),
    waitFor: (match, from = 0) => {
      const seen = messages.slice(from).find(match);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ match, resolve }));
    },
    closed,
    close: async () => {
      ws.close();
      await closed;
    },
  };
  if (hello) {
    client.send({ type: 'hello', ...hello });
    await client.waitFor((m) => m.type === 'welcome');
  }
  return client;
}
