import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDrawingsFile, drawingsJson, drawingsOfDeck, readDrawingsFile, savingDrawings } from '../../src/present/drawingsFile.ts';
import { createRoom, type RoomEvent } from '../../src/present/room.ts';
import { memoryStore } from '../../src/present/roomStore.ts';

const DECK = '/module-01/lessons/01-intro.html';
const stroke = (h: number, id: string, points: number[]): RoomEvent => ({ t: 'stroke', slide: { deck: DECK, h, v: 0 }, stroke: { id, color: 'blue', points }, at: 0 });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ld-drawings-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the drawings file of a present session', () => {
  it('lives in the course folder, one per room', () => {
    expect(defaultDrawingsFile('/course')).toBe(path.join('/course', '.lessondeck', 'drawings.json'));
    expect(defaultDrawingsFile('/course', 'tuesday')).toBe(path.join('/course', '.lessondeck', 'drawings-tuesday.json'));
  });

  it('reads back what was saved, per deck and slide; a deck is found by its page URL', async () => {
    const file = path.join(dir, 'drawings.json');
    await writeFile(file, drawingsJson([{ slide: { deck: DECK, h: 2, v: 1 }, strokes: [{ id: 's1', color: 'red', points: [0.1, 0.2, 0.3, 0.4] }] }, { slide: { deck: '/other.html', h: 0, v: 0 }, strokes: [] }]));
    const drawings = await readDrawingsFile(file);
    expect([...drawings.keys()]).toEqual([DECK]);
    expect(drawingsOfDeck(drawings, `http://127.0.0.1:4000${DECK}?print-pdf`)).toEqual([{ h: 2, v: 1, strokes: [{ color: 'red', points: [0.1, 0.2, 0.3, 0.4] }] }]);
    expect(drawingsOfDeck(drawings, 'http://127.0.0.1:4000/module-02/lessons/01-x.html')).toEqual([]);
  });

  it('says which file is missing or wrong and what to do', async () => {
    await expect(readDrawingsFile(path.join(dir, 'none.json'))).rejects.toThrow(/none\.json: no drawings saved there.*--with-drawings FILE/);
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, '{ "lessondeck": "drawings", ');
    await expect(readDrawingsFile(bad)).rejects.toThrow(/bad\.json: not JSON/);
    await writeFile(bad, JSON.stringify({ lessondeck: 'drawings', version: 1, decks: { [DECK]: [{ h: 0, v: 0, strokes: [{ color: 'purple', points: [0, 0, 1, 1] }] }] } }));
    await expect(readDrawingsFile(bad)).rejects.toThrow(/bad\.json: deck \/module-01\/lessons\/01-intro\.html, slide 0\/0: a stroke has an unknown colour/);
    await writeFile(bad, JSON.stringify({ lessondeck: 'drawings', version: 1, decks: { [DECK]: [{ h: 0, v: 0, strokes: [{ color: 'red', points: [0, 0, 2, 1] }] }] } }));
    await expect(readDrawingsFile(bad)).rejects.toThrow(/points that are not fractions/);
    await writeFile(bad, JSON.stringify({ slides: [] }));
    await expect(readDrawingsFile(bad)).rejects.toThrow(/not a lessondeck drawings file/);
  });

  it('present saves the room\'s drawings after pen events (its own or another process\'s), and only then', async () => {
    const file = path.join(dir, 'saved', 'drawings.json');
    const room = createRoom();
    let remote: ((event: RoomEvent) => void) | undefined;
    const inner = { ...memoryStore(), load: (onRemote: (event: RoomEvent) => void) => ((remote = onRemote), Promise.resolve([])) };
    const store = savingDrawings(inner, () => room, file, () => {});
    await store.load((event) => void room.apply(event));
    const answer: RoomEvent = { t: 'answer', deck: DECK, checkpoint: 'q1', client: 'browser-1', answer: '0' };
    room.apply(answer);
    store.publish(answer);
    await store.close();
    await expect(readFile(file, 'utf8'), 'no pen event: nothing written (the last session\'s file stays)').rejects.toThrow(/ENOENT/);

    const again = savingDrawings(inner, () => room, file, () => {});
    await again.load((event) => void room.apply(event));
    const own = stroke(3, 'a', [0.25, 0.5, 0.75, 0.5]);
    room.apply(own);
    again.publish(own);
    remote!(stroke(4, 'b', [0, 0, 1, 1]));
    await again.close();
    const saved = await readDrawingsFile(file);
    expect(saved.get(DECK)!.map((d) => [d.h, d.strokes[0]!.points])).toEqual([
      [3, [0.25, 0.5, 0.75, 0.5]],
      [4, [0, 0, 1, 1]],
    ]);
  });
});
