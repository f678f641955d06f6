/**
 * Lab steps written as a numbered list whose items hold their commands
 * ("3. Create the schema." then an indented code block). Cut as a list, such
 * a slide can only be cut between items, and an item with a 40-line listing
 * is too tall for any slide: it overflows, and its code can neither become a
 * walkthrough nor be set smaller. Taken apart, each step is a one-item list
 * (its sentence, its number kept) followed by its listings, tables and
 * diagrams as blocks of their own, so a step's sentence introduces its code
 * (and titles the slide it opens) and the code is fitted like any other.
 * Used only for a slide that must be cut anyway.
 */
import type { Piece } from './blocks.ts';
import { hasDiagram, isCode, isList, isTable, withOrigin } from './blocks.ts';

/** What leaves a step's item to stand on the slide by itself. */
const standsAlone = (node: Node): boolean => isCode(node) || isTable(node) || hasDiagram(node);

function holdsBlocks(list: Element): boolean {
  return Array.from(list.children).some((li) => li.tagName === 'LI' && Array.from(li.childNodes).some(standsAlone));
}

/** One list item's content as pieces: its text as a one-item list, then each listing and what follows it. */
function stepPieces(list: HTMLOListElement | HTMLUListElement, item: Element, number: number, from: number): Piece[] {
  const out: Piece[] = [];
  let text: Node[] = [];
  let first = true;
  const flush = (): void => {
    if (text.every((n) => (n.textContent ?? '').trim() === '' && n.nodeType === Node.TEXT_NODE)) {
      text = [];
      return;
    }
    if (first) {
      const one = list.cloneNode(false) as HTMLOListElement | HTMLUListElement;
      if (one instanceof HTMLOListElement) one.start = number;
      const li = item.cloneNode(false) as HTMLElement;
      li.append(...text);
      one.append(li);
      out.push({ node: withOrigin(one, from), from });
    } else {
      // Text after a listing ("Expected output:"): paragraphs stay paragraphs, loose text becomes one.
      const loose = text.filter((n) => n.nodeType === Node.TEXT_NODE || !(n instanceof HTMLElement) || /^(CODE|STRONG|EM|A|SPAN|B|I|KBD)$/.test(n.tagName));
      if (loose.length === text.length) {
        const p = document.createElement('p');
        p.append(...text);
        out.push({ node: withOrigin(p, from), from });
      } else for (const n of text) if ((n.textContent ?? '').trim() !== '' || n instanceof HTMLElement) out.push({ node: withOrigin(n, from), from });
    }
    text = [];
    first = false;
  };
  for (const child of Array.from(item.childNodes).map((n) => n.cloneNode(true))) {
    if (standsAlone(child)) {
      flush();
      first = false;
      out.push({ node: withOrigin(child, from), from });
    } else text.push(child);
  }
  flush();
  return out;
}

/** The slide's pieces with every list of steps-with-listings taken apart; other pieces as they are. */
export function takeStepsApart(pieces: Piece[]): Piece[] {
  return pieces.flatMap((piece) => {
    const node = piece.node;
    if (!isList(node) || !holdsBlocks(node)) return [piece];
    const start = node instanceof HTMLOListElement ? node.start : 1;
    const items = Array.from(node.children).filter((c) => c.tagName === 'LI');
    return items.flatMap((item, i) => stepPieces(node, item, start + i, piece.from));
  });
}
