/**
 * Measures what there is to say on each slide, from the built deck's DOM, for
 * the pacing plan: words on the slide, words in its notes, code lines,
 * diagrams, and an explicit `data-timing` (seconds) when the author set one.
 */
import type { SlideContent } from './pacing.ts';

function countWords(text: string | null | undefined): number {
  return (text ?? '').split(/\s+/).filter(Boolean).length;
}

/** Text of the slide without its notes, code and diagrams (those are weighted separately). */
function visibleText(slide: HTMLElement): string {
  const copy = slide.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('aside.notes, pre, figure.diagram, section').forEach((el) => el.remove());
  return copy.textContent ?? '';
}

function codeLines(slide: HTMLElement): number {
  let lines = 0;
  slide.querySelectorAll('pre').forEach((pre) => {
    if (pre.closest('aside.notes')) return;
    const marked = pre.querySelectorAll('.line').length;
    lines += marked || (pre.textContent ?? '').split('\n').filter((l) => l.trim()).length;
  });
  return lines;
}

export function parseTiming(raw: string | null | undefined): number | undefined {
  if (raw == null || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

export function slideContent(slide: HTMLElement): SlideContent {
  return {
    slideWords: countWords(visibleText(slide)),
    notesWords: countWords(slide.querySelector(':scope > aside.notes')?.textContent),
    codeLines: codeLines(slide),
    diagrams: slide.querySelectorAll('figure.diagram').length,
    timingSeconds: parseTiming(slide.getAttribute('data-timing')),
  };
}
