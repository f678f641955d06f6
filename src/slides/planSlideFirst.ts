/**
 * Cuts a slide-first file (reveal-md / Slidev style) as written: `---` starts
 * a slide, a `--` line starts a vertical slide, a `Note:` paragraph and all
 * after it are speaker notes. Splitting happens on tokens, so a `---` inside a
 * YAML fence or a `Note:` line inside code never cuts anything.
 */
import type { Block } from './blocks.ts';
import { blockText, headingLevel, inlineText, isParagraph } from './blocks.ts';
import { isNavigationLine } from './navigation.ts';
import { isNoteParagraph, isNotesContainer, isNotesMarker, notesContainerContent, stripNotePrefix } from './notes.ts';
import type { DeckPlan, SlidePlan } from './slidePlan.ts';

/** Enough `---` rules for slides, and used as often as sections are. */
export function looksSlideFirst(blocks: Block[]): boolean {
  const rules = blocks.filter((b) => b.type === 'hr').length;
  if (rules < 2) return false;
  if (blocks.some(isNoteParagraph)) return true;
  const h2 = blocks.filter((b) => headingLevel(b) === 2).length;
  // N slides have N-1 separators.
  return rules >= h2 - 1;
}

function isVerticalSeparator(block: Block): boolean {
  return isParagraph(block) && blockText(block).trim() === '--';
}

export function planSlideFirst(blocks: Block[]): DeckPlan {
  const navigation = blocks.filter(isNavigationLine);
  const slides: SlidePlan[] = [];
  let current: Block[] = [];
  let level: 'h' | 'v' = 'h';
  const flush = (nextLevel: 'h' | 'v') => {
    if (current.length > 0 || slides.length > 0) slides.push(planSlide(current, level, slides.length === 0));
    current = [];
    level = nextLevel;
  };
  for (const block of blocks) {
    if (isNavigationLine(block)) continue;
    if (block.type === 'hr') flush('h');
    else if (isVerticalSeparator(block)) flush('v');
    else current.push(block);
  }
  if (current.length > 0) flush('h');
  const first = slides[0];
  return { ...(first?.kind === 'title' ? { title: first.title } : {}), slides, navigation };
}

function planSlide(blocks: Block[], level: 'h' | 'v', isFirst: boolean): SlidePlan {
  const visible: Block[] = [];
  const notes: Block[] = [];
  let inNotes = false;
  for (const block of blocks) {
    if (isNotesMarker(block)) {
      inNotes = true;
    } else if (isNotesContainer(block)) {
      notes.push(notesContainerContent(block));
    } else if (!inNotes && isNoteParagraph(block)) {
      inNotes = true;
      stripNotePrefix(block);
      notes.push(block);
    } else {
      (inNotes ? notes : visible).push(block);
    }
  }
  // A heading that opens the slide (after any `<!-- fit -->` comment) is the
  // slide's heading, as a section's is in a document: fitting keeps it on
  // every part instead of leaving it alone on a slide of its own.
  const opening = visible.findIndex((b) => b.type !== 'html_block');
  const ownHeading = opening >= 0 && headingLevel(visible[opening]!) > 0 ? visible.splice(opening, 1)[0] : undefined;
  const heading = ownHeading ?? visible.find((b) => headingLevel(b) > 0);
  const level1 = heading ? headingLevel(heading) : 0;
  return {
    kind: isFirst && level1 === 1 ? 'title' : 'content',
    level,
    title: heading ? inlineText(heading.tokens[1]!).trim() : '',
    headingLevel: level1,
    ...(ownHeading ? { heading: ownHeading } : {}),
    visible,
    notes,
    bodyLine: blocks[0]?.bodyLine ?? 0,
  };
}
