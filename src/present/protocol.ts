/**
 * The follow-mode wire protocol (JSON over one WebSocket), shared by the
 * sync server and the browser client. Pure: no Node or DOM APIs, so the
 * client can import its types and the server validates with it.
 *
 * client → server  {type:'hello', token?, client?}  join; the right token makes you presenter;
 *                                                  `client` is the browser's anonymous id (answers count once per id)
 *                  {type:'state', state:Position}  presenter only: move everyone
 * server → client  {type:'welcome', role, state, room}  reply to hello: the position and the room so far
 *                  {type:'state', state}           the presenter moved
 *                  {type:'error', reason}          your message was dropped, and why
 * and the classroom messages of classroomProtocol.ts (answers, lab progress, pen, laser).
 */
import { CLASSROOM_MESSAGES, isClientId, parseClassroomMessage, type ClassroomClientMessage, type ClassroomServerMessage, type Counts, type SlideRef, type StrokePart } from './classroomProtocol.ts';

/** Where the presenter is: a deck page of the site and reveal's indices. */
export interface Position {
  /** Site path of the deck page, e.g. `/module-07/lessons/01-packaging-distribution.html`. */
  deck: string;
  h: number;
  v: number;
  /** Fragment index; -1 when no fragment is shown. */
  f: number;
  /** Audience screen blanked (reveal's pause). */
  blank: boolean;
}

export type Role = 'presenter' | 'follower';

export type ClientMessage = { type: 'hello'; token?: string; client?: string } | { type: 'state'; state: Position } | ClassroomClientMessage;

/** What a joining client needs of the room: revealed results, drawings; presenters also get the counts. */
export interface RoomSnapshot {
  revealed: { deck: string; checkpoint: string; counts: Counts }[];
  drawings: { slide: SlideRef; strokes: StrokePart[] }[];
  tallies?: { deck: string; checkpoint: string; counts: Counts }[];
  steps?: { deck: string; steps: Record<string, { done: number; stuck: number }> }[];
}

export type ServerMessage =
  | { type: 'welcome'; role: Role; state: Position | null; room?: RoomSnapshot }
  | { type: 'state'; state: Position }
  | { type: 'error'; reason: string }
  | ClassroomServerMessage;

export const SYNC_PATH = '/__lessondeck/sync';
/** Largest message the server accepts (bytes); anything bigger closes the socket. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
export const MAX_INDEX = 10_000;
const MAX_DECK_PATH = 512;
const MAX_TOKEN = 256;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIndex(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= MAX_INDEX;
}

/** A site path to an .html page: absolute, of this site (not `//host/…`), no `..`, no backslashes, control characters or query. */
export function isDeckPath(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_DECK_PATH || !value.startsWith('/') || value.includes('//')) return false;
  if (/[\\?#]/.test(value) || [...value].some((c) => c.charCodeAt(0) < 0x20)) return false;
  if (value.split('/').some((segment) => segment === '..' || segment === '.')) return false;
  return value.endsWith('.html') || value.endsWith('/');
}

export function parsePosition(value: unknown): Parsed<Position> {
  if (!isRecord(value)) return { ok: false, reason: 'state must be an object' };
  const { deck, h, v, f, blank } = value;
  if (!isDeckPath(deck)) return { ok: false, reason: 'state.deck must be a site path to an .html page' };
  if (!isIndex(h, 0) || !isIndex(v, 0)) return { ok: false, reason: `state.h and state.v must be integers 0..${MAX_INDEX}` };
  if (!isIndex(f, -1)) return { ok: false, reason: `state.f must be an integer -1..${MAX_INDEX}` };
  if (blank !== undefined && typeof blank !== 'boolean') return { ok: false, reason: 'state.blank must be a boolean' };
  return { ok: true, value: { deck, h, v, f, blank: blank ?? false } };
}

/** Validates one client message (the raw text of a WebSocket frame). */
export function parseClientMessage(text: string): Parsed<ClientMessage> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'malformed JSON' };
  }
  if (!isRecord(data)) return { ok: false, reason: 'message must be a JSON object' };
  switch (data.type) {
    case 'hello': {
      const { token, client } = data;
      if (token !== undefined && (typeof token !== 'string' || token.length > MAX_TOKEN)) return { ok: false, reason: 'hello.token must be a short string' };
      if (client !== undefined && !isClientId(client)) return { ok: false, reason: 'hello.client must be 8..64 characters A-Z a-z 0-9 _ -' };
      return { ok: true, value: { type: 'hello', ...(token !== undefined ? { token: token as string } : {}), ...(client !== undefined ? { client: client as string } : {}) } };
    }
    case 'state': {
      const state = parsePosition(data.state);
      return state.ok ? { ok: true, value: { type: 'state', state: state.value } } : state;
    }
    default:
      if (typeof data.type === 'string' && CLASSROOM_MESSAGES.has(data.type)) return parseClassroomMessage(data);
      return { ok: false, reason: `unknown message type ${JSON.stringify(String(data.type)).slice(0, 40)}` };
  }
}

export function samePosition(a: Position | null | undefined, b: Position | null | undefined): boolean {
  return !!a && !!b && a.deck === b.deck && a.h === b.h && a.v === b.v && a.f === b.f && a.blank === b.blank;
}
