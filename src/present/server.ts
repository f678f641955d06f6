/**
 * `lessondeck present`'s server: the built site (src/serve/staticServer.ts,
 * which never serves a file outside the site folder) plus the follow-mode
 * WebSocket hub on the same port. Binds to 127.0.0.1 unless a host is given.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { resolveRequestPath, startStaticServer } from '../serve/staticServer.ts';
import type { Log } from './logLimiter.ts';
import type { RequestLog } from '../serve/requestLog.ts';
import { createSyncHub, type SyncHub } from './syncHub.ts';
import { createRoom, type RoomEvent } from './room.ts';
import { memoryStore, type RoomStore } from './roomStore.ts';
import { redisStore } from './redisStore.ts';
import { savingDrawings } from './drawingsFile.ts';

export interface PresentServerOptions {
  siteDir: string;
  host?: string;
  port?: number;
  /** Presenter token; default: 24 random bytes, base64url. */
  token?: string;
  log?: Log;
  /** Host names besides this machine's IPs and name that requests may use (DNS rebinding guard); `host` is one. */
  allowHosts?: readonly string[];
  /** Connections one address may hold (see staticServer.ts); default 256. */
  maxConnectionsPerAddress?: number;
  /** `--redis URL`: share the room (position, answers, progress, drawings, token) with other processes. */
  redis?: string;
  /** Room name on that Redis (`--room`), default `default`. */
  room?: string;
  /** Where the pen's drawings are saved as they change, for `export --with-drawings` (drawingsFile.ts); none by default. */
  drawingsFile?: string;
}

export interface PresentServer {
  /** Base URL the server listens on. */
  url: string;
  port: number;
  token: string;
  /** Course index with the token: opens the presenter's tab. */
  presenterUrl: string;
  /** Course index in follow mode: what the audience opens (also as a QR code). */
  audienceUrl: string;
  hub: SyncHub;
  /** The static server's bounded request log. */
  requests: RequestLog;
  close(): Promise<void>;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** A page exists when it resolves inside the site to a file (or a folder with index.html). */
export function pageExists(root: string, deck: string): boolean {
  const file = resolveRequestPath(root, deck);
  if (!file) return false;
  try {
    const info = statSync(file);
    return info.isFile() || (info.isDirectory() && statSync(path.join(file, 'index.html')).isFile());
  } catch {
    return false;
  }
}

/** The checkpoint and lab step ids a built deck page has (`data-ld-checkpoint`, `data-ld-step`). */
export function pageItems(root: string, deck: string): { checkpoints: Set<string>; steps: Set<string> } {
  const items = { checkpoints: new Set<string>(), steps: new Set<string>() };
  const file = resolveRequestPath(root, deck);
  let html: string;
  try {
    html = file ? readFileSync(file, 'utf8') : '';
  } catch {
    return items;
  }
  for (const m of html.matchAll(/data-ld-checkpoint="([a-z0-9-]{1,80})"/g)) items.checkpoints.add(m[1]!);
  for (const m of html.matchAll(/data-ld-step="([a-z0-9-]{1,80})"/g)) items.steps.add(m[1]!);
  return items;
}

/** The address other devices can reach when listening on all interfaces. */
export function publicHost(host: string): string {
  if (host !== '0.0.0.0' && host !== '::') return host;
  for (const addresses of Object.values(networkInterfaces())) {
    const lan = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (lan) return lan.address;
  }
  return '127.0.0.1';
}

export async function startPresentServer(options: PresentServerOptions): Promise<PresentServer> {
  const shared: RoomStore = options.redis ? await redisStore({ url: options.redis, ...(options.room ? { room: options.room } : {}), ...(options.log ? { log: options.log } : {}) }) : memoryStore();
  const store = options.drawingsFile ? savingDrawings(shared, () => room, options.drawingsFile, options.log ?? ((line) => console.warn(line))) : shared;
  // With --redis every process prints the same presenter URL: the first one's token.
  const token = await store.token(options.token ?? newToken());
  // The room as the other processes left it, before any client is served.
  const room = createRoom();
  // Until the hub exists, other processes' events only change the room (no client to tell yet).
  let applyRemote = (event: RoomEvent): void => void room.apply(event);
  const early = await store.load((event) => applyRemote(event));
  for (const event of early) room.apply(event);
  const allowHosts = [...(options.allowHosts ?? []), ...(options.host ? [options.host] : [])];
  const site = await startStaticServer({ root: options.siteDir, host: options.host ?? '127.0.0.1', port: options.port ?? 0, checkHost: true, allowHosts, ...(options.maxConnectionsPerAddress ? { maxConnectionsPerAddress: options.maxConnectionsPerAddress } : {}) });
  const known = new Map<string, boolean>();
  const isKnownDeck = (deck: string): boolean => {
    let exists = known.get(deck);
    if (exists === undefined) {
      exists = pageExists(site.root, deck);
      if (known.size < 10_000) known.set(deck, exists);
    }
    return exists;
  };
  // Answers and marks count only for checkpoints and steps the page really has: made-up ids are refused.
  const items = new Map<string, ReturnType<typeof pageItems>>();
  const isKnownItem = (deck: string, kind: 'checkpoint' | 'step', id: string): boolean => {
    let found = items.get(deck);
    if (!found) {
      found = pageItems(site.root, deck);
      if (items.size < 10_000) items.set(deck, found);
    }
    return (kind === 'checkpoint' ? found.checkpoints : found.steps).has(id);
  };
  const created = createSyncHub(site.server, { token, isKnownDeck, isKnownItem, allowHosts, room, store, ...(options.log ? { log: options.log } : {}) });
  applyRemote = created.applyRemote;
  const host = publicHost(site.host);
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${site.port}`;
  return {
    url: site.url,
    port: site.port,
    token,
    presenterUrl: `${base}/?present=${token}`,
    audienceUrl: `${base}/?follow`,
    hub: created,
    requests: site.requests,
    close: async () => {
      await created.close();
      await site.close();
      await store.close();
    },
  };
}
