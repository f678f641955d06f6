/**
 * A lab written as one numbered list of big steps (`1. **Create the
 * schema.**` with its listing and expected output indented under it) is
 * taught one step at a time: each item becomes a section of its own, titled
 * by the step (`Step 3: Create the schema`), its content a one-item list that
 * keeps the author's number. Cut by size instead, such a list gives slides
 * like "Steps (7/23)" that end halfway through one step and start the next.
 *
 * Only lists whose items carry their own blocks (code, tables, several
 * paragraphs) are steps; a list of short points stays a list. Inside a
 * section that already names a step (`## Step 3: …`) a numbered list is that
 * step's sub-steps and is left alone (the layout pass cuts it if it must).
 * Pure: blocks in, blocks out; every word of the list is kept.
 */
import type { Token } from 'markdown-it';
import type { Block } from './blocks.ts';
import { headingLevel, inlineText } from './blocks.ts';
import { stepOf } from './labSteps.ts';
import { tokenLike } from '../dialects/tokens.ts';

/** Fewer items than this is a short procedure, better seen whole. */
const MIN_STEPS = 3;
/** A title longer than this is cut at a word (the step's text is on the slide in full). */
const MAX_TITLE_CHARS = 60;
const BLOCK_CHILDREN = new Set(['fence', 'code_block', 'table_open', 'html_block', 'blockquote_open']);

export interface StepListOptions {
  /** In a lab a step is titled `Step 3: …`; elsewhere `3. …`. */
  lab: boolean;
}

export function stepListsAsSections(blocks: Block[], options: StepListOptions): Block[] {
  let sectionTitle = '';
  return blocks.flatMap((block) => {
    if (headingLevel(block) > 0) sectionTitle = inlineText(block.tokens[1]!).trim();
    if (block.type !== 'ordered_list_open' || stepOf(sectionTitle)) return [block];
    const items = itemsOf(block.tokens);
    if (items.length < MIN_STEPS || items.filter(hasOwnBlocks).length < Math.max(2, Math.ceil(items.length / 2))) return [block];
    const start = Number(block.tokens[0]!.attrGet('start') ?? 1);
    return items.flatMap((item, i) => stepSection(block, item, start + i, options));
  });
}

/** The tokens of each top-level item, `list_item_open` to `list_item_close`. */
function itemsOf(tokens: Token[]): Token[][] {
  const items: Token[][] = [];
  let depth = 0;
  let current: Token[] = [];
  for (const token of tokens.slice(1, -1)) {
    if (depth === 0 && token.type === 'list_item_open') current = [];
    current.push(token);
    depth += token.nesting;
    if (depth === 0 && token.type === 'list_item_close') items.push(current);
  }
  return items;
}

/** Direct children of the item other than its first paragraph: a listing, a table, more paragraphs. */
function hasOwnBlocks(item: Token[]): boolean {
  const childLevel = item[0]!.level + 1;
  const children = item.filter((t) => t.level === childLevel && t.nesting !== -1);
  return children.some((t) => BLOCK_CHILDREN.has(t.type)) || children.filter((t) => t.type === 'paragraph_open').length >= 3;
}

function stepSection(list: Block, item: Token[], number: number, options: StepListOptions): Block[] {
  const open = list.tokens[0]!;
  const line = item[0]!.map?.[0] ?? list.bodyLine;
  const lead = leadOf(item);
  const title = options.lab ? `Step ${number}${lead ? `: ${lead}` : ''}` : `${number}. ${lead || `Step ${number}`}`;

  const headingOpen = tokenLike(open, 'heading_open', 'h3', 1);
  headingOpen.markup = '###';
  headingOpen.map = [line, line + 1];
  const inline = tokenLike(open, 'inline', '', 0);
  inline.block = true;
  inline.content = title;
  const text = tokenLike(open, 'text', '', 0);
  text.block = false;
  text.content = title;
  inline.children = [text];
  const headingClose = tokenLike(open, 'heading_close', 'h3', -1);
  headingClose.markup = '###';

  const listOpen = tokenLike(open, 'ordered_list_open', 'ol', 1);
  listOpen.markup = open.markup;
  listOpen.map = item[0]!.map ? [item[0]!.map[0], item[0]!.map[1]] : null;
  if (number !== 1) listOpen.attrSet('start', String(number));
  const listClose = tokenLike(list.tokens[list.tokens.length - 1]!, 'ordered_list_close', 'ol', -1);
  listClose.markup = open.markup;
  return [
    { tokens: [headingOpen, inline, headingClose], type: 'heading_open', bodyLine: line },
    { tokens: [listOpen, ...item, listClose], type: 'ordered_list_open', bodyLine: line },
  ];
}

/** What the step is about: its bold opening (`**Create the schema.**`), else its first sentence, shortened at a word. */
function leadOf(item: Token[]): string {
  const inline = item.find((t) => t.type === 'inline');
  const children = inline?.children ?? [];
  let text = '';
  if (children[0]?.type === 'strong_open') {
    const close = children.findIndex((c) => c.type === 'strong_close');
    text = children.slice(1, close < 0 ? undefined : close).map((c) => c.content).join('');
  } else if (inline) {
    text = /^(.+?[.:!?])(?:\s|$)/.exec(inlineText(inline).trim())?.[1] ?? inlineText(inline).trim();
  }
  text = text.replace(/\s+/g, ' ').trim().replace(/[.:]$/, '');
  if (text.length <= MAX_TITLE_CHARS) return text;
  const cut = text.slice(0, MAX_TITLE_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 20))}…`;
}
