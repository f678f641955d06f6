/**
 * Lab steps: in a lab (a file under `labs/`, or front matter `lab: true`),
 * the slides a student works through one by one — `Task 1.2: …` or
 * `Step 3 …` headings, else `Exercise 2: …`, else numbered headings
 * (`1. Install the chart`). Each gets a stable step id; while following, a
 * student marks a step done or stuck (src/client/classroom/labProgress.ts).
 * Pure: slides in, the same slides with `step` set.
 */
import type { Slide } from './model.ts';

/** Finest first: a lab with tasks inside exercises tracks the tasks. */
const STEP_PATTERNS: readonly RegExp[] = [/^(?:step|task)\s+(\d+(?:\.\d+)*)\b/i, /^exercise\s+(\d+(?:\.\d+)*)\b/i, /^(\d+(?:\.\d+)*)[.):]\s/];

export function isLab(file: string, frontMatter: Record<string, unknown> = {}): boolean {
  if (typeof frontMatter.lab === 'boolean') return frontMatter.lab;
  return file.split('/').slice(0, -1).includes('labs');
}

/** Which step a heading names (`step-1-2` for `Task 1.2: …`) and how fine it is (0 finest); undefined when none. */
export function stepOf(title: string): { id: string; rank: number } | undefined {
  for (const [rank, pattern] of STEP_PATTERNS.entries()) {
    const match = pattern.exec(title.trim());
    if (match) return { id: `step-${match[1]!.replace(/\./g, '-')}`, rank };
  }
  return undefined;
}

function isCheckpointSlide(slide: Slide): boolean {
  return !!slide.attributes?.some(([name, value]) => name === 'class' && value.split(' ').includes('ld-checkpoint-slide'));
}

/**
 * Sets `step` on the slides of a lab's steps. A heading is a step unless a finer one follows
 * under it (an exercise made of tasks tracks its tasks; one without tasks is a step itself).
 * Parts of one step (continuation slides) share it.
 */
export function markLabSteps(slides: Slide[], file: string, frontMatter: Record<string, unknown> = {}): Slide[] {
  if (!isLab(file, frontMatter)) return slides;
  const found = slides.map((s) => (s.kind === 'content' && !isCheckpointSlide(s) ? stepOf(s.title) : undefined));
  const used = new Set<string>();
  let current: { title: string; id: string } | undefined;
  slides.forEach((slide, i) => {
    const step = found[i];
    if (!step) return;
    if (current?.title === slide.title && slide.part && slide.part.index > 1) return void assign(slide, current.id);
    // Everything under this heading: until the next horizontal slide that is not one of its parts.
    let finer = false;
    for (let j = i + 1; j < slides.length && !(slides[j]!.level === 'h' && slides[j]!.title !== slide.title); j++) finer ||= (found[j]?.rank ?? Infinity) < step.rank;
    if (finer) return;
    let id = step.id;
    for (let n = 2; used.has(id); n++) id = `${step.id}-${n}`;
    used.add(id);
    current = { title: slide.title, id };
    assign(slide, id);
  });
  return slides;
}

function assign(slide: Slide, id: string): void {
  slide.step = { id, label: slide.title };
  slide.attributes = [...(slide.attributes ?? []), ['data-ld-step', id], ['data-ld-step-label', slide.title]];
}
