/**
 * Whatever the markdown, the slicer returns a deck: property-based tests
 * (fast-check) over generated lesson documents — never throws, always
 * terminates, loses no word — and pathological files, each bounded by a
 * generous test timeout (never a wall-clock assertion).
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserService } from '../../src/browser/browserService.ts';
import { loadCourse } from '../../src/course/loadCourse.ts';
import { renderDiagrams } from '../../src/render/mermaid.ts';
import { createMarkdown } from '../../src/slides/markdown.ts';
import type { Deck } from '../../src/slides/model.ts';
import { sliceLesson } from '../../src/slides/slice.ts';

const PATHOLOGICAL_TIMEOUT = 120_000;

function slice(text: string): Deck {
  return sliceLesson({ file: 'lessons/01-x.md', text });
}

/** Everything a reader can reach: slides, notes, diagram sources, navigation labels, the title. */
function reachableText(deck: Deck): string {
  const nav = Object.values(deck.nav).map((l) => l?.label ?? '');
  return [deck.title, ...deck.slides.flatMap((s) => [s.html, s.notesHtml]), ...deck.diagrams.map((d) => d.source), ...nav].join('\n');
}

// ---- a grammar of lesson documents whose content words are unique tokens (w0, w1, …) ----

const word = fc.nat({ max: 9999 }).map((n) => `w${n}`);
const words = fc.array(word, { minLength: 1, maxLength: 8 }).map((ws) => ws.join(' '));
const line = fc.oneof(
  words.map((w) => w),
  fc.tuple(fc.integer({ min: 1, max: 6 }), words).map(([n, w]) => `${'#'.repeat(n)} ${w}`),
  fc.tuple(fc.constantFrom('- ', '* ', '1. ', '  - ', '    1. ', '> ', '> **Note:** ', '>> '), words).map(([p, w]) => p + w),
  fc.tuple(fc.constantFrom('```', '~~~', '````', '```mermaid', '```yaml', '```klingon {1-2|3}'), fc.boolean()).map(([f]) => f),
  fc.constantFrom('---', '--', '', '', '<!-- notes -->', '<!-- fit: none -->', '::: notes', ':::', '***', '| a | b |', '|---|---|', '\t'),
  words.map((w) => `Note: ${w}`),
  words.map((w) => `| ${w} | ${w} |`),
  words.map((w) => `**${w}:**`),
  words.map((w) => `${w}. ${w}. ${w}. ${w} ${'more words '.repeat(12)}`),
);
const documentArb = fc.record({
  lines: fc.array(line, { maxLength: 60 }),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  frontMatter: fc.constantFrom('', '---\ntitle: T\n---\n', '---\nmode: slides\n---\n', '---\nproseToNotes: false\n---\n', '---\nbroken: [\n---\n'),
}).map(({ lines, crlf, bom, frontMatter }) => (bom ? '\uFEFF' : '') + (frontMatter + lines.join('\n')).replace(/\n/g, crlf ? '\r\n' : '\n'));

describe('slicing is total (fast-check)', () => {
  it('never throws and always returns a deck', () => {
    fc.assert(fc.property(documentArb, (text) => {
      const deck = slice(text);
      expect(Array.isArray(deck.slides)).toBe(true);
    }), { numRuns: 300 });
  });

  it('never throws on arbitrary strings, unicode and control characters included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
      slice(text);
    }), { numRuns: 300 });
  });

  it('loses no word: every content word is on a slide, in the notes, in a diagram or in the navigation', () => {
    fc.assert(fc.property(documentArb, (text) => {
      const body = text.replace(/^\uFEFF?---\r?\n[\s\S]*?\r?\n---\r?\n/, '');
      const reachable = reachableText(slice(text));
      for (const w of new Set(body.match(/\bw\d+\b/g) ?? [])) expect(reachable, `word ${w} of:\n${text}`).toMatch(new RegExp(`\\b${w}\\b`));
    }), { numRuns: 300 });
  });
});

describe('pathological lessons finish with a deck', () => {
  it('a 10 MB lesson', { timeout: PATHOLOGICAL_TIMEOUT }, () => {
    const section = (i: number) => `## Section ${i}\n\n- point one of ${i}\n- point two of ${i}\n\n${'A sentence that goes on for a while. '.repeat(8)}\n\n\`\`\`go\nfunc f${i}() {}\n\`\`\`\n\n`;
    let text = '# Huge\n\n';
    for (let i = 0; text.length < 10 * 1024 * 1024; i++) text += section(i);
    const deck = slice(text);
    expect(deck.slides.length).toBeGreaterThan(10_000);
    expect(reachableText(deck)).toContain('func f9999() {}');
  });

  it('a 10,000-item list: spread over slides, every item kept in order', { timeout: PATHOLOGICAL_TIMEOUT }, () => {
    const text = `# L\n\n## Items\n\n${Array.from({ length: 10_000 }, (_, i) => `${i + 1}. item-${i + 1}`).join('\n')}\n`;
    const deck = slice(text);
    const found = [...reachableText(deck).matchAll(/item-(\d+)/g)].map((m) => Number(m[1]));
    expect(found).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    expect(deck.slides.length).toBeGreaterThan(100);
  });

  it.each([50, 1000, 5000])('%i levels of nesting (lists and quotes): nothing after them is lost', { timeout: PATHOLOGICAL_TIMEOUT }, (levels) => {
    const list = Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- level${i}`).join('\n');
    const quotes = Array.from({ length: levels }, (_, i) => `${'>'.repeat(i + 1)} quote${i}`).join('\n');
    const deck = slice(`# N\n\n## Deep\n\n${list}\n\n## Quotes\n\n${quotes}\n\n## After\n\n- the end\n`);
    const reachable = reachableText(deck);
    const found = (name: string) => new Set([...reachable.matchAll(new RegExp(`${name}(\\d+)`, 'g'))].map((m) => Number(m[1])));
    expect(found('level').size).toBe(levels);
    expect(found('quote').size).toBe(levels);
    expect(deck.slides.map((s) => s.title)).toContain('After');
  });

  it('an unterminated fence keeps the rest of the file as code', () => {
    const deck = slice('# U\n\n## Code\n\n```bash\necho one\n\n## Not a heading\n\nstill code\n');
    expect(reachableText(deck)).toContain('still code');
    expect(deck.slides.map((s) => s.title)).not.toContain('Not a heading');
  });

  it('a fence inside a fence stays one code block', () => {
    const deck = slice('# F\n\n## Outer\n\n````markdown\n```yaml\nkey: value\n---\n```\n````\n\nafter\n');
    const outer = deck.slides.find((s) => s.title === 'Outer')!;
    expect(outer.html).toContain('```yaml');
    expect(outer.html).toContain('key: value');
    expect(reachableText(deck)).toContain('after');
  });

  it('binary bytes, NUL included', () => {
    const bytes = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919) % 256));
    const deck = slice(`# B\n\n## Bytes\n\n${bytes.toString('latin1')}\n`);
    expect(deck.slides.length).toBeGreaterThan(0);
  });

  it('CRLF line ends and a BOM cut exactly like LF', () => {
    const lf = '---\ntitle: Same\n---\n# T\n\n## One\n\n- a\n- b\n\n## Two\n\n```yaml\nx: 1\n```\n';
    const crlf = `\uFEFF${lf.replace(/\n/g, '\r\n')}`;
    const [a, b] = [slice(lf), slice(crlf)];
    expect(b.title).toBe('Same');
    expect(b.slides.map((s) => [s.id, s.title])).toEqual(a.slides.map((s) => [s.id, s.title]));
  });

  describe('files on disk', () => {
    let root = '';
    beforeAll(async () => {
      root = await mkdtemp(path.join(os.tmpdir(), 'ld-robust-'));
      await mkdir(path.join(root, 'module-01', 'lessons'), { recursive: true });
    });
    afterAll(() => rm(root, { recursive: true, force: true }));

    it('invalid UTF-8 becomes replacement characters, the rest of the lesson is kept', async () => {
      const bytes = Buffer.concat([Buffer.from('# Bad Bytes\n\n## Here\n\n- before '), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from(' after\n')]);
      await writeFile(path.join(root, 'module-01', 'lessons', '01-bad.md'), bytes);
      const course = await loadCourse(root);
      const text = reachableText(course.decks[0]!.deck);
      expect(text).toContain('before');
      expect(text).toContain('after');
      expect(text).toContain('\uFFFD');
    });
  });
});

describe('raw HTML', () => {
  const hostile = '# H\n\n## Raw\n\n<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\nText <b onclick="alert(3)">bold</b>.\n';
  it('is kept by default (authors use it), except <script>: dropped with a located warning unless the lesson keeps it', () => {
    const deck = slice(hostile);
    const raw = deck.slides.find((s) => s.title === 'Raw')!;
    expect(raw.html).toContain('<b onclick="alert(3)">bold</b>');
    expect(raw.html).not.toContain('<script');
    expect(deck.diagnostics).toContainEqual(expect.objectContaining({ rule: 'script-dropped', line: 5 }));
    const kept = slice(`---\nlessondeck:\n  scripts: keep\n---\n${hostile}`).slides.find((s) => s.title === 'Raw')!;
    expect(kept.html).toContain('<script>alert(1)</script>');
  });
  it('is escaped into visible text with the safe markdown (--safe)', () => {
    const raw = sliceLesson({ file: 'x.md', text: hostile, markdown: createMarkdown({ html: false }) }).slides.find((s) => s.title === 'Raw')!;
    expect(raw.html).not.toMatch(/<script|<img|<b /);
    expect(raw.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('a 5,000-node diagram', () => {
  let browser: BrowserService;
  beforeAll(async () => {
    browser = await BrowserService.launch();
  });
  afterAll(() => browser?.close());

  it('renders or fails with a located error, and never hangs the build', { timeout: PATHOLOGICAL_TIMEOUT }, async () => {
    const chain = `graph TD\n${Array.from({ length: 5000 }, (_, i) => `n${i}-->n${i + 1}`).join('\n')}`;
    const isolated = `graph TD\n${Array.from({ length: 5000 }, (_, i) => `n${i}[node ${i}]`).join('\n')}`;
    const results = await renderDiagrams(
      [
        { source: chain, where: { file: 'lessons/big.md', line: 7 } },
        { source: isolated, where: { file: 'lessons/big.md', line: 20 } },
      ],
      { browser, mermaidConfig: { theme: 'default' }, cacheDir: false },
    );
    // Each one either renders or fails with mermaid's message at its file:line.
    for (const [i, r] of results.entries()) {
      if (r.ok) expect(r.svg).toMatch(/^<svg/);
      else expect(r.diagnostic).toMatchObject({ file: 'lessons/big.md', line: i === 0 ? 7 : 20, severity: 'error', rule: 'mermaid-syntax' });
    }
  });
});
