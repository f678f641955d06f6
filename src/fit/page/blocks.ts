/**
 * What a slide block is, for layout: lists, tables and code can be cut by
 * rows; diagrams, images, long code and big tables are "big" (a slide shows
 * one); a short line ending in ':' introduces what follows.
 */
import { isPlaceholder, placeholdersIn } from './stage.ts';

export interface Piece {
  node: Node;
  /** Index of the source block it came from. */
  from: number;
}

const origins = new WeakMap<Node, number>();

/** Remembers which source block a node (or a copy of it) came from. */
export function withOrigin<T extends Node>(node: T, from: number): T {
  origins.set(node, from);
  return node;
}

/** The source block a node came from: its own mark, or the nearest marked ancestor's. */
export function fromOf(node: Node): number {
  for (let n: Node | null = node; n; n = n.parentNode) {
    const from = origins.get(n);
    if (from !== undefined) return from;
  }
  return 0;
}

/** A deep copy that remembers its origin. */
export function copyOf(piece: Piece): Node {
  return withOrigin(piece.node.cloneNode(true), piece.from);
}

export const isList = (node: Node): node is HTMLOListElement | HTMLUListElement => node instanceof HTMLUListElement || node instanceof HTMLOListElement;
export const isTable = (node: Node): node is HTMLElement => node instanceof HTMLElement && node.classList.contains('table-wrap') && !!node.querySelector('tbody tr');
export const isCode = (node: Node): node is HTMLElement => node instanceof HTMLElement && node.classList.contains('code-block') && !!node.querySelector('pre');
export const hasSteps = (node: Node): boolean => node instanceof HTMLElement && !!node.querySelector('.ld-code-step, pre[data-steps]');

export function hasDiagram(node: Node): boolean {
  return placeholdersIn(node).length > 0 || (node instanceof HTMLElement && node.classList.contains('ld-fit-diagram'));
}

export function hasImage(node: Node): boolean {
  return node instanceof HTMLElement && (node.tagName === 'IMG' || !!node.querySelector('img'));
}

export function codeLines(node: HTMLElement): Element[] {
  return Array.from(node.querySelectorAll('pre code > .line'));
}

/** The rows a block can be cut at: list items, table body rows, code lines. */
export function rowsOf(node: Node): Element[] {
  if (isList(node)) return Array.from(node.children).filter((c) => c.tagName === 'LI');
  if (isTable(node)) return Array.from(node.querySelectorAll('tbody > tr'));
  // Code with step-through fragments stays whole: its steps name line numbers.
  if (isCode(node) && !hasSteps(node)) return codeLines(node);
  return [];
}

/** A copy of a splittable block with only rows [start, end). Ordered lists keep their numbering. */
export function sliceRows(node: Node, start: number, end: number): Node {
  const copy = node.cloneNode(true) as HTMLElement;
  rowsOf(copy).forEach((row, i) => {
    if (i >= start && i < end) return;
    // Code lines (and list items) are joined by newlines: drop the one after a removed row.
    if (row.nextSibling?.nodeType === Node.TEXT_NODE && row.nextSibling.textContent!.trim() === '') row.nextSibling.remove();
    row.remove();
  });
  if (copy instanceof HTMLOListElement) copy.start = (node as HTMLOListElement).start + start;
  return copy;
}

/** Blocks a slide shows one of (as the slicer's spread does): diagrams, images, code over 6 lines, tables over 4 rows. */
export function isBig(node: Node): boolean {
  if (isPlaceholder(node)) return true;
  if (!(node instanceof HTMLElement)) return false;
  if (hasImage(node) || hasDiagram(node)) return true;
  if (node.classList.contains('code-block')) return codeLines(node).length > 6;
  return node.classList.contains('table-wrap') && node.querySelectorAll('tbody > tr').length > 4;
}

export const bigCount = (pieces: Piece[]): number => pieces.filter((p) => isBig(p.node)).length;

/** Text only: no code, diagram, table or image. */
export function isTextOnly(node: Node): boolean {
  return node instanceof HTMLElement && !isBig(node) && !node.querySelector('table, img, pre, .code-block') && !hasDiagram(node);
}

/**
 * A short line that introduces what follows: a paragraph ending in ':' (`**Benefits:**`), a
 * one-item list ending in ':' ("2. Save as x:"), a bold-only line (`**Container images**`), or
 * a minor heading (h4–h6) in the body.
 */
export function isLeadIn(node: Node): boolean {
  if (node instanceof HTMLHeadingElement) return true;
  const text = (node.textContent ?? '').trim();
  if (text.length > 140) return false;
  if (isList(node)) return node.children.length === 1 && text.endsWith(':');
  if (!(node instanceof HTMLParagraphElement)) return false;
  if (text.endsWith(':')) return true;
  const only = node.children.length === 1 ? node.firstElementChild : null;
  return !!only && (only.tagName === 'STRONG' || only.tagName === 'B') && (only.textContent ?? '').trim() === text;
}

/** A link list ("Official documentation", "Further reading"): every item is mostly a link. */
export function isLinkList(node: Node): boolean {
  if (!isList(node)) return false;
  const items = Array.from(node.children);
  return items.length > 0 && items.every((li) => li.querySelector('a') !== null);
}
