import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeckCache } from '../../src/course/deckCache.ts';
import { loadCourse, type CourseDeck } from '../../src/course/loadCourse.ts';
import { createCodeHighlighter, type CodeHighlighter } from '../../src/render/highlight.ts';

/** A highlighter factory that counts how often a build needed shiki. */
function countingHighlighter(): { make: () => Promise<CodeHighlighter>; calls: () => number } {
  let calls = 0;
  let shared: Promise<CodeHighlighter> | undefined;
  return {
    make: () => {
      calls++;
      return (shared ??= createCodeHighlighter());
    },
    calls: () => calls,
  };
}

describe('deck cache', () => {
  let root: string;
  let cacheDir: string;
  const lesson = 'module-01/lessons/01-intro.md';

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'ld-deckcache-'));
    cacheDir = path.join(root, '.cache');
    await mkdir(path.join(root, 'module-01', 'lessons'), { recursive: true });
    await mkdir(path.join(root, 'module-01', 'diagrams'), { recursive: true });
    await writeFile(path.join(root, 'module-01', 'README.md'), '# Module 1\n\n- [Intro](lessons/01-intro.md)\n');
    await writeFile(path.join(root, 'module-01', 'diagrams', 'flow.mmd'), 'graph LR\n  A --> B\n');
    await writeFile(
      path.join(root, lesson),
      '---\ntitle: Intro\ndate: 2026-11-30\n---\n# Intro\n\n## Code\n\n```go\nfunc main() {}\n```\n\n## Flow\n\n![Flow](../diagrams/flow.mmd)\n',
    );
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  const load = (highlighter: () => Promise<CodeHighlighter>) => loadCourse(root, { highlighter, cache: new DeckCache<CourseDeck>(cacheDir) });
  const deckOf = (course: Awaited<ReturnType<typeof loadCourse>>) => course.decks.find((d) => d.file === lesson)!.deck;

  it('a second load of an unchanged course slices nothing and never starts the highlighter', async () => {
    const first = countingHighlighter();
    const cold = await load(first.make);
    expect(first.calls()).toBe(1);
    expect(await readdir(cacheDir)).toHaveLength(2); // one entry per file

    const second = countingHighlighter();
    const warm = await load(second.make);
    expect(second.calls()).toBe(0);
    expect(deckOf(warm).slides).toEqual(deckOf(cold).slides);
    expect(deckOf(warm).slides.map((s) => s.html).join('')).toContain('class="shiki');
    // Front matter is parsed again, so YAML dates stay dates.
    expect(deckOf(warm).frontMatter['date']).toBeInstanceOf(Date);
  });

  it('re-slices a lesson whose text changed', async () => {
    await load(countingHighlighter().make);
    await writeFile(path.join(root, lesson), '# Intro\n\n## Changed\n\n- new point\n');
    const again = countingHighlighter();
    const course = await load(again.make);
    expect(again.calls()).toBe(1);
    expect(deckOf(course).slides.map((s) => s.title)).toContain('Changed');
  });

  it('re-slices a lesson when a diagram file it pulls in changed', async () => {
    const before = deckOf(await load(countingHighlighter().make)).diagrams.map((d) => d.source);
    expect(before.join('')).toContain('A --> B');
    await writeFile(path.join(root, 'module-01', 'diagrams', 'flow.mmd'), 'graph LR\n  A --> C\n');
    const after = deckOf(await load(countingHighlighter().make)).diagrams.map((d) => d.source);
    expect(after.join('')).toContain('A --> C');
  });

  it('keeps decks sliced without a highlighter apart from highlighted ones', async () => {
    await loadCourse(root, { cache: new DeckCache<CourseDeck>(cacheDir) });
    const highlighted = countingHighlighter();
    const course = await load(highlighted.make);
    expect(highlighted.calls()).toBe(1);
    expect(deckOf(course).slides.map((s) => s.html).join('')).toContain('class="shiki');
  });
});
