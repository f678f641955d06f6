/**
 * A rough, static estimate of how much of a 1280×720 slide a block takes, in
 * "lines" of body text. It decides where a long section is spread over
 * several slides before anything is measured in a browser.
 */
import type { Block } from './blocks.ts';
import { blockText, countTokens, fenceLang, headingLevel, isDiagram, isImageParagraph, isList } from './blocks.ts';

/** Body lines that fit under a slide heading at the default theme's sizes. */
export const SLIDE_BUDGET = 13;
const CHARS_PER_LINE = 62;
const DIAGRAM_LINES = 9;

export function blockWeight(block: Block): number {
  if (isDiagram(block)) return DIAGRAM_LINES;
  if (isImageParagraph(block)) return DIAGRAM_LINES;
  if (block.type === 'fence' || block.type === 'code_block') {
    // Code is set smaller than body text: about 0.7 of a body line per code line.
    return 1 + 0.72 * block.tokens[0]!.content.replace(/\n$/, '').split('\n').length;
  }
  if (block.type === 'table_open') return 1 + 1.25 * countTokens(block, 'tr_open');
  if (isList(block)) return listWeight(block);
  if (headingLevel(block) > 0) return 1.4;
  // An HTML comment (e.g. `<!-- fit: none -->`) takes no room on the slide.
  if (block.type === 'html_block' && /^\s*<!--[\s\S]*-->\s*$/.test(block.tokens[0]!.content)) return 0;
  if (block.type === 'hr' || block.type === 'html_block') return 0.5;
  return Math.max(1, Math.ceil(blockText(block).length / CHARS_PER_LINE)) + 0.3;
}

function listWeight(block: Block): number {
  let weight = 0;
  for (const token of block.tokens) {
    if (token.type !== 'inline') continue;
    const lines = Math.max(1, Math.ceil(token.content.length / CHARS_PER_LINE));
    // Nested items are set smaller.
    weight += token.level > 3 ? lines * 0.85 : lines * 1.05;
  }
  return weight + 0.3;
}

/** Blocks that deserve a slide of their own when they meet another one. */
export function isBigBlock(block: Block): boolean {
  if (isDiagram(block) || isImageParagraph(block)) return true;
  if (block.type === 'fence' && fenceLang(block) !== 'mermaid') return block.tokens[0]!.content.split('\n').length > 6;
  if (block.type === 'table_open') return countTokens(block, 'tr_open') > 4;
  return false;
}
