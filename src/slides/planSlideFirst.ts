/**
 * Cuts a slide-first file (reveal-md, Slidev, remark, Marp) as written:
 * `---` starts a slide; a `--` line (or reveal-md's `----`, or its own
 * `verticalSeparator`) starts a vertical slide; Marp's `headingDivider`
 * cuts at headings too; a `Note:` paragraph (or `???`, `<!-- notes -->`) and
 * all after it are speaker notes. Splitting happens on tokens, so a `---`
 * inside a YAML fence or a `Note:` line inside code never cuts anything.
 * What each tool means by a slide beyond the cut (layouts, directives,
 * comment notes) is in src/dialects/slideFirst.ts.
 */
import type { Block } from './blocks.ts';
import { blockText, headingLevel, inlineText, isParagraph } from './blocks.ts';
import { isNavigationLine } from './navigation.ts';
import { isNoteParagraph, isNotesContainer, isNotesMarker, notesContainerContent, stripNotePrefix } from './notes.ts';
import type { DeckPlan, SlidePlan } from './slidePlan.ts';
import type { DialectContext } from '../dialects/context.ts';
import { dialectSlides, type RawSlide } from '../dialects/slideFirst.ts';

export { detectMode, looksSlideFirst, type ModeDecision } from './modeDetection.ts';

function isVerticalSeparator(block: Block, dialect: DialectContext | undefined): boolean {
  if (block.type === 'ld_break') return block.tokens[0]!.meta?.level === 'v';
  // reveal-md's default vertical separator is `----`; in other tools it is just a rule.
  if (block.type === 'hr') return !!dialect?.dialects.reveal && !dialect.reveal.vertical && block.tokens[0]!.markup === '----';
  return !dialect?.dialects.remark && isParagraph(block) && blockText(block).trim() === '--';
}

function isSeparator(block: Block): boolean {
  return block.type === 'hr' || block.type === 'ld_break';
}

function headingDivider(dialect: DialectContext | undefined): number {
  const value = dialect?.dialects.marp ? dialect.frontMatter.headingDivider : undefined;
  return typeof value === 'number' ? value : Array.isArray(value) ? Math.max(...value.map(Number)) : 0;
}

export function planSlideFirst(blocks: Block[], dialect?: DialectContext): DeckPlan {
  const navigation = blocks.filter(isNavigationLine);
  const raw: RawSlide[] = [];
  let current: Block[] = [];
  let level: 'h' | 'v' = 'h';
  const divider = headingDivider(dialect);
  const flush = (nextLevel: 'h' | 'v') => {
    if (current.length > 0 || raw.length > 0) raw.push({ blocks: current, level, attributes: [], notes: [] });
    current = [];
    level = nextLevel;
  };
  for (const block of blocks) {
    if (isNavigationLine(block)) continue;
    if (isVerticalSeparator(block, dialect)) flush('v');
    else if (isSeparator(block)) flush('h');
    else {
      const heading = headingLevel(block);
      if (divider && heading > 0 && heading <= divider && current.some((b) => b.type !== 'ld_marp_directive' && b.type !== 'html_block')) flush('h');
      current.push(block);
    }
  }
  if (current.length > 0) flush('h');
  const slides = dialectSlides(raw, dialect).map((slide, i) => planSlide(slide, i === 0));
  const first = slides[0];
  return { ...(first?.kind === 'title' ? { title: first.title } : {}), slides, navigation };
}

function planSlide(slide: RawSlide, isFirst: boolean): SlidePlan {
  const { blocks, level } = slide;
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
  notes.push(...slide.notes);
  // A heading that opens the slide (after any `<!-- fit -->` comment) is the
  // slide's heading, as a section's is in a document: fitting keeps it on
  // every part instead of leaving it alone on a slide of its own.
  const opening = visible.findIndex((b) => b.type !== 'html_block' && b.type !== 'ld_slide_attrs' && b.type !== 'ld_marp_directive');
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
    ...(slide.attributes.length ? { attributes: slide.attributes } : {}),
    bodyLine: blocks[0]?.bodyLine ?? 0,
  };
}
