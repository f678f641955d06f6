/**
 * The pen drawings of a `present` session, kept in a file so that
 * `lessondeck export --with-drawings` can print them on the slides after
 * class. `present` rewrites the file (atomically, at most once a second)
 * whenever a stroke is drawn, undone or wiped — from this process or, with
 * `--redis`, from another one of the room; a session that never draws leaves
 * the previous session's file alone.
 *
 * Points are fractions of the slide (as on the wire, classroomProtocol.ts),
 * so they land on the same place of a printed page as on any screen.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../export/atomicWrite.ts';
import { PEN_COLORS, type PenColor, type SlideRef, type StrokePart } from './classroomProtocol.ts';
import { LIMITS, type Room, type RoomEvent } from './room.ts';
import type { RoomStore } from './roomStore.ts';

/** Where `present` keeps the drawings and `export --with-drawings` looks first: in the course folder. */
export function defaultDrawingsFile(root: string, room = 'default'): string {
  return path.join(root, '.lessondeck', room === 'default' ? 'drawings.json' : `drawings-${room}.json`);
}

export interface SlideDrawing {
  h: number;
  v: number;
  strokes: { color: PenColor; points: number[] }[];
}

/** Deck page path (as the presenter's browser named it, e.g. `/module-01/lessons/01-intro.html`) → its drawn slides. */
export type DeckDrawings = Map<string, SlideDrawing[]>;

interface DrawingsJson {
  lessondeck: 'drawings';
  version: 1;
  saved: string;
  decks: Record<string, SlideDrawing[]>;
}

export function drawingsJson(drawings: readonly { slide: SlideRef; strokes: readonly StrokePart[] }[], saved = new Date()): string {
  const decks: Record<string, SlideDrawing[]> = {};
  for (const { slide, strokes } of drawings) {
    if (!strokes.length) continue;
    (decks[slide.deck] ??= []).push({ h: slide.h, v: slide.v, strokes: strokes.map((s) => ({ color: s.color, points: s.points })) });
  }
  const json: DrawingsJson = { lessondeck: 'drawings', version: 1, saved: saved.toISOString(), decks };
  return `${JSON.stringify(json)}\n`;
}

const isIndex = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0 && (n as number) < 10_000;
const isFraction = (n: unknown): boolean => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 1;

function problem(file: string, what: string): Error {
  return new Error(`${file}: ${what}. This file is written by lessondeck present; draw again in a session, or give the right file to --with-drawings.`);
}

/** Reads and checks a drawings file; an error names the file and what is wrong with it. */
export async function readDrawingsFile(file: string): Promise<DeckDrawings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${file}: no drawings saved there. lessondeck present saves the pen's drawings in the course folder's .lessondeck/ once you draw (D); or give the file: --with-drawings FILE.`, { cause: error });
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw Object.assign(problem(file, `not JSON (${(error as Error).message})`), { cause: error });
  }
  const json = data as Partial<DrawingsJson> | null;
  if (!json || json.lessondeck !== 'drawings' || json.version !== 1 || typeof json.decks !== 'object' || json.decks === null) throw problem(file, 'not a lessondeck drawings file (version 1)');
  const out: DeckDrawings = new Map();
  for (const [deck, slides] of Object.entries(json.decks)) {
    if (!Array.isArray(slides)) throw problem(file, `deck ${deck}: slides must be a list`);
    const checked: SlideDrawing[] = [];
    for (const slide of slides as Partial<SlideDrawing>[]) {
      if (!isIndex(slide.h) || !isIndex(slide.v) || !Array.isArray(slide.strokes)) throw problem(file, `deck ${deck}: a slide needs h, v and strokes`);
      const strokes = slide.strokes.filter((s) => PEN_COLORS.includes(s.color) && Array.isArray(s.points) && s.points.length >= 2 && s.points.length % 2 === 0 && s.points.length <= LIMITS.pointsPerStroke && s.points.every(isFraction));
      if (strokes.length !== slide.strokes.length) throw problem(file, `deck ${deck}, slide ${slide.h}/${slide.v}: a stroke has an unknown colour or points that are not fractions of the slide`);
      checked.push({ h: slide.h, v: slide.v, strokes });
    }
    out.set(deck, checked);
  }
  return out;
}

/** The drawings of the deck printed from `deckUrl` (its path on the site, as `present` served it). */
export function drawingsOfDeck(drawings: DeckDrawings, deckUrl: string): SlideDrawing[] {
  let pathname = new URL(deckUrl).pathname;
  if (pathname.endsWith('/')) pathname += 'index.html';
  return drawings.get(pathname) ?? [];
}

const PEN_EVENTS: ReadonlySet<RoomEvent['t']> = new Set(['stroke', 'undo', 'wipe']);
const SAVE_DELAY_MS = 1_000;

/**
 * The room's store, plus: every pen event (this process's or another's) saves
 * the room's drawings to `file` a moment later. Closing saves what is pending.
 */
export function savingDrawings(inner: RoomStore, room: () => Room, file: string, log: (line: string) => void): RoomStore {
  let timer: NodeJS.Timeout | undefined;
  let saving: Promise<void> = Promise.resolve();
  let failed = false;
  const save = (): Promise<void> => {
    timer = undefined;
    const text = drawingsJson(room().drawings());
    saving = saving
      .then(() => writeFileAtomic(file, text))
      .then(() => void (failed = false))
      .catch((error: unknown) => {
        if (!failed) log(`Could not save the drawings to ${file} (${(error as Error).message}); export --with-drawings will not have them.`);
        failed = true;
      });
    return saving;
  };
  const changed = (event: RoomEvent): void => {
    if (PEN_EVENTS.has(event.t)) timer ??= setTimeout(() => void save(), SAVE_DELAY_MS);
  };
  return {
    token: (proposed) => inner.token(proposed),
    load: (onRemote) =>
      inner.load((event) => {
        onRemote(event);
        changed(event);
      }),
    publish(event) {
      inner.publish(event);
      changed(event);
    },
    async close() {
      if (timer) {
        clearTimeout(timer);
        await save();
      }
      await saving;
      await inner.close();
    },
  };
}
