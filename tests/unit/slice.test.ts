import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sliceLesson } from '../../src/slides/slice.ts';
import type { Deck } from '../../src/slides/model.ts';
import { escapeHtml } from '../../src/slides/renderEnv.ts';

const SEEDS = path.resolve(import.meta.dirname, '../../../shared/seeds');
const REPO = path.resolve(import.meta.dirname, '../..');
const seedLesson = path.join(SEEDS, 'module-07-lessons-01-packaging-distribution.md');

function slice(text: string, file = 'module-07/lessons/01-x.md'): Deck {
  return sliceLesson({ file, text });
}

function allText(deck: Deck): string {
  return deck.slides.map((s) => `${s.html}\n${s.notesHtml}`).join('\n');
}

/** Slide text with each diagram placeholder replaced by the diagram's source. */
function textWithDiagrams(deck: Deck): string {
  return allText(deck).replace(/<!--ld-diagram:(\d+)-->/g, (_m, i: string) => escapeHtml(deck.diagrams[Number(i)]!.source));
}

// The seeds live beside the repo (../shared, as in CI); a clone elsewhere skips this block.
const hasSeed = existsSync(seedLesson);
describe.skipIf(!hasSeed)('the seed lesson (a real lesson document)', () => {
  const deck = hasSeed ? slice(readFileSync(seedLesson, 'utf8')) : slice('');

  it('opens with a title slide made from the H1', () => {
    expect(deck.slides[0]).toMatchObject({ kind: 'title', level: 'h', title: 'Lesson 7.1: Packaging and Distribution' });
    expect(deck.title).toBe('Lesson 7.1: Packaging and Distribution');
  });

  it('cuts H2 into horizontal and H3 into vertical slides', () => {
    const h2 = [...readFileSync(seedLesson, 'utf8').matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    const horizontalTitles = deck.slides.filter((s) => s.level === 'h' && s.kind !== 'title').map((s) => s.title);
    expect(horizontalTitles).toEqual(h2);
    const underBuilding = deck.slides.slice(deck.slides.findIndex((s) => s.title === 'Building Container Images'));
    expect(underBuilding[0]!.kind).toBe('section');
    expect(underBuilding[1]).toMatchObject({ level: 'v', title: 'Dockerfile Structure' });
    expect(underBuilding[2]).toMatchObject({ level: 'v', title: 'Image Build Process' });
    expect(deck.slides.filter((s) => s.level === 'v').length).toBeGreaterThanOrEqual(20);
  });

  it('turns navigation lines into deck links, not slide text', () => {
    expect(allText(deck)).not.toMatch(/Navigation:/);
    expect(deck.nav.up).toEqual({ href: '../README.md', label: 'Module Overview' });
    expect(deck.nav.next?.href).toBe('02-rbac-security.md');
  });

  it('reads bare arrow lines and breadcrumbs as navigation too', () => {
    const other = sliceLesson({ file: 'm/lessons/01-a.md', text: '[Course home](../../README.md) › [Module 1](../README.md) › Lesson 1.1\n\n# Lesson 1.1\n\n## Body\n\n- A point, [with a link](x.md) → somewhere\n\n⬅️ [Module 1 overview](../README.md) | **Next:** [Lesson 1.2 — Analytical SQL](02-b.md) ➡️\n' });
    const text = other.slides.map((s) => s.html).join('');
    expect(text).not.toContain('Course home');
    expect(text).not.toContain('Module 1 overview');
    expect(text).toContain('with a link'); // a list item with a link and an arrow stays content
    expect(other.nav.next).toEqual({ href: '02-b.md', label: 'Lesson 1.2 — Analytical SQL' });
    expect(other.nav.up?.href).toBe('../README.md');
  });

  it('moves long prose to notes and keeps short statements on the slide', () => {
    const intro = deck.slides.find((s) => s.title === 'Introduction')!;
    expect(intro.notesHtml).toContain('Before deploying operators to production');
    expect(intro.html).not.toContain('This lesson covers building container images');
    const theory = deck.slides.find((s) => s.title === 'Theory: Packaging and Distribution')!;
    expect(theory.html).toContain('reliable, repeatable deployments');
    expect(theory.notesHtml).toBe('');
  });

  it('keeps every diagram, as placeholders in order', () => {
    const fences = readFileSync(seedLesson, 'utf8').match(/^```mermaid$/gm)!.length;
    expect(deck.diagrams).toHaveLength(fences);
    for (const d of deck.diagrams) expect(allText(deck)).toContain(`<!--ld-diagram:${d.index}-->`);
  });

  it('loses nothing: every heading, list item, code line and table cell is on a slide or in notes', () => {
    const source = readFileSync(seedLesson, 'utf8');
    const text = decodeEntities(textWithDiagrams(deck).replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ');
    const fragments = sourceFragments(source);
    expect(fragments.length).toBeGreaterThan(100);
    const missing = fragments.filter((f) => !text.includes(f));
    expect(missing).toEqual([]);
  });
});

describe('fences are never split', () => {
  it('a --- or Note: inside a fence stays in the code block', () => {
    const deck = slice(['# T', '', '## A', '', '```yaml', 'a: 1', '---', 'b: 2', 'Note: not a note', '```', '', '## B', '', '- x'].join('\n'));
    expect(deck.slides.map((s) => s.title)).toEqual(['T', 'A', 'B']);
    expect(deck.slides[1]!.html).toContain('---');
    expect(deck.slides[1]!.html).toContain('Note: not a note');
    expect(deck.slides[1]!.notesHtml).toBe('');
  });

  it('in a slide-first file too', () => {
    const text = ['# Deck', '', '---', '', '## One', '', '```yaml', 'kind: A', '---', 'kind: B', '```', '', '---', '', '## Two', '', '```text', 'Note: literal', '```', '', 'Note: real notes here'].join('\n');
    const deck = slice(text);
    expect(deck.mode).toBe('slides');
    expect(deck.slides.map((s) => s.title)).toEqual(['Deck', 'One', 'Two']);
    expect(deck.slides[1]!.html).toContain('kind: B');
    expect(deck.slides[2]!.html).toContain('Note: literal');
    expect(deck.slides[2]!.notesHtml).toContain('real notes here');
    expect(deck.slides[2]!.notesHtml).not.toContain('Note:');
  });
});

describe('slide-first files', () => {
  it('cut at ---, stack at --, notes after Note:', () => {
    const text = ['---', 'title: Quick ref', '---', '# Quick ref', '', '---', '', '## A', '', '- a', '', '--', '', '## A2', '', 'text', '', 'Note:', 'say this', '', '---', '', '## B', ''].join('\n');
    const deck = slice(text);
    expect(deck.title).toBe('Quick ref');
    expect(deck.slides.map((s) => [s.title, s.level])).toEqual([['Quick ref', 'h'], ['A', 'h'], ['A2', 'v'], ['B', 'h']]);
    expect(deck.slides[2]!.notesHtml).toContain('say this');
  });

  it('long prose stays on the slide (the author wrote slides)', () => {
    const long = 'This sentence is long. '.repeat(15);
    const deck = slice(['## A', '', long, '', '---', '', '## B', '', '---', '', '## C'].join('\n'));
    expect(deck.mode).toBe('slides');
    expect(deck.slides[0]!.html).toContain('This sentence is long.');
  });
});

describe('front matter', () => {
  it('is parsed and honoured (title, duration), other generators’ keys tolerated', () => {
    const deck = slice(['---', 'title: From front matter', 'duration: 50 min', 'layout: default', '---', '# Heading title', '', '## S', '', '- a'].join('\n'));
    expect(deck.title).toBe('From front matter');
    expect(deck.durationMinutes).toBe(50);
    expect(deck.frontMatter).toMatchObject({ layout: 'default' });
    expect(deck.slides[1]!.source.line).toBe(8);
  });

  it('in a Jekyll page (just-the-docs keys) `title` is the navigation label: the # heading names the deck', () => {
    const deck = slice(['---', 'title: From front matter', 'layout: default', 'nav_order: 3', 'parent: Module 7', '---', '# Heading title', '', '## S', '', '- a'].join('\n'));
    expect(deck.title).toBe('Heading title');
    expect(deck.frontMatter).toMatchObject({ layout: 'default', nav_order: 3 });
  });

  it('a file opening with a lone --- rule is not front matter', () => {
    const deck = slice(['---', '', 'Some intro text.', '', '---', '', '# Title', '', '## S', '', '- item'].join('\n'));
    expect(deck.frontMatter).toEqual({});
    expect(allText(deck)).toContain('Some intro text.');
  });

  it('invalid YAML is an error naming the line', () => {
    const deck = slice(['---', 'title: ok', 'bad: [unclosed', '---', '# T'].join('\n'), 'x.md');
    const error = deck.diagnostics.find((d) => d.rule === 'front-matter');
    expect(error).toMatchObject({ file: 'x.md', severity: 'error' });
    expect(error!.line).toBeGreaterThanOrEqual(2);
  });
});

describe('spreading big sections', () => {
  it('a diagram and a code block in one section go on separate slides', () => {
    const code = Array.from({ length: 10 }, (_, i) => `RUN step ${i}`).join('\n');
    const deck = slice(['# T', '', '## Build', '', '```mermaid', 'graph TB', 'A-->B', '```', '', '```dockerfile', code, '```'].join('\n'));
    const build = deck.slides.filter((s) => s.title === 'Build');
    expect(build).toHaveLength(2);
    expect(build[0]!.html).toContain('ld-diagram');
    expect(build[1]!.html).toContain('RUN step 9');
    expect(build[1]!.part).toEqual({ index: 2, total: 2 });
    expect(build[1]!.html).toContain('(2/2)');
    expect(new Set(deck.slides.map((s) => s.id)).size).toBe(deck.slides.length);
  });

  it('a 60-item list is cut at item boundaries and numbering continues', () => {
    const items = Array.from({ length: 60 }, (_, i) => `${i + 1}. item number ${i + 1}`).join('\n');
    const deck = slice(['# T', '', '## Steps', '', items].join('\n'));
    const parts = deck.slides.filter((s) => s.title === 'Steps');
    expect(parts.length).toBeGreaterThanOrEqual(4);
    expect(parts[1]!.html).toMatch(/<ol start="\d+">/);
    for (let i = 1; i <= 60; i++) expect(allText(deck)).toContain(`item number ${i}<`);
  });

  it('shows a long first sentence on a bare slide cut after a clause or a whole word, never inside a word', () => {
    const clauses = 'A complete loop: a model served with version-aware metrics and a prediction log; canary releases judged automatically on errors, latency, and prediction shift; and a drift monitor that pages a person when the inputs move. More follows here, long enough that the paragraph goes to the notes rather than onto the slide, because it is a whole paragraph of prose and not a point.';
    const words = 'Every service in the fleet reports its request counts its error counts and its latency buckets to the same collector which keeps them for thirty days before it hands them over to long term storage in the warehouse. More follows here, long enough that the paragraph goes to the notes rather than onto the slide.';
    for (const [text, shown] of [[clauses, 'A complete loop: a model served with version-aware metrics and a prediction log; canary releases judged automatically on errors, latency, and prediction shift…'], [words, 'Every service in the fleet reports its request counts its error counts and its latency buckets to the same collector which keeps them for thirty days before…'] ] as const) {
      const deck = sliceLesson({ file: 'labs/lab-05-x.md', text: `# Lab 05: X\n\n## Step 1: Do it\n\n- a\n\n## What you built\n\n${text}\n` });
      const bare = deck.slides.find((s) => s.title === 'What you built')!;
      expect(bare.html).toContain(`<p class="ld-lead">${shown}</p>`);
      // The whole paragraph is the speaker's.
      expect(bare.notesHtml).toContain(text.slice(0, 60));
    }
  });

  it('a lead-in line stays with the list it introduces', () => {
    const list = Array.from({ length: 4 }, (_, i) => `- point ${i}`).join('\n');
    const deck = slice(['# T', '', '## S', '', '**First:**', list, '', '**Second:**', list, '', '**Third:**', list, '', '**Fourth:**', list].join('\n'));
    for (const slide of deck.slides.filter((s) => s.title === 'S')) {
      expect(slide.html.trim()).not.toMatch(/<strong>\w+:<\/strong><\/p>$/);
    }
  });
});

describe('explicit notes win', () => {
  it('<!-- notes --> and ::: notes', () => {
    const long = 'A long explanation that would normally move to the notes because it is prose. '.repeat(4);
    const deck = slice(['# T', '', '## S', '', long, '', '<!-- notes -->', 'Say hello.', '', '## U', '', '::: notes', 'Remember the demo.', ':::', '', '- visible'].join('\n'));
    const s = deck.slides.find((x) => x.title === 'S')!;
    expect(s.html).toContain('A long explanation');
    expect(s.notesHtml).toContain('Say hello.');
    const u = deck.slides.find((x) => x.title === 'U')!;
    expect(u.notesHtml).toContain('Remember the demo.');
    expect(u.html).toContain('visible');
    expect(u.html).not.toContain('Remember');
  });
});

describe('callbacks', () => {
  it('links are resolved through resolveLink and code through renderCode', () => {
    const deck = sliceLesson({
      file: 'a.md',
      text: '# T\n\n## S\n\nSee [b](b.md#x).\n\n```go\nfunc main() {}\n```\n',
      resolveLink: (href) => `resolved:${href}`,
      renderCode: (code, info, where) => ({ html: `<pre class="shiki">${info}@${where.line}:${code.trim()}</pre>`, diagnostics: [{ file: where.file, line: where.line, column: 1, severity: 'warning', rule: 'probe', message: 'x' }] }),
    });
    expect(allText(deck)).toContain('href="resolved:b.md#x"');
    expect(allText(deck)).toContain('go@7:func main() {}');
    expect(deck.diagnostics.some((d) => d.rule === 'probe' && d.line === 7)).toBe(true);
  });

  it('a .mmd image becomes a diagram read through readRelative', () => {
    const deck = sliceLesson({ file: 'm/l.md', text: '# T\n\n## S\n\n![flow](../diagrams/flow.mmd)\n', readRelative: (p) => (p === '../diagrams/flow.mmd' ? 'graph LR\nA-->B' : undefined) });
    expect(deck.diagrams).toEqual([{ index: 0, source: 'graph LR\nA-->B', where: { file: 'm/l.md', line: 5 }, sourceStart: { file: 'diagrams/flow.mmd', line: 1 } }]);
  });
});

/** Visible text a reader must find again: headings, list items, table cells, code lines. */
function sourceFragments(markdown: string): string[] {
  const fragments: string[] = [];
  let inFence = false;
  for (const raw of markdown.split('\n')) {
    const line = raw.trimEnd();
    if (/^```/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (/\*\*Navigation:\*\*/.test(line)) continue;
    let text = inFence ? line.trim() : line.replace(/^#+\s+|^\s*[-*]\s+|^\s*\d+\.\s+/, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*`]/g, '').trim();
    if (!inFence && line.startsWith('|')) text = '';
    if (inFence && text.startsWith('style ')) text = ''; // mermaid styling is not text
    if (text.length >= 4) fragments.push(text.replace(/\s+/g, ' '));
  }
  return fragments;
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

describe('a long list spread over slides', () => {
  it('puts one run of items on each slide, the first with its lead-in line, never two runs on one slide', () => {
    // The sample course's review questions: a lead-in line and 12 items, which the old cut spread as 5 | 6 + 1.
    const lesson = readFileSync(path.join(REPO, 'slides/module-07/lessons/02-rbac-security.md'), 'utf8');
    const parts = slice(lesson).slides.filter((s) => s.title === 'Permission Review Questions');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect((part.html.match(/<ol/g) ?? []).length, part.html.slice(0, 120)).toBe(1);
    expect(parts[0]!.html).toContain('Use this list in code review');
    const items = parts.flatMap((s) => s.html.match(/<li>/g) ?? []);
    expect(items).toHaveLength(12);
  });
});

describe('a lab written as one numbered list of big steps (stepLists.ts)', () => {
  const step = (n: number, title: string) => [`${n}. **${title}.** Do the thing for step ${n} and check it.`, '', '   ```bash', `   run-step ${n}`, '   ```', '', `   Expected output: step ${n} done.`, ''];
  const lab = ['# Lab 1', '', '## Steps', '', ...step(1, 'Create the project'), ...step(2, 'Write the Compose file'), ...step(3, 'Start the stack and watch the logs until the database reports it is ready for connections'), '## Checklist', '', '- [ ] It runs'].join('\n');

  it('makes each step a slide titled by its bold opening, numbered as written, every word kept', () => {
    const deck = sliceLesson({ file: 'module-01/labs/lab-01-x.md', text: lab });
    const steps = deck.slides.filter((s) => s.title.startsWith('Step '));
    expect(steps.map((s) => s.title)).toEqual(['Step 1: Create the project', 'Step 2: Write the Compose file', 'Step 3: Start the stack and watch the logs until the database…']);
    expect(steps.map((s) => s.step?.id)).toEqual(['step-1', 'step-2', 'step-3']);
    expect(steps[2]!.html).toContain('<ol start="3">');
    expect(steps[2]!.html).toContain('reports it is ready for connections.</strong>');
    for (const [i, s] of steps.entries()) expect(s.html).toContain(`run-step ${i + 1}`);
    // The section that held the list lists the steps.
    expect(deck.slides.find((s) => s.title === 'Steps')?.html).toContain('Step 2: Write the Compose file');
  });

  it('leaves a list of short points, and the sub-steps of a `## Step` section, as lists', () => {
    const short = sliceLesson({ file: 'module-01/labs/lab-01-x.md', text: '# Lab\n\n## Steps\n\n1. One thing\n2. Another\n3. A third\n' });
    expect(short.slides.filter((s) => s.title.startsWith('Step '))).toEqual([]);
    const nested = sliceLesson({ file: 'module-01/labs/lab-01-x.md', text: lab.replace('## Steps', '## Step 4: Bring it up') });
    expect(nested.slides.map((s) => s.title.replace(/ \(\d\/\d\)$/, ''))).not.toContain('Step 1: Create the project');
  });

  it('titles the steps of a numbered list in a lesson by number, not "Step"', () => {
    const deck = sliceLesson({ file: 'module-01/lessons/01-x.md', text: lab.replace('# Lab 1', '# Lesson 1') });
    expect(deck.slides.map((s) => s.title)).toContain('2. Write the Compose file');
  });
});
