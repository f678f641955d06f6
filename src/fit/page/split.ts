/**
 * Cutting a slide that no arrangement fits into parts, where a person
 * would: between units (a block with the lead-ins that introduce it, which
 * never end a part), a second big block on a part of its own, long lists and
 * tables between rows shared out evenly (7 + 7, never 1 + 4), long code as one
 * walkthrough window (or, on request, cut at blank lines into parts), and a
 * last part that would hold only a closing line is folded back.
 */
import type { Arranged, ChooseOptions } from './arrange.ts';
import { choose, CODE_PART_CLASS, figureOnly, isFigure, segments, stack } from './arrange.ts';
import type { Piece } from './blocks.ts';
import { bigCount, copyOf, isCode, isTable, isTextOnly, rowsOf, sliceRows, withOrigin } from './blocks.ts';
import { wrapDiagram } from './diagrams.ts';
import type { Fitter } from './scale.ts';
import { codeIsTooWide, fits, MIN_TABLE_PX, narrowCode, scaleBlock, scaleCode } from './scale.ts';
import { layout, overflow } from './stage.ts';
import type { LongCodeMode } from './types.ts';
import { MIN_SHARED_WINDOW, makeWalkthrough, windowThatFits } from './walkthrough.ts';

export interface SplitOptions extends ChooseOptions {
  split: boolean;
  longCode: LongCodeMode;
}

export interface Part {
  pieces: Piece[];
  arranged: Arranged | null;
}

export interface SplitResult {
  parts: Part[];
  overflows: { from: number; px: number }[];
  actions: string[];
}

/** A list or table is cut only where each side keeps at least this share of it. */
const MIN_ROW_SHARE = 0.5;
/** A last part with only this much text (characters) is folded into the one before. */
const STUB_CHARS = 320;
/** A walkthrough window may give up this share of its rows for a short text after it. */
const SHRUNK_WINDOW_SHARE = 0.6;

const piece = (node: Node, from: number): Piece => ({ node: withOrigin(node, from), from });
const bodyOf = (pieces: Piece[]): Node[] => pieces.map((p) => wrapDiagram(copyOf(p)));

export function splitSlide(f: Fitter, pieces: Piece[], options: SplitOptions): SplitResult {
  const parts: Part[] = [];
  const overflows: { from: number; px: number }[] = [];
  const actions: string[] = [];
  let current: Piece[] = [];
  let currentArranged: Arranged | null = null;

  const arrange = (list: Piece[]): Arranged | null => (bigCount(list) <= 2 ? choose(f, list, options) : null);
  const close = (): void => {
    if (current.length === 0) return;
    parts.push({ pieces: current, arranged: currentArranged });
    current = [];
    currentArranged = null;
  };
  /** Walkthroughs made on this slide: the code and what came before it, so the window can be made again. */
  const walkthroughs = new WeakMap<Node, { before: Piece[]; main: Piece; rows: number }>();
  /** What follows a walkthrough (no big block): the window gives up a few rows so it stays on the slide. */
  const besideWalkthrough = (list: Piece[]): boolean => {
    const last = current[current.length - 1];
    const origin = last && walkthroughs.get(last.node);
    if (!origin || bigCount(list) > 0) return false;
    const again = makeWalkthrough(f, origin.before, origin.main, copyOf, list);
    if (!again || again.windowLines < Math.max(MIN_SHARED_WINDOW, origin.rows * SHRUNK_WINDOW_SHARE)) return false;
    const rebuilt = piece(again.node, origin.main.from);
    walkthroughs.set(rebuilt.node, { ...origin, rows: again.windowLines });
    current = [...origin.before, rebuilt, ...list];
    currentArranged = choose(f, current, { ...options, allowRearrange: false });
    return currentArranged !== null;
  };
  /** Adds pieces to the current part when they fit there, else starts a part with them; false when they fit nowhere. */
  const place = (list: Piece[]): boolean => {
    const together = current.length ? arrange([...current, ...list]) : null;
    if (together) {
      current = [...current, ...list];
      currentArranged = together;
      return true;
    }
    if (current.length && besideWalkthrough(list)) return true;
    const alone = arrange(list);
    if (!alone) return false;
    close();
    current = list;
    currentArranged = alone;
    return true;
  };
  const rowsThatFit = (before: Piece[], main: Piece, start: number, total: number): number => {
    let lo = 0;
    let hi = total - start;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(f, [...bodyOf(before), sliceRows(main.node, start, start + mid)])) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  for (const unit of segments(pieces)) {
    if (place(unit.pieces)) continue;
    // A command and its output that fit nowhere together (a line too wide, a long output) are cut like any two blocks.
    const commandWithOutput = unit.pieces.slice(0, -1).some((p) => isCode(p.node));
    if (!commandWithOutput) {
      placeUnit(unit.pieces);
      continue;
    }
    for (const block of unit.pieces) if (!place([block])) placeUnit([block]);
  }
  close();
  foldStub(parts, arrangeFor(f, options));
  foldAsidePastFigure(parts, arrangeFor(f, options));
  balanceParts(f, parts, arrangeFor(f, options));
  return { parts, overflows, actions: [...new Set(actions)] };

  /** Places a unit that does not fit as it is: long code, a diagram apart from its sentence, rows shared out. */
  function placeUnit(pieces: Piece[]): void {
    actions.push('split');
    const leads = pieces.slice(0, -1);
    const main = pieces[pieces.length - 1]!;
    if (isCode(main.node)) {
      placeLongCode(leads, main);
      return;
    }
    // A diagram clearly more readable alone than under the sentence that introduces it (choose() refuses
    // the pair): the sentence ends the part before when it fits there, and the diagram gets a part of its
    // own; a sentence that would be a slide by itself stays with its diagram, drawn a little smaller.
    if (leads.length > 0 && isFigure(main)) {
      if (current.length > 0 && arrange([...current, ...leads]) && place(leads)) {
        if (!place([main])) placeOversize([main]);
        return;
      }
      const together = bigCount(pieces) <= 2 ? choose(f, pieces, { ...options, minLabelPx: 0 }) : null;
      if (together) {
        close();
        current = pieces;
        currentArranged = together;
        return;
      }
    }
    const rows = rowsOf(main.node);
    if (isTable(main.node) && options.allowShrink && placeScaled(pieces)) return;
    if (options.split && rows.length > 1) {
      placeRows(leads, main, rows.length);
      return;
    }
    placeOversize(pieces);
  }

  /** A list or table too long for one part: rows shared out evenly over as few parts as fit. */
  function placeRows(leads: Piece[], tooLong: Piece, total: number): void {
    const main = isTable(tooLong.node) && options.allowShrink ? fewestTableParts(leads, tooLong, total) : tooLong;
    const withCurrent = rowsThatFit([...current, ...leads], main, 0, total);
    const alone = rowsThatFit(leads, main, 0, total);
    let first = withCurrent;
    if (current.length === 0 || withCurrent < Math.max(2, Math.ceil(MIN_ROW_SHARE * Math.min(total, alone)))) {
      close();
      first = alone;
    }
    if (first === 0) first = Math.max(1, rowsThatFit([], main, 0, total)); // not even one row fits after the lead-ins
    const capacity = (pos: number): number => Math.max(1, rowsThatFit([], main, pos, total));
    // As few parts as the rows need, then the rows shared out evenly over them.
    let count = 1;
    for (let pos = first; pos < total; pos += capacity(pos)) count++;
    const sizes: number[] = [];
    for (let pos = 0, i = 0; pos < total; i++) {
      const want = Math.ceil((total - pos) / Math.max(1, count - i));
      const size = Math.max(1, Math.min(i === 0 ? first : capacity(pos), want));
      sizes.push(size);
      pos += size;
    }
    let start = 0;
    sizes.forEach((size, i) => {
      const slice = piece(sliceRows(main.node, start, start + size), main.from);
      start += size;
      const list = i === 0 ? [...leads, slice] : [slice];
      if (i === 0 && current.length) {
        current = [...current, ...list];
        currentArranged = arrange(current);
      } else {
        close();
        current = list;
        currentArranged = arrange(list);
      }
      if (!currentArranged) measureOverflow(current);
      if (i < sizes.length - 1) close();
    });
  }

  /**
   * A table that must be cut anyway is first set smaller when that saves whole
   * slides (15 rows of three-line cells: 2 slides at 17 px, not 4 at 22 px):
   * the largest size that needs no more parts than the smallest readable one.
   */
  function fewestTableParts(leads: Piece[], main: Piece, total: number): Piece {
    const partsFor = (p: Piece): number => {
      let count = 1;
      for (let pos = Math.max(1, rowsThatFit(leads, p, 0, total)); pos < total; pos += Math.max(1, rowsThatFit([], p, pos, total))) count++;
      return count;
    };
    const sized = (px: number): Piece => {
      const copy = main.node.cloneNode(true) as HTMLElement;
      copy.querySelector('table')?.style.setProperty('font-size', `${px}px`);
      return piece(copy, main.from);
    };
    layout(f.stage, f.frame, [copyOf(main)]);
    const shownPx = Math.floor(parseFloat(getComputedStyle(f.stage.section.querySelector('table') ?? document.body).fontSize) || 22);
    if (shownPx <= MIN_TABLE_PX) return main;
    const own = partsFor(main);
    const smallest = sized(MIN_TABLE_PX);
    const fewest = partsFor(smallest);
    if (fewest >= own) return main;
    actions.push('scaled-table');
    for (let px = shownPx - 1; px > MIN_TABLE_PX; px--) {
      const candidate = sized(px);
      if (partsFor(candidate) <= fewest) return candidate;
    }
    return smallest;
  }

  /** Code too tall (or too wide) for the room it has. */
  function placeLongCode(leads: Piece[], main: Piece): void {
    // Too wide first: smaller down to the minimum, then wrapped — whatever happens next starts from this.
    const block = (main.node as HTMLElement).cloneNode(true) as HTMLElement;
    if (options.allowShrink && codeIsTooWide(f, block) && narrowCode(f, [...bodyOf(leads), block], block, options.minCodePx, actions) && place([...leads, piece(block, main.from)])) return;
    // Then smaller: a file that fits at the minimum size is best seen whole.
    const smaller = block.cloneNode(true) as HTMLElement;
    if (options.allowShrink && scaleCode(f, [...bodyOf(leads), smaller], smaller, options.minCodePx, actions) && place([...leads, piece(smaller, main.from)])) return;
    const code = piece(block, main.from);
    if (options.longCode === 'walkthrough' || rowsOf(block).length < 2) {
      const shared = current.length ? makeWalkthrough(f, [...current, ...leads], code, copyOf) : null;
      const aloneLines = windowThatFits(f, bodyOf(leads), block);
      if (shared && shared.windowLines >= Math.min(aloneLines, Math.max(MIN_SHARED_WINDOW, Math.ceil(aloneLines * 0.6)))) {
        const before = [...current, ...leads];
        current = [...before, piece(shared.node, main.from)];
        walkthroughs.set(shared.node, { before, main: code, rows: shared.windowLines });
        currentArranged = choose(f, current, { ...options, allowRearrange: false });
        actions.push('walkthrough');
        return;
      }
      close();
      const own = makeWalkthrough(f, leads, code, copyOf);
      if (own) {
        current = [...leads, piece(own.node, main.from)];
        walkthroughs.set(own.node, { before: leads, main: code, rows: own.windowLines });
        currentArranged = choose(f, current, { ...options, allowRearrange: false });
        actions.push('walkthrough');
        return;
      }
      placeOversize([...leads, code]);
      return;
    }
    // Split mode: cut the code at its smallest readable size.
    placeCodeChunks(leads, options.allowShrink ? piece(smaller, main.from) : code);
  }

  /** Split mode for code: chunks of about equal length, each cut where a reader would pause. */
  function placeCodeChunks(leads: Piece[], code: Piece): void {
    const rows = rowsOf(code.node);
    const total = rows.length;
    const alone = Math.max(1, rowsThatFit([], code, 0, total));
    const withLeads = Math.max(1, rowsThatFit([...current, ...leads], code, 0, total));
    if (current.length && withLeads < MIN_SHARED_WINDOW) close();
    const firstMax = Math.max(1, rowsThatFit([...current, ...leads], code, 0, total));
    const pieces = Math.ceil(total / alone);
    const chunk = Math.ceil(total / pieces);
    const starts = codeCuts(rows, chunk, firstMax, alone);
    starts.forEach((start, i) => {
      const cut = sliceRows(code.node, start, starts[i + 1] ?? total) as HTMLElement;
      // A cut piece of one file is never set beside another (see arrange.ts pair).
      cut.classList.add(CODE_PART_CLASS);
      const slice = piece(cut, code.from);
      if (i === 0) {
        current = [...current, ...leads, slice];
        currentArranged = arrange(current);
      } else {
        close();
        current = [slice];
        currentArranged = arrange(current);
      }
      if (!currentArranged) measureOverflow(current);
    });
  }

  /** A table a little smaller rather than cut: with what comes before it, else on a part of its own. */
  function placeScaled(list: Piece[]): boolean {
    const main = list[list.length - 1]!;
    const copy = piece(main.node.cloneNode(true), main.from);
    const pieces = [...list.slice(0, -1), copy];
    if (!scaleBlock(f, bodyOf([...current, ...pieces]), copy.node, actions) && !scaleBlock(f, bodyOf(pieces), copy.node, actions)) return false;
    return place(pieces);
  }

  /** Alone under the heading and still too big: scaled to the smallest readable size, and reported if even that overflows. */
  function placeOversize(list: Piece[]): void {
    close();
    const main = list[list.length - 1]!;
    const copy = piece(main.node.cloneNode(true), main.from);
    const pieces = [...list.slice(0, -1), copy];
    if (options.allowShrink && scaleBlock(f, bodyOf(pieces), copy.node, actions)) {
      current = pieces;
      currentArranged = arrange(pieces);
      if (currentArranged) return;
    }
    current = pieces;
    currentArranged = null;
    measureOverflow(pieces);
  }

  function measureOverflow(list: Piece[]): void {
    layout(f.stage, f.frame, stack(list).body);
    const px = overflow(f.stage);
    if (px > 0) overflows.push({ from: list[list.length - 1]!.from, px });
  }
}

function arrangeFor(f: Fitter, options: ChooseOptions): (pieces: Piece[]) => Arranged | null {
  return (pieces) => (bigCount(pieces) <= 2 ? choose(f, pieces, options) : null);
}

/** "Core Concepts (3/3)" holding one closing sentence: fold it into the part before, or take that part's last unit along. */
function foldStub(parts: Part[], arrange: (pieces: Piece[]) => Arranged | null): void {
  if (parts.length < 2) return;
  const last = parts[parts.length - 1]!;
  const chars = last.pieces.reduce((n, p) => n + (p.node.textContent ?? '').trim().length, 0);
  if (!last.pieces.every((p) => isTextOnly(p.node)) || chars > STUB_CHARS || rowsOf(last.pieces[0]!.node).length > 2) return;
  const previous = parts[parts.length - 2]!;
  const together = arrange([...previous.pieces, ...last.pieces]);
  if (together) {
    parts.splice(parts.length - 2, 2, { pieces: [...previous.pieces, ...last.pieces], arranged: together });
    return;
  }
  const units = segments(previous.pieces);
  if (units.length < 2) return;
  const moved = units[units.length - 1]!.pieces;
  const kept = previous.pieces.slice(0, previous.pieces.length - moved.length);
  const keptArranged = arrange(kept);
  const lastArranged = keptArranged ? arrange([...moved, ...last.pieces]) : null;
  if (keptArranged && lastArranged) {
    parts.splice(parts.length - 2, 2, { pieces: kept, arranged: keptArranged }, { pieces: [...moved, ...last.pieces], arranged: lastArranged });
  }
}

/** A callout that speaks of a picture ("the diagram above") stays after it. */
const POINTS_AT_FIGURE = /\b(diagram|figure|picture|chart|drawing|above|below)\b/i;

/**
 * "Isolation levels (2/2)" holding only a `Note:` callout, cut off by the
 * section's diagram on a slide of its own: the callout is an aside to the
 * section, not to the drawing, so it joins the text part before the diagram
 * when it fits there — unless it points at the picture.
 */
function foldAsidePastFigure(parts: Part[], arrange: (pieces: Piece[]) => Arranged | null): void {
  if (parts.length < 3) return;
  const [text, figure, last] = parts.slice(-3) as [Part, Part, Part];
  const aside = last.pieces.every((p) => p.node instanceof HTMLQuoteElement && isTextOnly(p.node) && !POINTS_AT_FIGURE.test(p.node.textContent ?? ''));
  if (!aside || !figureOnly(figure.pieces) || figureOnly(text.pieces)) return;
  const together = arrange([...text.pieces, ...last.pieces]);
  if (together) parts.splice(parts.length - 3, 3, { pieces: [...text.pieces, ...last.pieces], arranged: together }, figure);
}

/** How tall a part's content is (px), as arranged. */
function heightOf(f: Fitter, part: Part): number {
  if (!part.arranged) return Infinity;
  layout(f.stage, { ...f.frame, sectionClass: part.arranged.sectionClass }, part.arranged.body);
  const section = f.stage.section;
  const last = section.lastElementChild as HTMLElement | null;
  return last ? last.getBoundingClientRect().bottom - section.getBoundingClientRect().top : 0;
}

/** Below this share of the part before it, a part takes units from that part (3 + 14 lines → 9 + 8). */
const BALANCE_RATIO = 0.6;

/**
 * Parts cut greedily fill the first ones and leave the last half empty:
 * whole units move forward from a fuller part to the emptier part after it
 * while both still fit and the taller of the two gets shorter.
 */
function balanceParts(f: Fitter, parts: Part[], arrange: (pieces: Piece[]) => Arranged | null): void {
  for (let i = parts.length - 1; i >= 1; i--) {
    for (let moves = 0; moves < 8; moves++) {
      const before = parts[i - 1]!;
      const after = parts[i]!;
      const [hb, ha] = [heightOf(f, before), heightOf(f, after)];
      if (!(ha < hb * BALANCE_RATIO)) break;
      const units = segments(before.pieces);
      if (units.length < 2) break;
      const moved = units[units.length - 1]!.pieces;
      // A slice of a list or table continued on the next part stays where the cut put it.
      if (moved.some((p) => after.pieces.some((q) => q.from === p.from))) break;
      const kept = before.pieces.slice(0, before.pieces.length - moved.length);
      const keptArranged = arrange(kept);
      const grown = keptArranged ? arrange([...moved, ...after.pieces]) : null;
      if (!keptArranged || !grown) break;
      const next: [Part, Part] = [{ pieces: kept, arranged: keptArranged }, { pieces: [...moved, ...after.pieces], arranged: grown }];
      if (Math.max(heightOf(f, next[0]), heightOf(f, next[1])) >= Math.max(hb, ha)) break;
      parts.splice(i - 1, 2, ...next);
    }
  }
}

/**
 * Where code is cut in split mode: about every `chunk` lines, moved by up to a
 * few lines to a natural break (before a YAML `---`, after a blank line) as
 * long as each piece fits (`firstMax` lines on the part it shares, `laterMax`
 * on a part of its own) and no extra piece is needed.
 */
export function codeCuts(rows: Element[], chunk: number, firstMax: number, laterMax: number): number[] {
  const text = rows.map((row) => (row.textContent ?? '').trim());
  const natural = (at: number): boolean => text[at] === '---' || text[at - 1] === '';
  const pieces = Math.ceil(rows.length / chunk);
  const starts = [0];
  for (let i = 1; i < pieces; i++) {
    const previous = starts[i - 1]!;
    const max = i === 1 ? firstMax : laterMax;
    const ideal = Math.min(previous + chunk, rows.length - 1);
    const allowed = (at: number): boolean => at > previous && at - previous <= max && rows.length - at <= (pieces - i) * laterMax;
    const nearby = [0, -1, 1, -2, 2, -3, 3].map((d) => ideal + d).filter(allowed);
    starts.push(nearby.find(natural) ?? ideal);
  }
  return starts;
}
