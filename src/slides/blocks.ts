/**
 * Groups markdown-it's flat token stream into top-level blocks (a heading, a
 * paragraph, a whole list, a fence…), each with its source line, and answers
 * questions about them. Slicing only ever cuts between these blocks.
 */
import type { Token } from 'markdown-it';
import { isDiagramFile } from './imagePaths.ts';

export interface Block {
  tokens: Token[];
  /** Type of the opening token: `heading_open`, `paragraph_open`, `fence`, `bullet_list_open`… */
  type: string;
  /** 0-based line in the markdown body where the block starts. */
  bodyLine: number;
}

export function groupBlocks(tokens: Token[]): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < tokens.length) {
    const start = i;
    const first = tokens[i]!;
    if (first.nesting === 1) {
      let depth = 0;
      do {
        depth += tokens[i]!.nesting;
        i++;
      } while (depth > 0 && i < tokens.length);
    } else {
      i++;
    }
    blocks.push({ tokens: tokens.slice(start, i), type: first.type, bodyLine: first.map?.[0] ?? 0 });
  }
  return blocks;
}

export function headingLevel(block: Block): number {
  return block.type === 'heading_open' ? Number(block.tokens[0]!.tag.slice(1)) : 0;
}

/** Plain text of a block: every inline and code token's content. */
export function blockText(block: Block): string {
  return block.tokens
    .map((t) => (t.type === 'inline' ? inlineText(t) : t.type === 'fence' || t.type === 'code_block' ? t.content : ''))
    .filter(Boolean)
    .join(' ');
}

export function inlineText(token: Token): string {
  if (!token.children) return token.content;
  return token.children.map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : c.type === 'image' ? c.content : c.type === 'softbreak' || c.type === 'hardbreak' ? ' ' : '')).join('');
}

export function isParagraph(block: Block): boolean {
  return block.type === 'paragraph_open';
}

export function paragraphInline(block: Block): Token | undefined {
  return isParagraph(block) ? block.tokens[1] : undefined;
}

export function fenceLang(block: Block): string {
  return block.type === 'fence' ? (block.tokens[0]!.info.trim().split(/\s+/)[0] ?? '').toLowerCase() : '';
}

export function isDiagram(block: Block): boolean {
  if (fenceLang(block) === 'mermaid') return true;
  const inline = paragraphInline(block);
  return !!inline?.children?.some((c) => c.type === 'image' && isDiagramFile(String(c.attrGet('src') ?? '')));
}

export function isImageParagraph(block: Block): boolean {
  const children = paragraphInline(block)?.children ?? [];
  return children.some((c) => c.type === 'image') && children.every((c) => c.type === 'image' || (c.type === 'text' && c.content.trim() === '') || c.type === 'softbreak');
}

export function countTokens(block: Block, type: string): number {
  return block.tokens.filter((t) => t.type === type).length;
}

export function isList(block: Block): boolean {
  return block.type === 'bullet_list_open' || block.type === 'ordered_list_open';
}

/** The top-level items of a list block, each as its own block (for splitting long lists). */
export function listItems(block: Block): Block[] {
  const items: Block[] = [];
  let depth = 0;
  let current: Token[] = [];
  for (const token of block.tokens.slice(1, -1)) {
    current.push(token);
    depth += token.nesting;
    if (depth === 0 && token.type === 'list_item_close') {
      items.push({ tokens: current, type: 'list_item_open', bodyLine: current[0]?.map?.[0] ?? block.bodyLine });
      current = [];
    }
  }
  return items;
}

/** Rebuilds a list block from a run of its items; ordered lists keep their numbering. */
export function listFromItems(original: Block, items: Block[], firstNumber: number): Block {
  const open = Object.assign(Object.create(Object.getPrototypeOf(original.tokens[0]!)), original.tokens[0]!) as Token;
  open.attrs = original.tokens[0]!.attrs ? original.tokens[0]!.attrs.map((a) => [...a] as [string, string]) : null;
  if (open.type === 'ordered_list_open' && firstNumber !== 1) open.attrSet('start', String(firstNumber));
  const close = original.tokens[original.tokens.length - 1]!;
  return { tokens: [open, ...items.flatMap((i) => i.tokens), close], type: original.type, bodyLine: items[0]?.bodyLine ?? original.bodyLine };
}
