/**
 * The classroom part of the follow-mode protocol: answers to checkpoints and
 * polls, lab progress, and the presenter's pen and laser pointer. Pure (no
 * Node or DOM APIs) like protocol.ts, which dispatches to these validators.
 *
 * client → server  {type:'answer', deck, checkpoint, choice:number[]} | {…, text}   anyone with a client id
 *                  {type:'progress', deck, step, status:'done'|'stuck'|'none'}        anyone with a client id
 *                  {type:'reveal', deck, checkpoint, shown}                           presenter
 *                  {type:'clear', deck, checkpoint?}   presenter: a checkpoint's answers, or the deck's lab progress
 *                  {type:'stroke', slide, stroke:{id, color, points}}  presenter: starts or extends a pen stroke
 *                  {type:'undo', slide} | {type:'wipe', slide}         presenter: last stroke / all strokes of a slide
 *                  {type:'laser', slide, point:[x,y]|null}             presenter
 * server → client  {type:'tally', deck, checkpoint, counts}       presenters: answers so far, by answer
 *                  {type:'steps', deck, steps:{id:{done,stuck}}}  presenters: lab progress so far
 *                  {type:'reveal', deck, checkpoint, shown, counts}  everyone
 *                  {type:'clear', deck, checkpoint?}                  everyone: forget those answers / that progress
 *                  {type:'stroke'|'undo'|'wipe'|'laser', …}          everyone, as the presenter sent it
 *
 * Points are fractions (0..1) of the slide's width and height, so a stroke
 * lands on the same place of the slide on any screen.
 */
import { isDeckPath, type Parsed } from './protocol.ts';

export interface SlideRef {
  deck: string;
  h: number;
  v: number;
}

export const PEN_COLORS = ['red', 'blue', 'green', 'orange', 'black', 'white'] as const;
export type PenColor = (typeof PEN_COLORS)[number];
/** How each pen colour is drawn, on screens and on exported pages. */
export const PEN_CSS_COLORS: Record<PenColor, string> = { red: '#e0245e', blue: '#1f6feb', green: '#1a7f37', orange: '#f08c00', black: '#111111', white: '#ffffff' };

export interface StrokePart {
  /** Chosen by the presenter's page; a part with a known id extends that stroke. */
  id: string;
  color: PenColor;
  /** Flat list x0, y0, x1, y1, … of fractions of the slide. */
  points: number[];
}

export type ProgressStatus = 'done' | 'stuck' | 'none';

export type ClassroomClientMessage =
  | { type: 'answer'; deck: string; checkpoint: string; choice: number[] }
  | { type: 'answer'; deck: string; checkpoint: string; text: string }
  | { type: 'progress'; deck: string; step: string; status: ProgressStatus }
  | { type: 'reveal'; deck: string; checkpoint: string; shown: boolean }
  | { type: 'clear'; deck: string; checkpoint?: string }
  | { type: 'stroke'; slide: SlideRef; stroke: StrokePart }
  | { type: 'undo'; slide: SlideRef }
  | { type: 'wipe'; slide: SlideRef }
  | { type: 'laser'; slide: SlideRef; point: [number, number] | null };

/** Answers by answer key (`c:0,2` for options A and C, `t:8080` for a short answer). */
export type Counts = Record<string, number>;

export type ClassroomServerMessage =
  | { type: 'tally'; deck: string; checkpoint: string; counts: Counts }
  | { type: 'steps'; deck: string; steps: Record<string, { done: number; stuck: number }> }
  | { type: 'reveal'; deck: string; checkpoint: string; shown: boolean; counts: Counts }
  /** The presenter cleared a checkpoint's answers (checkpoint) or the deck's lab progress: start afresh. */
  | { type: 'clear'; deck: string; checkpoint?: string }
  | { type: 'stroke'; slide: SlideRef; stroke: StrokePart }
  | { type: 'undo'; slide: SlideRef; id: string }
  | { type: 'wipe'; slide: SlideRef }
  | { type: 'laser'; slide: SlideRef; point: [number, number] | null };

/** Who may send what: followers answer and mark their own progress; everything else is the presenter's. */
export const FOLLOWER_MESSAGES: ReadonlySet<string> = new Set(['answer', 'progress']);
export const CLASSROOM_MESSAGES: ReadonlySet<string> = new Set(['answer', 'progress', 'reveal', 'clear', 'stroke', 'undo', 'wipe', 'laser']);

const ID = /^[a-z0-9][a-z0-9-]{0,79}$/;
/** A browser's anonymous id (hello.client): random, URL-safe. */
const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;
export const MAX_CHOICES = 26;
export const MAX_TEXT_ANSWER = 200;
/** Points one stroke message may carry (x and y count as two). */
export const MAX_STROKE_POINTS = 512;
const MAX_INDEX = 10_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isClientId(value: unknown): value is string {
  return typeof value === 'string' && CLIENT_ID.test(value);
}

export function isItemId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

const isFraction = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 1;
const isIndex = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_INDEX;

function parseSlide(value: unknown): SlideRef | undefined {
  if (!isRecord(value)) return undefined;
  const { deck, h, v } = value;
  return isDeckPath(deck) && isIndex(h) && isIndex(v) ? { deck, h, v } : undefined;
}

/** Answer key of a choice: the chosen option indices, sorted, without repeats. */
export function choiceKey(choice: readonly number[]): string {
  return `c:${[...new Set(choice)].sort((a, b) => a - b).join(',')}`;
}

/** Answer key of a short answer: compared without case or extra spaces. */
export function textKey(text: string): string {
  return `t:${text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()}`;
}

function parseAnswer(data: Record<string, unknown>, deck: string): Parsed<ClassroomClientMessage> {
  if (!isItemId(data.checkpoint)) return { ok: false, reason: 'answer.checkpoint must be a checkpoint id' };
  const { choice, text } = data;
  if (choice !== undefined) {
    if (!Array.isArray(choice) || choice.length === 0 || choice.length > MAX_CHOICES || !choice.every((c) => Number.isInteger(c) && c >= 0 && c < MAX_CHOICES)) {
      return { ok: false, reason: `answer.choice must list 1..${MAX_CHOICES} option numbers 0..${MAX_CHOICES - 1}` };
    }
    return { ok: true, value: { type: 'answer', deck, checkpoint: data.checkpoint, choice: choice as number[] } };
  }
  if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_TEXT_ANSWER) return { ok: false, reason: `answer needs choice, or text of 1..${MAX_TEXT_ANSWER} characters` };
  return { ok: true, value: { type: 'answer', deck, checkpoint: data.checkpoint, text } };
}

function parseStroke(value: unknown): StrokePart | undefined {
  if (!isRecord(value)) return undefined;
  const { id, color, points } = value;
  if (!isItemId(id) || !PEN_COLORS.includes(color as PenColor)) return undefined;
  if (!Array.isArray(points) || points.length < 2 || points.length > MAX_STROKE_POINTS || points.length % 2 !== 0 || !points.every(isFraction)) return undefined;
  return { id, color: color as PenColor, points: points as number[] };
}

/** Validates the classroom messages (already known to be a record with one of CLASSROOM_MESSAGES as type). */
export function parseClassroomMessage(data: Record<string, unknown>): Parsed<ClassroomClientMessage> {
  const type = data.type as string;
  if (type === 'stroke' || type === 'undo' || type === 'wipe' || type === 'laser') {
    const slide = parseSlide(data.slide);
    if (!slide) return { ok: false, reason: `${type}.slide must be {deck, h, v} of a deck page` };
    if (type === 'undo' || type === 'wipe') return { ok: true, value: { type, slide } };
    if (type === 'laser') {
      const point = data.point;
      if (point === null) return { ok: true, value: { type, slide, point: null } };
      if (!Array.isArray(point) || point.length !== 2 || !point.every(isFraction)) return { ok: false, reason: 'laser.point must be [x, y] fractions of the slide, or null' };
      return { ok: true, value: { type, slide, point: [point[0] as number, point[1] as number] } };
    }
    const stroke = parseStroke(data.stroke);
    if (!stroke) return { ok: false, reason: `stroke.stroke must be {id, color (${PEN_COLORS.join('|')}), points: 2..${MAX_STROKE_POINTS} fractions}` };
    return { ok: true, value: { type, slide, stroke } };
  }
  const deck = data.deck;
  if (!isDeckPath(deck)) return { ok: false, reason: `${type}.deck must be a site path to an .html page` };
  switch (type) {
    case 'answer':
      return parseAnswer(data, deck);
    case 'progress': {
      const { step, status } = data;
      if (!isItemId(step)) return { ok: false, reason: 'progress.step must be a step id' };
      if (status !== 'done' && status !== 'stuck' && status !== 'none') return { ok: false, reason: 'progress.status must be done, stuck or none' };
      return { ok: true, value: { type, deck, step, status } };
    }
    case 'reveal':
      if (!isItemId(data.checkpoint) || typeof data.shown !== 'boolean') return { ok: false, reason: 'reveal needs a checkpoint id and shown: true|false' };
      return { ok: true, value: { type, deck, checkpoint: data.checkpoint, shown: data.shown } };
    default: {
      // clear
      if (data.checkpoint === undefined) return { ok: true, value: { type: 'clear', deck } };
      if (!isItemId(data.checkpoint)) return { ok: false, reason: 'clear.checkpoint must be a checkpoint id' };
      return { ok: true, value: { type: 'clear', deck, checkpoint: data.checkpoint } };
    }
  }
}
