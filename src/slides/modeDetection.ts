/**
 * Is a file slides separated by `---` (reveal-md, Slidev, remark, Marp) or a
 * document whose `---` lines are rules between sections (GitHub READMEs,
 * Jekyll pages)? Reading a document as slides buries whole chapters under
 * one title, so slide-first needs evidence: another slide tool's syntax or
 * front matter (src/dialects/context.ts), `Note:` paragraphs between the
 * separators, no heading structure at all, or separators that cut the text
 * into slide-sized pieces each opening with (at most) one heading. When the
 * decision rests on shape alone it is "not obvious": `check` says which mode
 * was used and how to force the other (front matter `mode:`).
 */
import type { Block } from './blocks.ts';
import { headingLevel } from './blocks.ts';
import type { DeckMode } from './model.ts';
import { isNoteParagraph } from './notes.ts';
import type { DialectContext } from '../dialects/context.ts';

export interface ModeDecision {
  mode: DeckMode;
  /** False when shape alone decided: `check` then tells the author. */
  obvious: boolean;
  reason: string;
}

/** A piece between separators longer than this many lines is not one slide. */
const SLIDE_LINES = 40;

interface Segment {
  blocks: Block[];
  lines: number;
}

function segments(blocks: Block[]): Segment[] {
  const out: Segment[] = [];
  let current: Block[] = [];
  let start = blocks[0]?.bodyLine ?? 0;
  const close = (end: number) => {
    const content = current.filter((b) => b.type !== 'html_block');
    if (content.length > 0) out.push({ blocks: content, lines: end - start });
  };
  for (const block of blocks) {
    if (isCut(block)) {
      close(block.bodyLine);
      current = [];
      start = block.bodyLine + 1;
    } else current.push(block);
  }
  const last = blocks[blocks.length - 1];
  close((last?.tokens[0]?.map?.[1] ?? last?.bodyLine ?? 0) + 1);
  return out;
}

/** A `---` rule, a marked separator, or the `--` line that stacks a vertical slide. */
function isCut(block: Block): boolean {
  return block.type === 'hr' || block.type === 'ld_break' || (block.type === 'paragraph_open' && block.tokens[1]?.content.trim() === '--');
}

function slideShaped(segment: Segment): boolean {
  const headings = segment.blocks.filter((b) => headingLevel(b) >= 1 && headingLevel(b) <= 3);
  const opensWithHeading = headingLevel(segment.blocks[0]!) > 0;
  return headings.length <= 1 && (opensWithHeading || headings.length === 0) && segment.lines <= SLIDE_LINES;
}

export function detectMode(blocks: Block[], dialect?: DialectContext): ModeDecision {
  if (dialect?.slideEvidence) return { mode: 'slides', obvious: true, reason: dialect.slideEvidence };
  const rules = blocks.filter((b) => b.type === 'hr' || b.type === 'ld_break').length;
  if (rules < 2) return { mode: 'document', obvious: true, reason: 'fewer than two --- lines' };
  const parts = segments(blocks);
  const headings = blocks.filter((b) => headingLevel(b) >= 1 && headingLevel(b) <= 3).length;
  if (headings === 0) return { mode: 'slides', obvious: false, reason: `no headings, and ${rules} --- lines cut it into ${parts.length} parts` };
  const shaped = parts.filter(slideShaped).length / Math.max(parts.length, 1);
  const withNotes = parts.filter((p) => p.blocks.some(isNoteParagraph)).length;
  if (withNotes >= 2 && shaped >= 0.5) return { mode: 'slides', obvious: true, reason: `Note: paragraphs in ${withNotes} of the ${parts.length} parts between --- lines` };
  const percent = Math.round(shaped * 100);
  if (shaped >= 0.8) return { mode: 'slides', obvious: false, reason: `${percent}% of the ${parts.length} parts between --- lines are slide-sized, each with at most one heading, at its top` };
  return { mode: 'document', obvious: false, reason: `only ${percent}% of the ${parts.length} parts between its ${rules} --- lines look like one slide; the others hold several headings or run long` };
}

/** The old question, kept for callers that only want yes or no. */
export function looksSlideFirst(blocks: Block[], dialect?: DialectContext): boolean {
  return detectMode(blocks, dialect).mode === 'slides';
}
