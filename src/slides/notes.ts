/**
 * Which blocks are speaker notes. Long prose was written to be read, so it
 * moves to the notes; lists, code, diagrams, tables and short statements stay
 * on the slide. Explicit markers (`<!-- notes -->`, `::: notes`, `Note:` in
 * slide-first files) always win.
 */
import type { Block } from './blocks.ts';
import { blockText, isImageParagraph, isParagraph } from './blocks.ts';

/** Prose longer than this (characters of plain text) goes to the notes. */
export const LONG_PROSE_CHARS = 180;

export function isLongProse(block: Block): boolean {
  if (!isParagraph(block) || isImageParagraph(block)) return false;
  const text = blockText(block).trim();
  if (text.endsWith(':')) return false; // an introduction to what follows on the slide
  const sentences = text.split(/(?<=[.!?])\s+(?=[A-Z])/).length;
  return text.length > LONG_PROSE_CHARS || (sentences >= 3 && text.length > 120);
}

export function isNotesMarker(block: Block): boolean {
  return block.type === 'html_block' && /^<!--\s*\.?notes?\s*:?\s*-->\s*$/i.test(block.tokens[0]!.content.trim());
}

export function isNotesContainer(block: Block): boolean {
  return block.type === 'container_notes_open';
}

/** The inner blocks of a `::: notes` container, without its fences. */
export function notesContainerContent(block: Block): Block {
  return { ...block, tokens: block.tokens.slice(1, -1), type: block.tokens[1]?.type ?? 'paragraph_open' };
}

/** `Note:` paragraph in a slide-first file: it and everything after it are notes. */
export function isNoteParagraph(block: Block): boolean {
  return isParagraph(block) && /^Notes?:/.test(block.tokens[1]?.content ?? '');
}

/** Removes the leading `Note:` from a note paragraph's inline tokens. */
export function stripNotePrefix(block: Block): void {
  const inline = block.tokens[1]!;
  inline.content = inline.content.replace(/^Notes?:\s*/, '');
  const first = inline.children?.[0];
  if (first?.type === 'text') first.content = first.content.replace(/^Notes?:\s*/, '');
}

/** First sentence of a notes paragraph, shown on a slide that would otherwise be bare. */
export function leadSentence(block: Block): string {
  const text = blockText(block).trim();
  const match = /^.+?[.!?](?=\s|$)/.exec(text);
  const sentence = match ? match[0] : text;
  return sentence.length > LEAD_MAX_CHARS ? shortened(sentence) : sentence;
}

const LEAD_MAX_CHARS = 160;

/**
 * A long first sentence cut where a reader pauses: after its last clause (`;`, `:`, `,`, a dash) that
 * keeps most of it, else after a whole word, never inside one ("prediction shif…"). The notes keep it all.
 */
function shortened(sentence: string): string {
  const head = sentence.slice(0, LEAD_MAX_CHARS - 1);
  const clause = Math.max(...[';', ':', ',', ' —', ' –'].map((mark) => head.lastIndexOf(mark)));
  if (clause >= LEAD_MAX_CHARS * 0.5) return `${head.slice(0, clause).trimEnd()}…`;
  const word = head.lastIndexOf(' ');
  return `${(word > 0 ? head.slice(0, word) : head).replace(/[\s,;:]+$/, '')}…`;
}
