/**
 * One classroom's state, as plain data: the presenter's position, every
 * browser's answer to each checkpoint, every browser's lab progress, which
 * results are revealed, and the pen strokes of each slide. Changes arrive as
 * RoomEvents — from this process's clients or, with `--redis`, from other
 * processes — and applying one says what to tell whom. Pure and bounded: no
 * I/O, no clock, and limits on everything a client can make it hold.
 *
 * Counts are kept per answer (not per browser), updated as answers change,
 * so a tally costs the same with 10 followers or 10,000.
 */
import type { Counts, ProgressStatus, SlideRef, StrokePart } from './classroomProtocol.ts';
import type { Position, RoomSnapshot, ServerMessage } from './protocol.ts';

export type RoomEvent =
  | { t: 'state'; state: Position }
  | { t: 'answer'; deck: string; checkpoint: string; client: string; answer: string }
  | { t: 'progress'; deck: string; step: string; client: string; status: ProgressStatus }
  | { t: 'reveal'; deck: string; checkpoint: string; shown: boolean }
  | { t: 'clear'; deck: string; checkpoint?: string }
  /** `at`: how many numbers of the stroke came before these, so a part applied twice is applied once. */
  | { t: 'stroke'; slide: SlideRef; stroke: StrokePart; at: number }
  /** `id`: the stroke undone, so an undo applied twice removes one stroke. */
  | { t: 'undo'; slide: SlideRef; id: string }
  | { t: 'wipe'; slide: SlideRef }
  | { t: 'laser'; slide: SlideRef; point: [number, number] | null };

/** What applying an event changed: the position, a checkpoint's or a deck's counts, or a message for everyone. */
export type RoomChange =
  | { kind: 'state' }
  | { kind: 'tally'; deck: string; checkpoint: string }
  | { kind: 'steps'; deck: string }
  | { kind: 'everyone'; message: ServerMessage };

export const LIMITS = {
  checkpoints: 2_000,
  /** Browsers counted per checkpoint and per lab. */
  browsers: 20_000,
  /** Distinct answers kept per checkpoint (short answers vary); the rest count as `other`. */
  answersPerCheckpoint: 200,
  labs: 500,
  stepsPerLab: 300,
  slidesWithDrawings: 1_000,
  strokesPerSlide: 300,
  /** Numbers (x and y each count) one stroke may hold. */
  pointsPerStroke: 8_000,
} as const;

export const OTHER_ANSWER = 'other';

interface Checkpoint {
  byClient: Map<string, string>;
  counts: Map<string, number>;
  shown: boolean;
}

interface Lab {
  /** step → client → status (done or stuck; `none` is removal). */
  steps: Map<string, Map<string, 'done' | 'stuck'>>;
}

export function slideKey(slide: SlideRef): string {
  return `${slide.deck}#${slide.h}/${slide.v}`;
}

export function checkpointKey(deck: string, checkpoint: string): string {
  return `${deck}#${checkpoint}`;
}

export interface Room {
  readonly position: Position | null;
  /** Applies one event; `error` when it would pass a limit (nothing changed then). */
  apply(event: RoomEvent): { changes: RoomChange[]; error?: string };
  counts(deck: string, checkpoint: string): Counts;
  steps(deck: string): Record<string, { done: number; stuck: number }>;
  /** What a joining client gets; presenters also get every count. */
  snapshot(presenter: boolean): RoomSnapshot;
  /** Numbers stroke `id` on a slide holds so far (0 for a new stroke): the next part's `at`. */
  strokeLength(slide: SlideRef, id: string): number;
  /** The newest stroke of a slide, the one an undo removes. */
  lastStroke(slide: SlideRef): string | undefined;
  /** Every slide's strokes, of every deck (drawingsFile.ts saves them for `export --with-drawings`). */
  drawings(): { slide: SlideRef; strokes: StrokePart[] }[];
}

export function createRoom(): Room {
  let position: Position | null = null;
  const checkpoints = new Map<string, Checkpoint>();
  const labs = new Map<string, Lab>();
  const drawings = new Map<string, { slide: SlideRef; strokes: StrokePart[] }>();

  const counts = (deck: string, checkpoint: string): Counts => Object.fromEntries(checkpoints.get(checkpointKey(deck, checkpoint))?.counts ?? []);
  const steps = (deck: string): Record<string, { done: number; stuck: number }> => {
    const out: Record<string, { done: number; stuck: number }> = {};
    for (const [step, byClient] of labs.get(deck)?.steps ?? []) {
      let done = 0;
      for (const status of byClient.values()) if (status === 'done') done++;
      out[step] = { done, stuck: byClient.size - done };
    }
    return out;
  };

  const answer = (event: Extract<RoomEvent, { t: 'answer' }>): { changes: RoomChange[]; error?: string } => {
    const key = checkpointKey(event.deck, event.checkpoint);
    let cp = checkpoints.get(key);
    if (!cp) {
      if (checkpoints.size >= LIMITS.checkpoints) return { changes: [], error: 'too many checkpoints in this room' };
      checkpoints.set(key, (cp = { byClient: new Map(), counts: new Map(), shown: false }));
    }
    const old = cp.byClient.get(event.client);
    if (old === undefined && cp.byClient.size >= LIMITS.browsers) return { changes: [], error: 'too many answers to this checkpoint' };
    const value = cp.counts.has(event.answer) || cp.counts.size < LIMITS.answersPerCheckpoint ? event.answer : OTHER_ANSWER;
    if (old === value) return { changes: [] };
    if (old !== undefined) {
      const left = cp.counts.get(old)! - 1;
      if (left > 0) cp.counts.set(old, left);
      else cp.counts.delete(old);
    }
    cp.byClient.set(event.client, value);
    cp.counts.set(value, (cp.counts.get(value) ?? 0) + 1);
    return { changes: [{ kind: 'tally', deck: event.deck, checkpoint: event.checkpoint }] };
  };

  const progress = (event: Extract<RoomEvent, { t: 'progress' }>): { changes: RoomChange[]; error?: string } => {
    let lab = labs.get(event.deck);
    if (!lab) {
      if (event.status === 'none') return { changes: [] };
      if (labs.size >= LIMITS.labs) return { changes: [], error: 'too many labs in this room' };
      labs.set(event.deck, (lab = { steps: new Map() }));
    }
    let byClient = lab.steps.get(event.step);
    if (!byClient) {
      if (event.status === 'none') return { changes: [] };
      if (lab.steps.size >= LIMITS.stepsPerLab) return { changes: [], error: 'too many steps in this lab' };
      lab.steps.set(event.step, (byClient = new Map()));
    }
    const old = byClient.get(event.client);
    if (event.status === 'none') {
      if (!old) return { changes: [] };
      byClient.delete(event.client);
    } else {
      if (old === event.status) return { changes: [] };
      if (!old && byClient.size >= LIMITS.browsers) return { changes: [], error: 'too many browsers in this lab' };
      byClient.set(event.client, event.status);
    }
    return { changes: [{ kind: 'steps', deck: event.deck }] };
  };

  const stroke = (event: Extract<RoomEvent, { t: 'stroke' }>): { changes: RoomChange[]; error?: string } => {
    const key = slideKey(event.slide);
    let drawing = drawings.get(key);
    if (!drawing) {
      if (drawings.size >= LIMITS.slidesWithDrawings) return { changes: [], error: 'too many slides with drawings' };
      drawings.set(key, (drawing = { slide: event.slide, strokes: [] }));
    }
    const existing = drawing.strokes.find((s) => s.id === event.stroke.id);
    if (existing) {
      // Already applied (a part seen twice: from Redis's copy and its channel), or a gap: ignore.
      if (existing.points.length !== event.at) return { changes: [] };
      if (existing.points.length + event.stroke.points.length > LIMITS.pointsPerStroke) return { changes: [], error: 'stroke too long' };
      existing.points.push(...event.stroke.points);
    } else {
      if (event.at !== 0) return { changes: [] };
      if (drawing.strokes.length >= LIMITS.strokesPerSlide) return { changes: [], error: 'too many strokes on this slide: wipe it first' };
      drawing.strokes.push({ ...event.stroke, points: [...event.stroke.points] });
    }
    return { changes: [{ kind: 'everyone', message: { type: 'stroke', slide: event.slide, stroke: event.stroke } }] };
  };

  return {
    get position() {
      return position;
    },
    apply(event) {
      switch (event.t) {
        case 'state':
          position = event.state;
          return { changes: [{ kind: 'state' }] };
        case 'answer':
          return answer(event);
        case 'progress':
          return progress(event);
        case 'reveal': {
          const key = checkpointKey(event.deck, event.checkpoint);
          let cp = checkpoints.get(key);
          if (!cp) {
            if (checkpoints.size >= LIMITS.checkpoints) return { changes: [], error: 'too many checkpoints in this room' };
            checkpoints.set(key, (cp = { byClient: new Map(), counts: new Map(), shown: false }));
          }
          cp.shown = event.shown;
          return { changes: [{ kind: 'everyone', message: { type: 'reveal', deck: event.deck, checkpoint: event.checkpoint, shown: event.shown, counts: counts(event.deck, event.checkpoint) } }] };
        }
        case 'clear': {
          // Every screen forgets them too (a follower's page would otherwise send its progress again).
          const everyone: RoomChange = { kind: 'everyone', message: { type: 'clear', deck: event.deck, ...(event.checkpoint ? { checkpoint: event.checkpoint } : {}) } };
          if (event.checkpoint === undefined) {
            labs.delete(event.deck);
            return { changes: [{ kind: 'steps', deck: event.deck }, everyone] };
          }
          checkpoints.delete(checkpointKey(event.deck, event.checkpoint));
          return { changes: [{ kind: 'tally', deck: event.deck, checkpoint: event.checkpoint }, everyone] };
        }
        case 'stroke':
          return stroke(event);
        case 'undo': {
          const drawing = drawings.get(slideKey(event.slide));
          const at = drawing?.strokes.findIndex((s) => s.id === event.id) ?? -1;
          if (!drawing || at < 0) return { changes: [] };
          drawing.strokes.splice(at, 1);
          return { changes: [{ kind: 'everyone', message: { type: 'undo', slide: event.slide, id: event.id } }] };
        }
        case 'wipe':
          if (!drawings.delete(slideKey(event.slide))) return { changes: [] };
          return { changes: [{ kind: 'everyone', message: { type: 'wipe', slide: event.slide } }] };
        case 'laser':
          return { changes: [{ kind: 'everyone', message: { type: 'laser', slide: event.slide, point: event.point } }] };
      }
    },
    counts,
    steps,
    strokeLength: (slide, id) => drawings.get(slideKey(slide))?.strokes.find((s) => s.id === id)?.points.length ?? 0,
    lastStroke: (slide) => drawings.get(slideKey(slide))?.strokes.at(-1)?.id,
    drawings: () => [...drawings.values()].filter((d) => d.strokes.length > 0),
    snapshot(presenter) {
      const revealed = [...checkpoints].filter(([, cp]) => cp.shown).map(([key]) => splitKey(key)).map(({ deck, id }) => ({ deck, checkpoint: id, counts: counts(deck, id) }));
      // Drawings of the deck being presented only: a joining phone needs no others.
      const deck = position?.deck;
      const shownDrawings = [...drawings.values()].filter((d) => d.slide.deck === deck).map((d) => ({ slide: d.slide, strokes: d.strokes }));
      const snapshot: RoomSnapshot = { revealed, drawings: shownDrawings };
      if (presenter) {
        snapshot.tallies = [...checkpoints.keys()].map(splitKey).map(({ deck: d, id }) => ({ deck: d, checkpoint: id, counts: counts(d, id) }));
        snapshot.steps = [...labs.keys()].map((d) => ({ deck: d, steps: steps(d) }));
      }
      return snapshot;
    },
  };
}

function splitKey(key: string): { deck: string; id: string } {
  const at = key.lastIndexOf('#');
  return { deck: key.slice(0, at), id: key.slice(at + 1) };
}
