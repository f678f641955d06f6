/**
 * Checkpoints and polls in lesson markdown (src/slides/plugins/checkpoints.ts)
 * and lab steps (src/slides/labSteps.ts): what they become in the deck model,
 * and the located errors malformed ones give.
 */
import { describe, expect, it } from 'vitest';
import MarkdownIt from 'markdown-it';
import { sliceLesson } from '../../src/slides/slice.ts';
import { isLab, markLabSteps, stepOf } from '../../src/slides/labSteps.ts';
import type { Slide } from '../../src/slides/model.ts';

const lesson = (body: string, file = 'm/lessons/l.md') => sliceLesson({ file, text: `# Lesson\n\n## Topic\n\n- one point\n\n${body}` });
const errors = (deck: ReturnType<typeof lesson>) => deck.diagnostics.filter((d) => d.rule === 'checkpoint');

const CHOICE = `> **Check:** Which command renders a chart without installing it?
>
> - [ ] \`helm install --dry-run\`
> - [x] \`helm template\`
>
> **Why:** \`template\` renders on your machine.
`;

describe('checkpoints', () => {
  it('reads as a quote with a task list on GitHub: plain markdown, nothing special', () => {
    const html = new MarkdownIt().render(CHOICE);
    expect(html).toContain('<blockquote>');
    expect(html).toContain('[x] <code>helm template</code>');
  });

  it('becomes a slide of its own after the section it is asked in, and the text after it continues that section', () => {
    const deck = lesson(`${CHOICE}\nMore about charts.\n`);
    const titles = deck.slides.map((s) => [s.level, s.title]);
    expect(titles).toEqual([['h', 'Lesson'], ['h', 'Topic'], ['v', 'Check: Which command renders a chart without installing it?'], ['v', 'Topic']]);
    const slide = deck.slides[2]!;
    expect(slide.attributes).toContainEqual(['class', 'ld-checkpoint-slide']);
    expect(slide.html).toContain('data-ld-checkpoint="cp-which-command-renders-a-chart-without-installing"');
    expect(slide.html).toContain('data-kind="check"');
    expect(slide.html).toContain('data-correct="1"');
    expect(slide.html).toContain('type="radio"');
    expect(slide.html).toContain('<code>helm template</code>');
    // The explanation is there, hidden until answered, without its marker.
    expect(slide.html).toMatch(/<div class="ld-checkpoint-why" hidden><p><code>template<\/code> renders on your machine.<\/p>/);
    expect(slide.html).not.toContain('Why:');
    expect(errors(deck)).toEqual([]);
  });

  it('offers checkboxes when several options are right, a text field for a short answer, no right answer for a poll', () => {
    const multi = lesson('> **Check:** Which are verbs?\n>\n> - [x] get\n> - [ ] pods\n> - [x] watch\n').slides.at(-1)!;
    expect(multi.html).toContain('data-correct="0,2"');
    expect(multi.html).toContain('type="checkbox"');
    const text = lesson('> **Check:** Default metrics port?\n>\n> **Answer:** 8080 | 8080/tcp\n').slides.at(-1)!;
    expect(text.html).toContain('data-form="text"');
    expect(text.html).toContain('data-accept="[&quot;8080&quot;,&quot;8080/tcp&quot;]"');
    const poll = lesson('> **Poll:** How far along are you?\n>\n> - [ ] Not started\n> - [ ] Halfway\n> - [ ] Done\n').slides.at(-1)!;
    expect(poll.title).toBe('Poll: How far along are you?');
    expect(poll.html).toContain('data-kind="poll"');
    expect(poll.html).not.toContain('data-correct');
    expect(poll.html).toContain('>Vote</button>');
  });

  it('gives two checkpoints with the same question different ids', () => {
    const deck = lesson(`${CHOICE}\n${CHOICE}`);
    const ids = deck.slides.flatMap((s) => /data-ld-checkpoint="([^"]+)"/.exec(s.html)?.[1] ?? []);
    expect(ids).toEqual(['cp-which-command-renders-a-chart-without-installing', 'cp-which-command-renders-a-chart-without-installing-1']);
  });

  it.each([
    ['> **Check:** Which one?\n>\n> - [ ] a\n> - [ ] b\n', 'mark the right option(s) with "- [x]"'],
    ['> **Poll:** Which one?\n>\n> - [x] a\n> - [ ] b\n', 'a poll has no right answer'],
    ['> **Check:** Which one?\n', 'add options'],
    ['> **Check:** Which one?\n>\n> - [x] a\n', 'at least two options'],
    ['> **Check:** Which one?\n>\n> - [x] a\n> - b\n', 'does not start with [ ] or [x]'],
    ['> **Check:** Which one?\n>\n> - [x] a\n> - [ ] b\n>\n> **Answer:** a\n', 'not both'],
    ['> **Check:**\n>\n> - [x] a\n> - [ ] b\n', 'write the question'],
    ['> **Check:** Which one?\n>\n> - [x] a\n> - [ ] b\n>\n> Stray text.\n', 'only the explanation'],
  ])('reports a malformed block at its line, says what to do, and leaves it a quote: %s', (block, advice) => {
    const deck = lesson(block);
    const found = errors(deck);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ file: 'm/lessons/l.md', line: 7, severity: 'error' });
    expect(found.map((d) => d.message).join(' ')).toContain(advice);
    expect(deck.slides.some((s) => s.html.includes('ld-checkpoint'))).toBe(false);
    expect(deck.slides.at(-1)!.html).toContain('<blockquote');
  });

  it('counts front matter lines in the reported line', () => {
    const deck = sliceLesson({ file: 'l.md', text: '---\ntitle: T\n---\n\n> **Check:** Which?\n>\n> - [ ] a\n> - [ ] b\n' });
    expect(errors(deck)[0]?.line).toBe(5);
  });

  it('leaves ordinary quotes and **Note:** callouts alone', () => {
    const deck = lesson('> **Note:** checks run nightly.\n\n> Check: this is prose.\n');
    expect(deck.slides.some((s) => s.html.includes('ld-checkpoint'))).toBe(false);
    expect(errors(deck)).toEqual([]);
  });
});

const slide = (title: string, level: 'h' | 'v' = 'v', part?: number): Slide => ({
  id: title, level, kind: 'content', title, headingLevel: level === 'h' ? 2 : 3, html: '', notesHtml: '', source: { file: 'x', line: 1 }, ...(part ? { part: { index: part, total: 2 } } : {}),
});

describe('lab steps', () => {
  it('is a lab under labs/ or with front matter lab: true', () => {
    expect(isLab('m/labs/lab-1.md')).toBe(true);
    expect(isLab('m/lessons/l.md')).toBe(false);
    expect(isLab('m/lessons/l.md', { lab: true })).toBe(true);
    expect(isLab('labs.md')).toBe(false);
  });

  it('names steps by their number', () => {
    expect(stepOf('Task 1.2: Write the Dockerfile')).toEqual({ id: 'step-1-2', rank: 0 });
    expect(stepOf('Step 3 — install')).toEqual({ id: 'step-3', rank: 0 });
    expect(stepOf('Exercise 4: A Helm chart')).toEqual({ id: 'step-4', rank: 1 });
    expect(stepOf('2. Install the chart')).toEqual({ id: 'step-2', rank: 2 });
    expect(stepOf('Objectives')).toBeUndefined();
  });

  it('tracks the tasks of an exercise that has tasks, and an exercise without tasks as one step; parts share their step', () => {
    const slides = markLabSteps([
      slide('Objectives', 'h'),
      slide('Exercise 1: Build', 'h'), slide('Task 1.1: Embed'), slide('Task 1.1: Embed', 'v', 2), slide('Task 1.2: Dockerfile'),
      slide('Exercise 2: Release', 'h'), slide('Exercise 2: Release', 'v', 2),
      slide('Cleanup', 'h'),
    ], 'm/labs/lab-1.md');
    expect(slides.map((s) => s.step?.id ?? null)).toEqual([null, null, 'step-1-1', 'step-1-1', 'step-1-2', 'step-2', 'step-2', null]);
    expect(slides[2]!.attributes).toEqual([['data-ld-step', 'step-1-1'], ['data-ld-step-label', 'Task 1.1: Embed']]);
  });

  it('marks the sample course lab: five or more steps, each with a unique id', () => {
    const text = `# Lab\n\n## Exercise 1: One\n\n### Task 1.1: A\n\n- do a\n\n### Task 1.2: B\n\n- do b\n\n## Exercise 2: Two\n\n- do c\n\n## Exercise 3: Three\n\n### Task 3.1: D\n\n- do d\n\n### Task 3.2: E\n\n- do e\n`;
    const deck = sliceLesson({ file: 'm/labs/lab.md', text });
    expect(deck.slides.flatMap((s) => (s.step ? [s.step.id] : []))).toEqual(['step-1-1', 'step-1-2', 'step-2', 'step-3-1', 'step-3-2']);
    expect(sliceLesson({ file: 'm/lessons/l.md', text }).slides.some((s) => s.step)).toBe(false);
  });
});
