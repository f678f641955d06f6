/**
 * The classroom messages' validation (classroomProtocol.ts via protocol.ts),
 * the room's counting (room.ts), the rate limit, and what the speaker view
 * adds up from the counts (client/classroom/tally.ts). All pure.
 */
import { describe, expect, it } from 'vitest';
import { parseClientMessage } from '../../src/present/protocol.ts';
import { choiceKey, MAX_STROKE_POINTS, textKey } from '../../src/present/classroomProtocol.ts';
import { createRoom, LIMITS, OTHER_ANSWER, type RoomEvent } from '../../src/present/room.ts';
import { createRateLimit } from '../../src/present/rateLimit.ts';
import { isRight, summarize, type CheckpointKey } from '../../src/client/classroom/tally.ts';

const DECK = '/m/lessons/a.html';
const ok = (message: Record<string, unknown>) => parseClientMessage(JSON.stringify(message));
const reason = (message: Record<string, unknown>) => {
  const parsed = ok(message);
  return parsed.ok ? 'accepted' : parsed.reason;
};
const slide = { deck: DECK, h: 2, v: 0 };

describe('classroom messages', () => {
  it('accepts answers, progress, reveal, clear, strokes, undo, wipe and laser', () => {
    expect(ok({ type: 'hello', client: 'abcdef0123456789' })).toEqual({ ok: true, value: { type: 'hello', client: 'abcdef0123456789' } });
    expect(ok({ type: 'answer', deck: DECK, checkpoint: 'cp-a', choice: [2, 0] })).toEqual({ ok: true, value: { type: 'answer', deck: DECK, checkpoint: 'cp-a', choice: [2, 0] } });
    expect(ok({ type: 'answer', deck: DECK, checkpoint: 'cp-a', text: ' 8080 ' })).toMatchObject({ ok: true, value: { text: ' 8080 ' } });
    expect(ok({ type: 'progress', deck: DECK, step: 'step-1-2', status: 'stuck' })).toMatchObject({ ok: true });
    expect(ok({ type: 'reveal', deck: DECK, checkpoint: 'cp-a', shown: true })).toMatchObject({ ok: true });
    expect(ok({ type: 'clear', deck: DECK })).toEqual({ ok: true, value: { type: 'clear', deck: DECK } });
    expect(ok({ type: 'stroke', slide, stroke: { id: 's1', color: 'red', points: [0, 0.5, 1, 0.25] } })).toMatchObject({ ok: true });
    expect(ok({ type: 'undo', slide })).toMatchObject({ ok: true });
    expect(ok({ type: 'laser', slide, point: [0.5, 0.5] })).toMatchObject({ ok: true });
    expect(ok({ type: 'laser', slide, point: null })).toMatchObject({ ok: true });
  });

  it.each([
    [{ type: 'hello', client: 'short' }, 'hello.client'],
    [{ type: 'hello', client: 'a'.repeat(65) }, 'hello.client'],
    [{ type: 'hello', client: 'has space in it' }, 'hello.client'],
    [{ type: 'answer', deck: DECK, checkpoint: 'cp-a' }, 'answer needs choice'],
    [{ type: 'answer', deck: DECK, checkpoint: 'cp-a', choice: [] }, 'answer.choice'],
    [{ type: 'answer', deck: DECK, checkpoint: 'cp-a', choice: [26] }, 'answer.choice'],
    [{ type: 'answer', deck: DECK, checkpoint: 'cp-a', choice: [0.5] }, 'answer.choice'],
    [{ type: 'answer', deck: DECK, checkpoint: 'cp-a', choice: Array.from({ length: 27 }, () => 0) }, 'answer.choice'],
    [{ type: 'answer', deck: DECK, checkpoint: 'cp-a', text: 'x'.repeat(201) }, 'answer needs choice'],
    [{ type: 'answer', deck: DECK, checkpoint: 'CP A', choice: [0] }, 'answer.checkpoint'],
    [{ type: 'answer', deck: '//evil.example/a.html', checkpoint: 'cp-a', choice: [0] }, 'answer.deck'],
    [{ type: 'progress', deck: DECK, step: 'step-1', status: 'finished' }, 'progress.status'],
    [{ type: 'progress', deck: DECK, step: '../x', status: 'done' }, 'progress.step'],
    [{ type: 'reveal', deck: DECK, checkpoint: 'cp-a', shown: 'yes' }, 'reveal needs'],
    [{ type: 'stroke', slide, stroke: { id: 's1', color: 'purple', points: [0, 0] } }, 'stroke.stroke'],
    [{ type: 'stroke', slide, stroke: { id: 's1', color: 'red', points: [0, 1.5] } }, 'stroke.stroke'],
    [{ type: 'stroke', slide, stroke: { id: 's1', color: 'red', points: [0] } }, 'stroke.stroke'],
    [{ type: 'stroke', slide, stroke: { id: 's1', color: 'red', points: Array.from({ length: MAX_STROKE_POINTS + 2 }, () => 0.5) } }, 'stroke.stroke'],
    [{ type: 'stroke', slide: { deck: DECK, h: -1, v: 0 }, stroke: { id: 's1', color: 'red', points: [0, 0] } }, 'stroke.slide'],
    [{ type: 'laser', slide, point: [0.5] }, 'laser.point'],
    [{ type: 'laser', slide, point: [Number.POSITIVE_INFINITY, 0] }, 'laser.point'],
  ])('rejects %j', (message, expected) => {
    expect(reason(message)).toContain(expected);
  });
});

describe('room', () => {
  const answer = (client: string, value: string, checkpoint = 'cp-a'): RoomEvent => ({ t: 'answer', deck: DECK, checkpoint, client, answer: value });

  it('counts each browser once: a new answer replaces its old one', () => {
    const room = createRoom();
    room.apply(answer('b1', choiceKey([1])));
    room.apply(answer('b2', choiceKey([1])));
    room.apply(answer('b1', choiceKey([0])));
    room.apply(answer('b1', choiceKey([0])));
    expect(room.counts(DECK, 'cp-a')).toEqual({ 'c:0': 1, 'c:1': 1 });
  });

  it('counts lab progress per step; none takes a mark back; clear forgets the deck and tells everyone', () => {
    const room = createRoom();
    const progress = (client: string, step: string, status: 'done' | 'stuck' | 'none'): RoomEvent => ({ t: 'progress', deck: DECK, step, client, status });
    room.apply(progress('b1', 'step-1', 'done'));
    room.apply(progress('b2', 'step-1', 'stuck'));
    room.apply(progress('b2', 'step-1', 'done'));
    room.apply(progress('b3', 'step-2', 'stuck'));
    room.apply(progress('b3', 'step-2', 'none'));
    expect(room.steps(DECK)).toEqual({ 'step-1': { done: 2, stuck: 0 }, 'step-2': { done: 0, stuck: 0 } });
    const cleared = room.apply({ t: 'clear', deck: DECK });
    expect(cleared.changes).toContainEqual({ kind: 'everyone', message: { type: 'clear', deck: DECK } });
    expect(room.steps(DECK)).toEqual({});
  });

  it('keeps strokes per slide, applies a part once even when it arrives twice, undoes by id', () => {
    const room = createRoom();
    const part = (id: string, points: number[], at: number): RoomEvent => ({ t: 'stroke', slide, stroke: { id, color: 'red', points }, at });
    room.apply({ t: 'state', state: { deck: DECK, h: 2, v: 0, f: -1, blank: false } });
    room.apply(part('s1', [0.1, 0.1], 0));
    room.apply(part('s1', [0.2, 0.2], 2));
    room.apply(part('s1', [0.2, 0.2], 2));
    room.apply(part('s2', [0.5, 0.5], 0));
    expect(room.snapshot(false).drawings).toEqual([{ slide, strokes: [{ id: 's1', color: 'red', points: [0.1, 0.1, 0.2, 0.2] }, { id: 's2', color: 'red', points: [0.5, 0.5] }] }]);
    expect(room.lastStroke(slide)).toBe('s2');
    room.apply({ t: 'undo', slide, id: 's2' });
    room.apply({ t: 'undo', slide, id: 's2' });
    expect(room.snapshot(false).drawings[0]!.strokes.map((s) => s.id)).toEqual(['s1']);
    room.apply({ t: 'wipe', slide });
    expect(room.snapshot(false).drawings).toEqual([]);
  });

  it('shows counts to presenters only, and revealed results to everyone', () => {
    const room = createRoom();
    room.apply(answer('b1', choiceKey([1])));
    room.apply({ t: 'reveal', deck: DECK, checkpoint: 'cp-a', shown: true });
    expect(room.snapshot(false)).toEqual({ revealed: [{ deck: DECK, checkpoint: 'cp-a', counts: { 'c:1': 1 } }], drawings: [] });
    expect(room.snapshot(true).tallies).toEqual([{ deck: DECK, checkpoint: 'cp-a', counts: { 'c:1': 1 } }]);
  });

  it('stays bounded: distinct short answers beyond the limit count as other; too many strokes are refused', () => {
    const room = createRoom();
    for (let i = 0; i < LIMITS.answersPerCheckpoint + 5; i++) room.apply(answer(`b${i}`, textKey(`answer ${i}`)));
    const counts = room.counts(DECK, 'cp-a');
    expect(Object.keys(counts)).toHaveLength(LIMITS.answersPerCheckpoint + 1);
    expect(counts[OTHER_ANSWER]).toBe(5);
    for (let i = 0; i < LIMITS.strokesPerSlide; i++) expect(room.apply({ t: 'stroke', slide, stroke: { id: `s${i}`, color: 'red', points: [0, 0] }, at: 0 }).error).toBeUndefined();
    expect(room.apply({ t: 'stroke', slide, stroke: { id: 'one-more', color: 'red', points: [0, 0] }, at: 0 }).error).toContain('too many strokes');
  });
});

describe('rate limit', () => {
  it('allows a burst, then the rate, from a clock the test moves', () => {
    let now = 0;
    const limit = createRateLimit(10, 3, () => now);
    expect([limit.take(), limit.take(), limit.take(), limit.take()]).toEqual([true, true, true, false]);
    now += 100;
    expect([limit.take(), limit.take()]).toEqual([true, false]);
    now += 10_000;
    expect([limit.take(), limit.take(), limit.take(), limit.take()]).toEqual([true, true, true, false]);
  });
});

describe('tally summary', () => {
  const choice: CheckpointKey = { form: 'choice', correct: [1], accept: [], options: 3, poll: false };
  it('adds up answered, right and each option, from counts by answer', () => {
    expect(summarize({ 'c:0': 2, 'c:1': 5, 'c:0,2': 1 }, choice)).toEqual({ answered: 8, right: 5, perOption: [3, 5, 1], texts: [] });
    expect(summarize({ 'c:0': 2 }, { ...choice, correct: [], poll: true }).right).toBeNull();
  });
  it('compares short answers without case or extra spaces', () => {
    const text: CheckpointKey = { form: 'text', correct: [], accept: ['8080', '8080/tcp'], options: 0, poll: false };
    expect(summarize({ [textKey(' 8080 ')]: 3, [textKey('8080/TCP')]: 1, [textKey('80')]: 2 }, text)).toMatchObject({ answered: 6, right: 4 });
    expect(isRight(text, { text: '8080/Tcp' })).toBe(true);
    expect(isRight(choice, { choice: [1, 1] })).toBe(true);
    expect(isRight(choice, { choice: [0, 1] })).toBe(false);
  });
});
