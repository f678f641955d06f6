/**
 * `present --redis URL`: the room shared by every `present` process that
 * names the same Redis (and room). Each event a process applies is written
 * to Redis keys and published on the room's channel in one MULTI, so other
 * processes apply it live and a process that starts (or restarts) rebuilds
 * the room from the keys. Keys, under `lessondeck:<room>:`
 *
 *   token                      the presenter token (the first process sets it)
 *   state                      the presenter's position (JSON)
 *   answers:<deck>#<id>        hash browser id → answer key; set `answers` lists them
 *   shown                      hash <deck>#<id> → 1 while a result is revealed
 *   progress:<deck>            hash <step> <browser id> → done|stuck; set `labs` lists them
 *   draw:<deck>#<h>/<v>        list of stroke parts and undos (JSON); set `drawings` lists them
 *   events                     the pub/sub channel ({from, event} JSON)
 *
 * Events are idempotent (room.ts), so one seen both in the keys and on the
 * channel while starting is applied once. Laser moves are published only.
 */
import { randomBytes } from 'node:crypto';
import { createClient } from '@redis/client';
import type { Log } from './logLimiter.ts';
import { checkpointKey, slideKey, type RoomEvent } from './room.ts';
import type { RoomStore } from './roomStore.ts';
import type { Position } from './protocol.ts';
import type { SlideRef, StrokePart } from './classroomProtocol.ts';

export interface RedisStoreOptions {
  url: string;
  /** Several classes on one Redis keep apart by room name. */
  room?: string;
  log?: Log;
}

type Client = ReturnType<typeof createClient>;

const SEP = '\u0000';

/** What a draw list holds: stroke parts in order, and undos of one stroke. */
type DrawEntry = { stroke: StrokePart; at: number } | { undo: string };

export async function redisStore(options: RedisStoreOptions): Promise<RoomStore> {
  const log = options.log ?? ((line: string) => console.error(line));
  const prefix = `lessondeck:${options.room ?? 'default'}:`;
  const channel = `${prefix}events`;
  const self = randomBytes(8).toString('hex');
  const client: Client = createClient({ url: options.url, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 3000) } });
  const subscriber: Client = client.duplicate();
  let lastError = '';
  for (const c of [client, subscriber]) {
    // node-redis reconnects by itself; say so once per new problem rather than per retry.
    c.on('error', (error: Error) => {
      if (error.message !== lastError) log(`[present] redis: ${error.message}`);
      lastError = error.message;
    });
    c.on('ready', () => (lastError = ''));
  }
  try {
    await client.connect();
    await subscriber.connect();
  } catch (error) {
    await Promise.allSettled([client.destroy(), subscriber.destroy()]);
    throw new Error(`cannot reach Redis at ${options.url}: ${(error as Error).message}. Start redis-server, or drop --redis to present from one process.`, { cause: error });
  }

  const write = (event: RoomEvent): ReturnType<Client['multi']> => {
    const multi = client.multi();
    switch (event.t) {
      case 'state':
        multi.set(`${prefix}state`, JSON.stringify(event.state));
        break;
      case 'answer': {
        const key = `${prefix}answers:${checkpointKey(event.deck, event.checkpoint)}`;
        multi.hSet(key, event.client, event.answer).sAdd(`${prefix}answers`, key);
        break;
      }
      case 'progress': {
        const key = `${prefix}progress:${event.deck}`;
        if (event.status === 'none') multi.hDel(key, `${event.step}${SEP}${event.client}`);
        else multi.hSet(key, `${event.step}${SEP}${event.client}`, event.status).sAdd(`${prefix}labs`, key);
        break;
      }
      case 'reveal':
        if (event.shown) multi.hSet(`${prefix}shown`, checkpointKey(event.deck, event.checkpoint), '1');
        else multi.hDel(`${prefix}shown`, checkpointKey(event.deck, event.checkpoint));
        break;
      case 'clear':
        if (event.checkpoint === undefined) multi.del(`${prefix}progress:${event.deck}`);
        else {
          const key = `${prefix}answers:${checkpointKey(event.deck, event.checkpoint)}`;
          multi.del(key).sRem(`${prefix}answers`, key).hDel(`${prefix}shown`, checkpointKey(event.deck, event.checkpoint));
        }
        break;
      case 'stroke':
      case 'undo': {
        const key = `${prefix}draw:${slideKey(event.slide)}`;
        const entry: DrawEntry = event.t === 'stroke' ? { stroke: event.stroke, at: event.at } : { undo: event.id };
        multi.rPush(key, JSON.stringify(entry)).sAdd(`${prefix}drawings`, key);
        break;
      }
      case 'wipe': {
        const key = `${prefix}draw:${slideKey(event.slide)}`;
        multi.del(key).sRem(`${prefix}drawings`, key);
        break;
      }
      case 'laser':
        break;
    }
    return multi.publish(channel, JSON.stringify({ from: self, event }));
  };

  /** The events that rebuild the room from the keys. */
  const snapshot = async (): Promise<RoomEvent[]> => {
    const events: RoomEvent[] = [];
    const state = await client.get(`${prefix}state`);
    if (state) events.push({ t: 'state', state: JSON.parse(state) as Position });
    for (const key of await client.sMembers(`${prefix}answers`)) {
      const { deck, id } = splitItemKey(key.slice(`${prefix}answers:`.length));
      for (const [browser, answer] of Object.entries(await client.hGetAll(key))) events.push({ t: 'answer', deck, checkpoint: id, client: browser, answer });
    }
    for (const key of Object.keys(await client.hGetAll(`${prefix}shown`))) {
      const { deck, id } = splitItemKey(key);
      events.push({ t: 'reveal', deck, checkpoint: id, shown: true });
    }
    for (const key of await client.sMembers(`${prefix}labs`)) {
      const deck = key.slice(`${prefix}progress:`.length);
      for (const [field, status] of Object.entries(await client.hGetAll(key))) {
        const [step, browser] = field.split(SEP) as [string, string];
        if (status === 'done' || status === 'stuck') events.push({ t: 'progress', deck, step, client: browser, status });
      }
    }
    for (const key of await client.sMembers(`${prefix}drawings`)) {
      const slide = parseSlideKey(key.slice(`${prefix}draw:`.length));
      if (!slide) continue;
      for (const raw of await client.lRange(key, 0, -1)) {
        const entry = JSON.parse(raw) as DrawEntry;
        events.push('undo' in entry ? { t: 'undo', slide, id: entry.undo } : { t: 'stroke', slide, stroke: entry.stroke, at: entry.at });
      }
    }
    return events;
  };

  return {
    async token(proposed) {
      await client.set(`${prefix}token`, proposed, { condition: 'NX' });
      return (await client.get(`${prefix}token`)) ?? proposed;
    },
    async load(onRemote) {
      // Listen first, then read the keys: nothing published meanwhile is missed (applying twice is harmless).
      const early: RoomEvent[] = [];
      let loaded = false;
      await subscriber.subscribe(channel, (text) => {
        let message: { from?: unknown; event?: unknown };
        try {
          message = JSON.parse(text) as typeof message;
        } catch {
          return;
        }
        if (message.from === self || typeof message.event !== 'object' || message.event === null) return;
        const event = message.event as RoomEvent;
        if (loaded) onRemote(event);
        else early.push(event);
      });
      const events = await snapshot();
      loaded = true;
      return [...events, ...early];
    },
    publish(event) {
      write(event).exec().catch((error: Error) => log(`[present] redis: could not share a ${event.t} event: ${error.message}`));
    },
    async close() {
      await Promise.allSettled([subscriber.close(), client.close()]);
    },
  };
}

function splitItemKey(key: string): { deck: string; id: string } {
  const at = key.lastIndexOf('#');
  return { deck: key.slice(0, at), id: key.slice(at + 1) };
}

function parseSlideKey(key: string): SlideRef | undefined {
  const match = /^(.*)#(\d+)\/(\d+)$/.exec(key);
  return match ? { deck: match[1]!, h: Number(match[2]), v: Number(match[3]) } : undefined;
}
