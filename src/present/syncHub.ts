/**
 * The follow-mode sync server: one WebSocket endpoint on the site's HTTP
 * server. Clients say hello (with the presenter token, or without: follower);
 * the presenter's position is validated, stored and sent to everyone else.
 *
 * Robustness rules: every frame is parsed defensively (protocol.ts); anything
 * malformed, unknown, oversized (ws `maxPayload`), binary, or sent by a
 * non-presenter is dropped, answered with an error and logged (rate-limited),
 * and never moves anyone. A client that keeps sending garbage is disconnected;
 * dead connections are found by ping/pong and dropped.
 *
 * The classroom (room.ts): followers answer checkpoints and mark lab steps,
 * counted once per browser id (hello.client); only the presenter reveals,
 * clears, draws and points. Each connection is rate-limited (rateLimit.ts).
 * Every change is applied to this process's room and handed to the store,
 * which with `--redis` shares it with the other processes of the room.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { createLogLimiter, type Log } from './logLimiter.ts';
import { isAllowedHost, isSameOrigin } from '../serve/hostCheck.ts';
import { MAX_MESSAGE_BYTES, parseClientMessage, samePosition, SYNC_PATH, type ClientMessage, type Position, type Role, type ServerMessage } from './protocol.ts';
import { choiceKey, FOLLOWER_MESSAGES, textKey } from './classroomProtocol.ts';
import { createFanout } from './fanout.ts';
import { prepareText, sendPrepared, type PreparedText } from './preparedFrame.ts';
import { createRateLimit, RATE_LIMITS, type RateLimit } from './rateLimit.ts';
import { createRoom, type Room, type RoomChange, type RoomEvent } from './room.ts';
import { memoryStore, type RoomStore } from './roomStore.ts';

export interface SyncHubOptions {
  token: string;
  /** Rejects positions on pages the site does not have. */
  isKnownDeck?: (deck: string) => boolean;
  /** Rejects answers, marks, reveals and clears for checkpoints or steps the page does not have. */
  isKnownItem?: (deck: string, kind: 'checkpoint' | 'step', id: string) => boolean;
  log?: Log;
  /** Bad messages a client may send within BAD_WINDOW_MS before it is disconnected. */
  maxBadMessages?: number;
  heartbeatMs?: number;
  /** More host names the WebSocket answers for (see hostCheck.ts). */
  allowHosts?: readonly string[];
  /** The room's state; a fresh one by default. With --redis, already loaded from Redis. */
  room?: Room;
  /** Where events are shared (redisStore.ts); this process alone by default. */
  store?: RoomStore;
  /** The clock of the rate limits (tests). */
  now?: () => number;
}

export interface SyncHub {
  readonly state: Position | null;
  readonly room: Room;
  clientCount(): number;
  /** Applies an event another process of the room applied (from the store). */
  applyRemote(event: RoomEvent): void;
  close(): Promise<void>;
}

interface Client {
  id: number;
  socket: WebSocket;
  role?: Role;
  alive: boolean;
  /** The browser's anonymous id (hello.client): its answers and progress count once, across reconnects. */
  browser?: string;
  limit?: RateLimit;
  /** Version of the last broadcast state sent to this client. */
  sent?: number;
  badCount: number;
  badSince: number;
}

const BAD_WINDOW_MS = 10_000;
const PEN_MESSAGES: ReadonlySet<string> = new Set(['stroke', 'undo', 'wipe', 'laser']);
/** A follower with more than this much unsent is slow: stale states are dropped for it. */
const SLOW_CLIENT_BYTES = 16 * 1024;
/** Followers sent to per turn of the event loop. */
const FANOUT_CHUNK = 200;
/** How soon a round for followers that were all too slow is tried again. */
const SLOW_RETRY_MS = 50;

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Constant-time token check. */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  return given !== undefined && timingSafeEqual(digest(expected), digest(given));
}

export function createSyncHub(server: http.Server, options: SyncHubOptions): SyncHub {
  const log = createLogLimiter(options.log ?? ((line) => console.warn(line)));
  const maxBad = options.maxBadMessages ?? 50;
  const wss = new WebSocketServer({
    server,
    path: SYNC_PATH,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    // DNS rebinding and cross-site pages: only this machine's names, only pages of this server.
    verifyClient: ({ req }: { req: http.IncomingMessage }) => isAllowedHost(req.headers.host, options.allowHosts) && isSameOrigin(req.headers.origin, req.headers.host),
  });
  const clients = new Set<Client>();
  const room = options.room ?? createRoom();
  const store = options.store ?? memoryStore();
  const now = options.now ?? Date.now;
  const fanout = createFanout<Client>();
  let state: Position | null = room.position;
  let nextId = 1;

  const send = (client: Client, message: ServerMessage): void => {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(message));
  };

  /**
   * The newest state to every follower, without blocking the event loop: it is serialised once,
   * sent FANOUT_CHUNK followers per turn of the loop (HTTP and the presenter are served between
   * chunks), and a state superseded before a follower's turn is never sent to it: a burst of
   * steps costs each follower one message. A follower whose socket still holds unsent data is
   * skipped this round and gets a later state.
   */
  let latest: { version: number; message: PreparedText; from: Client | undefined } | undefined;
  let flushing = false;
  /** Set while the only followers behind were slow ones, waiting SLOW_RETRY_MS for their sockets to drain. */
  let slowRetry: NodeJS.Timeout | undefined;
  const broadcast = (from: Client | undefined, message: ServerMessage): void => {
    // Encoded and framed once: ws would encode and frame it again for every follower.
    latest = { version: (latest?.version ?? 0) + 1, message: prepareText(JSON.stringify(message)), from };
    if (!flushing) {
      flushing = true;
      setImmediate(flush, [...clients], 0);
    } else if (slowRetry) {
      // A new state while waiting on slow followers: everyone else gets it now, not after the wait.
      clearTimeout(slowRetry);
      slowRetry = undefined;
      setImmediate(flush, [...clients], 0);
    }
  };
  const flush = (round: Client[], start: number): void => {
    slowRetry = undefined;
    const current = latest!;
    const end = Math.min(round.length, start + FANOUT_CHUNK);
    for (let i = start; i < end; i++) {
      const other = round[i]!;
      if (other === current.from || !other.role || other.sent === current.version || other.socket.readyState !== other.socket.OPEN) continue;
      if (other.socket.bufferedAmount > SLOW_CLIENT_BYTES) continue;
      other.sent = current.version;
      sendPrepared(other.socket, current.message);
    }
    if (end < round.length) return void setImmediate(flush, round, end);
    // A newer state came in during the round, or someone was skipped: another round for those behind.
    const behind = [...clients].filter((c) => c !== latest!.from && c.role && c.sent !== latest!.version && c.socket.readyState === c.socket.OPEN);
    if (behind.length === 0) return void (flushing = false);
    // Only slow followers left: give their sockets a moment to drain before trying again.
    if (behind.every((c) => c.socket.bufferedAmount > SLOW_CLIENT_BYTES)) (slowRetry = setTimeout(flush, SLOW_RETRY_MS, behind, 0)).unref();
    else setImmediate(flush, behind, 0);
  };

  const reject = (client: Client, reason: string): void => {
    log(`[present] dropped a message from client #${client.id} (${client.role ?? 'no hello yet'}): ${reason}`);
    send(client, { type: 'error', reason });
    const now = Date.now();
    if (now - client.badSince > BAD_WINDOW_MS) {
      client.badSince = now;
      client.badCount = 0;
    }
    if (++client.badCount > maxBad) {
      log(`[present] disconnected client #${client.id}: too many bad messages`);
      client.socket.close(1008, 'too many bad messages');
    }
  };

  /** Counts changed this turn, sent to presenters once per turn (a burst of answers costs one message). */
  type CountChange = Extract<RoomChange, { kind: 'tally' | 'steps' }>;
  const dirty = new Map<string, CountChange>();
  let tallyScheduled = false;
  const sendTallies = (): void => {
    tallyScheduled = false;
    const presenters = [...clients].filter((c) => c.role === 'presenter');
    for (const change of dirty.values()) {
      const message: ServerMessage = change.kind === 'tally'
        ? { type: 'tally', deck: change.deck, checkpoint: change.checkpoint, counts: room.counts(change.deck, change.checkpoint) }
        : { type: 'steps', deck: change.deck, steps: room.steps(change.deck) };
      for (const p of presenters) send(p, message);
    }
    dirty.clear();
  };

  const route = (changes: RoomChange[], from?: Client): void => {
    for (const change of changes) {
      if (change.kind === 'state') {
        state = room.position;
        if (state) broadcast(from, { type: 'state', state });
      } else if (change.kind === 'everyone') {
        // The pen's own page drew already; a reveal or clear also goes back to the page that asked (its checkpoints update).
        const skip = PEN_MESSAGES.has(change.message.type) ? from : undefined;
        const targets = [...clients].filter((c) => c !== skip && c.role);
        fanout.send(JSON.stringify(change.message), targets, change.message.type === 'laser');
      } else {
        dirty.set(change.kind === 'tally' ? `t${change.deck}#${change.checkpoint}` : `s${change.deck}`, change);
        if (!tallyScheduled) {
          tallyScheduled = true;
          setImmediate(sendTallies);
        }
      }
    }
  };

  /** Applies an event of this process's client, shares it, and tells everyone concerned. */
  const applyLocal = (client: Client, event: RoomEvent): void => {
    const result = room.apply(event);
    if (result.error) return reject(client, result.error);
    store.publish(event);
    route(result.changes, client);
  };

  /** The room event a valid classroom message stands for (ids and offsets filled in here). */
  const toEvent = (client: Client, message: Exclude<ClientMessage, { type: 'hello' } | { type: 'state' }>): RoomEvent | undefined => {
    switch (message.type) {
      case 'answer':
        return { t: 'answer', deck: message.deck, checkpoint: message.checkpoint, client: client.browser!, answer: 'choice' in message ? choiceKey(message.choice) : textKey(message.text) };
      case 'progress':
        return { t: 'progress', deck: message.deck, step: message.step, client: client.browser!, status: message.status };
      case 'reveal':
        return { t: 'reveal', deck: message.deck, checkpoint: message.checkpoint, shown: message.shown };
      case 'clear':
        return { t: 'clear', deck: message.deck, ...(message.checkpoint ? { checkpoint: message.checkpoint } : {}) };
      case 'stroke':
        return { t: 'stroke', slide: message.slide, stroke: message.stroke, at: room.strokeLength(message.slide, message.stroke.id) };
      case 'undo': {
        const id = room.lastStroke(message.slide);
        return id ? { t: 'undo', slide: message.slide, id } : undefined;
      }
      case 'wipe':
        return { t: 'wipe', slide: message.slide };
      case 'laser':
        return { t: 'laser', slide: message.slide, point: message.point };
    }
  };

  const onMessage = (client: Client, data: RawData, isBinary: boolean): void => {
    if (isBinary) return reject(client, 'binary frames are not accepted');
    if (client.limit && !client.limit.take()) return reject(client, 'too many messages: slow down');
    const parsed = parseClientMessage(data.toString());
    if (!parsed.ok) return reject(client, parsed.reason);
    const message = parsed.value;
    if (message.type === 'hello') {
      if (message.client && client.browser && message.client !== client.browser) return reject(client, 'a connection keeps the client id it said hello with');
      client.role = tokenMatches(options.token, message.token) ? 'presenter' : 'follower';
      if (message.client) client.browser = message.client;
      const limits = RATE_LIMITS[client.role];
      client.limit = createRateLimit(limits.perSecond, limits.burst, now);
      if (message.token !== undefined && client.role === 'follower') log(`[present] client #${client.id} gave a wrong token; joined as follower`);
      client.sent = latest?.version; // the welcome carries the newest state
      return send(client, { type: 'welcome', role: client.role, state, room: room.snapshot(client.role === 'presenter') });
    }
    if (message.type === 'state') {
      if (client.role !== 'presenter') return reject(client, 'only the presenter can move the deck');
      if (options.isKnownDeck && !options.isKnownDeck(message.state.deck)) return reject(client, `no such page: ${message.state.deck.slice(0, 80)}`);
      if (samePosition(state, message.state)) return;
      return applyLocal(client, { t: 'state', state: message.state });
    }
    if (!client.role) return reject(client, 'say hello first');
    if (!FOLLOWER_MESSAGES.has(message.type) && client.role !== 'presenter') return reject(client, `only the presenter can ${message.type === 'clear' ? 'clear results' : message.type === 'reveal' ? 'reveal results' : message.type === 'laser' ? 'point' : 'draw'}`);
    if (FOLLOWER_MESSAGES.has(message.type) && !client.browser) return reject(client, `${message.type} needs a client id: say hello with client`);
    const deck = 'deck' in message ? message.deck : message.slide.deck;
    if (options.isKnownDeck && !options.isKnownDeck(deck)) return reject(client, `no such page: ${deck.slice(0, 80)}`);
    const item = message.type === 'progress' ? { kind: 'step' as const, id: message.step } : 'checkpoint' in message && message.checkpoint ? { kind: 'checkpoint' as const, id: message.checkpoint } : undefined;
    if (item && options.isKnownItem && !options.isKnownItem(deck, item.kind, item.id)) return reject(client, `no ${item.kind} ${item.id} on ${deck.slice(0, 80)}`);
    const event = toEvent(client, message);
    if (event) applyLocal(client, event);
  };

  wss.on('connection', (socket) => {
    const client: Client = { id: nextId++, socket, alive: true, badCount: 0, badSince: Date.now() };
    clients.add(client);
    socket.on('pong', () => (client.alive = true));
    socket.on('message', (data, isBinary) => onMessage(client, data, isBinary));
    // ws reports oversized frames and protocol violations here and closes the socket; never let it throw.
    socket.on('error', (error) => log(`[present] client #${client.id}: ${error.message}`));
    socket.on('close', () => clients.delete(client));
  });
  wss.on('error', (error) => log(`[present] sync server: ${error.message}`));

  const heartbeat = setInterval(() => {
    for (const client of clients) {
      if (!client.alive) {
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  return {
    get state() {
      return state;
    },
    room,
    clientCount: () => clients.size,
    applyRemote: (event) => route(room.apply(event).changes),
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        if (slowRetry) clearTimeout(slowRetry);
        for (const client of clients) client.socket.terminate();
        wss.close(() => resolve());
      }),
  };
}
