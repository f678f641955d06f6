/**
 * Which slides the layout page may pack onto shared slides (pure; no browser):
 *  - a `##` and the `###` sections under it (the `##` first, as the parent);
 *  - the tail of a lesson — Related Lab, References / Further Reading /
 *    Related Topics, Next Steps — however it is nested.
 * Everything else is laid out slide by slide. A slide-first deck is never
 * re-packed: its author wrote its slides.
 */
import type { Deck, Slide } from '../slides/model.ts';

export type Unit = { slide: Slide } | { run: RunPlan };

export interface RunPlan {
  /** Heading for a shared slide that does not start with the parent (its `##`, when there is one). */
  heading: string;
  members: { slide: Slide; parent: boolean }[];
}

const TAIL_TITLE = /^(references?|resources?|further reading|reading|related( topics| labs?| lessons?| reading)?|next steps?|see also|links|useful links|official documentation|documentation|learn more|what'?s next|additional resources|bibliography|sources|credits)\b/i;

/** A lab step or a checkpoint stays a slide of its own: students mark it done, or answer it, there. */
function standsAlone(slide: Slide): boolean {
  return !!slide.step || !!slide.attributes?.some(([name, value]) => name === 'class' && value.split(' ').includes('ld-checkpoint-slide'));
}

/** Slides the page can lay out: content with blocks, and `##` slides that only introduce their children. */
export function packable(slide: Slide): boolean {
  return slide.kind !== 'title' && !!slide.layout && slide.fit !== 'none' && slide.fit !== 'scale' && !standsAlone(slide);
}

function isLinkListOnly(slide: Slide): boolean {
  const blocks = slide.layout?.blocks ?? [];
  return blocks.length > 0 && blocks.every((b) => /^<(ul|ol)\b/.test(b.html) && !/<pre|ld-diagram|<table/.test(b.html) && /<a\s/.test(b.html));
}

function isTail(slide: Slide): boolean {
  return packable(slide) && (TAIL_TITLE.test(slide.title.trim()) || isLinkListOnly(slide));
}

export function planUnits(deck: Deck, slides: Slide[]): Unit[] {
  if (deck.mode === 'slides') return slides.map((slide) => ({ slide }));
  const tailStart = tailIndex(slides);
  const units: Unit[] = [];
  let i = 0;
  while (i < tailStart) {
    const slide = slides[i]!;
    const children: Slide[] = [];
    if (slide.level === 'h' && slide.headingLevel === 2) {
      for (let j = i + 1; j < tailStart && slides[j]!.level === 'v' && slides[j]!.headingLevel === 3; j++) children.push(slides[j]!);
    }
    const family = [slide, ...children].filter(packable);
    if (children.length > 0 && family.length >= 2 && family.length === children.length + 1) {
      units.push({ run: { heading: slide.layout!.heading, members: family.map((s, k) => ({ slide: s, parent: k === 0 })) } });
      i += children.length + 1;
      continue;
    }
    units.push({ slide });
    i++;
  }
  const tail = slides.slice(tailStart);
  if (tail.length >= 2) {
    const named = tail.find((s) => /^(references?|resources?|further reading)\b/i.test(s.title.trim()));
    units.push({ run: { heading: named?.layout?.heading ?? '', members: tail.map((s) => ({ slide: s, parent: false })) } });
  } else units.push(...tail.map((slide) => ({ slide })));
  return units;
}

/** Index of the first slide of the lesson's tail (slides.length when there is none). */
function tailIndex(slides: Slide[]): number {
  let start = slides.length;
  while (start > 0 && isTail(slides[start - 1]!)) start--;
  // A `###` tail member belongs with its `##`: start the tail at the parent when it is tail-like too.
  while (start < slides.length && slides[start]!.level === 'v' && start > 0 && !isTail(slides[start - 1]!)) start++;
  return start;
}
