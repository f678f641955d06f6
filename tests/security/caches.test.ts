/**
 * Caches are never trusted blindly: an entry that was truncated, edited or
 * written by something else is a miss (and is removed), so the next build
 * makes it again instead of shipping half an SVG or failing on half a JSON.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentCache, unwrapEntry, wrapEntry } from '../../src/contentCache.ts';
import { DeckCache } from '../../src/course/deckCache.ts';
import { loadCourse, type CourseDeck } from '../../src/course/loadCourse.ts';
import { tempCourse, type TempCourse } from './tempCourse.ts';

const KEY = 'ab'.repeat(32);

describe('cache entries', () => {
  let course: TempCourse;
  beforeAll(async () => {
    course = await tempCourse({ 'm/lessons/01-a.md': '# A\n\n## One\n\nText.\n' });
  });
  afterAll(() => course.remove());

  it('carry a hash that every read checks', () => {
    expect(unwrapEntry(wrapEntry('<svg></svg>'))).toBe('<svg></svg>');
    expect(unwrapEntry(wrapEntry('<svg></svg>').slice(0, -3))).toBeUndefined();
    expect(unwrapEntry('<svg></svg>')).toBeUndefined();
    expect(unwrapEntry(wrapEntry(''))).toBeUndefined();
  });

  for (const [kind, extension, content] of [['diagram', '.svg', '<svg xmlns="http://www.w3.org/2000/svg"><g>…</g></svg>'], ['fit', '.json', '{"slide":{"fits":true}}'], ['service worker', '.js', 'self.__WB_MANIFEST;']] as const) {
    it(`a truncated ${kind} entry is a miss and is removed`, async () => {
      const cache = new ContentCache(path.join(course.base, `cache-${extension.slice(1)}`), extension);
      await cache.set(KEY, content);
      expect(await cache.get(KEY)).toBe(content);
      const file = path.join(cache.dir, `${KEY}${extension}`);
      const stored = await readFile(file, 'utf8');
      await writeFile(file, stored.slice(0, stored.length - 5));
      expect(await cache.get(KEY)).toBeUndefined();
      expect(await readdir(cache.dir)).toEqual([]);
    });
  }

  it('a damaged sliced-deck entry is sliced again', async () => {
    const dir = path.join(course.base, 'decks');
    const first = await loadCourse(course.root, { cache: new DeckCache<CourseDeck>(dir) });
    const [entry] = await readdir(dir);
    const file = path.join(dir, entry!);
    await writeFile(file, (await readFile(file, 'utf8')).slice(0, 40));
    const again = await loadCourse(course.root, { cache: new DeckCache<CourseDeck>(dir) });
    expect(again.decks.map((d) => d.deck.slides.length)).toEqual(first.decks.map((d) => d.deck.slides.length));
    expect(unwrapEntry(await readFile(file, 'utf8'))).toBeDefined();
  });
});
