/**
 * Arrangements: the ways one slide's blocks can be laid out, measured, and
 * the most readable one that fits chosen — what a designer would try before
 * cutting a slide in two:
 *  - stack: the blocks one under another, as written;
 *  - columns: parallel groups (`**Lead-in:**` + its list, three times) side by side;
 *  - list columns: one long list of short items in two columns;
 *  - side: a diagram or image beside the few lines that explain it;
 *  - figure: a diagram alone under a small heading, with the whole slide for it;
 *  - statement: a slide that is one short paragraph, set large;
 *  - and, when text only just misses, the stack a little smaller.
 * Short text is then set larger ("grown") so a three-bullet slide reads from the back.
 */
import type { DiagramMeasure } from './types.ts';
import type { Piece } from './blocks.ts';
import { bigCount, codeLines, copyOf, fromOf, hasImage, isBig, isCode, isLeadIn, isList, isTextOnly, withOrigin } from './blocks.ts';
import { bestVariants, isDiagramWrapper, smallest, wrapDiagram } from './diagrams.ts';
import type { Fitter } from './scale.ts';
import { MIN_TEXT_SCALE, NEARLY_FITS_SCALE } from './scale.ts';
import type { Frame } from './stage.ts';
import { contentShare, fitsNow } from './stage.ts';

export interface Candidate {
  name: string;
  sectionClass?: string;
  body: Node[];
}

export interface Arranged extends Candidate {
  diagrams: DiagramMeasure[];
  share: number;
}

/** Marks a piece of code cut from a longer file (split mode). */
export const CODE_PART_CLASS = 'ld-code-part';

const GROW_STEPS = [1.3, 1.2, 1.1];
/** Text without a diagram that only just misses: these scales, largest first (code stays at its minimum). */
const TEXT_SCALES = [NEARLY_FITS_SCALE, 0.85, MIN_TEXT_SCALE];
/** Text may share a slide with a diagram that stays small anyway, if the diagram keeps this much of its size alone. */
const SHARED_LABEL_RATIO = 0.85;
/**
 * …but a diagram that would be far under the minimum beside the text (below SHARED_LABEL_RATIO of it)
 * goes alone for a smaller gain: below 12 px every pixel is the difference between squinting and reading.
 */
const UNREADABLE_ALONE_GAIN = 1.05;
/** Text-only slides covering less than this share are set larger, up to GROW_STEPS[0]. */
const GROW_BELOW_SHARE = 0.4;
const GROW_MAX_SHARE = 0.8;
const STATEMENT_MAX_CHARS = 280;
const SIDE_MAX_TEXT_CHARS = 700;
const LIST_COLUMNS_MIN_ITEMS = 6;
const LIST_COLUMNS_MAX_ITEM_CHARS = 48;
/** When the list would otherwise be cut over two slides, items of up to two lines a column still read well. */
const LIST_COLUMNS_MAX_ITEM_CHARS_BEFORE_A_CUT = 110;

function frameFor(f: Fitter, cand: Candidate): Frame {
  const classes = [f.frame.sectionClass, cand.sectionClass].filter(Boolean).join(' ');
  return { ...f.frame, sectionClass: classes || undefined };
}

/** Lays a candidate out (choosing diagram variants and sizes); null when it does not fit. */
export function evaluate(f: Fitter, cand: Candidate): Arranged | null {
  const frame = frameFor(f, cand);
  const diagrams = bestVariants(f.stage, frame, cand.body);
  if (diagrams === null || !fitsNow(f.stage)) return null;
  return { ...cand, diagrams, share: contentShare(f.stage) };
}

const copies = (pieces: Piece[]): Node[] => pieces.map((p) => wrapDiagram(copyOf(p)));

function element(tag: string, className: string, children: Node[], from: number): HTMLElement {
  const el = withOrigin(document.createElement(tag), from);
  el.className = className;
  el.append(...children);
  return el;
}

export function stack(pieces: Piece[]): Candidate {
  return { name: 'stack', body: copies(pieces) };
}

interface Segment {
  pieces: Piece[];
  /** A lead-in (or minor heading) with the block it introduces. */
  group: boolean;
}

/** Characters of a one-sentence paragraph that introduces the big block right after it. */
const INTRODUCER_MAX_CHARS = 180;

/**
 * A short paragraph right before a listing, diagram or table introduces it
 * ("Replace prometheus.yml with this version, which adds rule_files."), as a
 * lead-in line does: cut from it, the sentence would be a slide of its own.
 */
function introduces(piece: Piece, next: Piece | undefined): boolean {
  // A lab step's sentence taken out of its list (steps.ts) is a one-item list.
  const sentence = piece.node instanceof HTMLParagraphElement || (isList(piece.node) && piece.node.children.length === 1);
  return !!next && isBig(next.node) && sentence && isTextOnly(piece.node) && (piece.node.textContent ?? '').trim().length <= INTRODUCER_MAX_CHARS;
}

/** Languages of commands typed at a prompt (shiki's names for them). */
const SHELL_LANGUAGES = new Set(['shellscript', 'bash', 'sh', 'shell', 'zsh', 'console', 'powershell']);
/** A command this short is read with the output it prints. */
const COMMAND_MAX_LINES = 6;
const codeLanguage = (node: Node): string => (isCode(node) ? (node.querySelector('pre')?.dataset.lang ?? '') : '');

/**
 * A short command followed by a plain block (its expected output) is one unit, like a lead-in and its
 * list: a lab step's "run this" and "you should see" are read together, so a cut never falls between.
 */
function commandBeforeOutput(piece: Piece, next: Piece | undefined): boolean {
  return !!next && SHELL_LANGUAGES.has(codeLanguage(piece.node)) && codeLines(piece.node as HTMLElement).length <= COMMAND_MAX_LINES && codeLanguage(next.node) === 'text';
}

/** Consecutive lead-ins with the block after them are one segment; other blocks stand alone. */
export function segments(pieces: Piece[]): Segment[] {
  const out: Segment[] = [];
  let leads: Piece[] = [];
  for (const [i, piece] of pieces.entries()) {
    if (isLeadIn(piece.node) || introduces(piece, pieces[i + 1]) || commandBeforeOutput(piece, pieces[i + 1])) {
      leads.push(piece);
      continue;
    }
    out.push({ pieces: [...leads, piece], group: leads.length > 0 });
    leads = [];
  }
  if (leads.length) out.push({ pieces: leads, group: false });
  return out;
}

const columnCount = (n: number): number => (n <= 3 ? n : n === 4 ? 2 : 3);

/** Parallel groups side by side: runs of two or more lead-in groups whose blocks are short text. */
export function columns(pieces: Piece[]): Candidate | null {
  const segs = segments(pieces);
  const fitsColumn = (s: Segment): boolean => s.group && s.pieces.every((p) => isTextOnly(p.node) || (isCode(p.node) && codeLines(p.node).length <= 8));
  const body: Node[] = [];
  let changed = false;
  for (let i = 0; i < segs.length; ) {
    let j = i;
    while (j < segs.length && fitsColumn(segs[j]!)) j++;
    if (j - i >= 2) {
      const run = segs.slice(i, j);
      const cols = run.map((s) => element('div', 'ld-col', copies(s.pieces), s.pieces[0]!.from));
      const grid = element('div', 'ld-cols', cols, run[0]!.pieces[0]!.from);
      grid.style.setProperty('--ld-cols', String(columnCount(run.length)));
      body.push(grid);
      changed = true;
      i = j;
    } else {
      body.push(...copies(segs[i]!.pieces));
      i++;
    }
  }
  return changed ? { name: 'columns', sectionClass: 'ld-layout-columns', body } : null;
}

/** A glossary-like run of short `**Term** — definition` paragraphs. */
const isTermParagraph = (p: Piece): boolean => p.node instanceof HTMLParagraphElement && p.node.firstElementChild?.tagName === 'STRONG' && (p.node.firstChild === p.node.firstElementChild) && (p.node.textContent ?? '').length <= 240;

/** One long list of short items, or a run of term paragraphs, in two columns (`maxItemChars`: the longest item). */
export function listColumns(pieces: Piece[], maxItemChars = LIST_COLUMNS_MAX_ITEM_CHARS): Candidate | null {
  const terms = termRun(pieces);
  if (terms) {
    const body: Node[] = [];
    pieces.forEach((p, i) => {
      if (i === terms.start) body.push(element('div', 'ld-text-columns', copies(pieces.slice(terms.start, terms.end)), p.from));
      else if (i < terms.start || i >= terms.end) body.push(...copies([p]));
    });
    return { name: 'list-columns', body };
  }
  const lists = pieces.filter((p) => isList(p.node));
  const target = lists.find((p) => {
    const items = Array.from((p.node as HTMLElement).children);
    return items.length >= LIST_COLUMNS_MIN_ITEMS && items.every((li) => !li.querySelector('ul, ol, pre') && (li.textContent ?? '').trim().length <= maxItemChars);
  });
  if (!target) return null;
  const body = pieces.map((p) => {
    const copy = wrapDiagram(copyOf(p));
    if (p === target) (copy as HTMLElement).classList.add('ld-list-columns');
    return copy;
  });
  return { name: 'list-columns', body };
}

function termRun(pieces: Piece[]): { start: number; end: number } | null {
  for (let i = 0; i < pieces.length; i++) {
    let j = i;
    while (j < pieces.length && isTermParagraph(pieces[j]!)) j++;
    if (j - i >= 4) return { start: i, end: j };
    i = j;
  }
  return null;
}

/** A diagram, or an image big enough to be a slide's one big block. */
export const isFigure = (p: Piece): boolean => isDiagramWrapper(wrapDiagram(p.node.cloneNode(true))) || (hasImage(p.node) && isBig(p.node));
const textLength = (pieces: Piece[]): number => pieces.reduce((n, p) => n + (p.node.textContent ?? '').trim().length, 0);

/**
 * Two big blocks (two short files, a file and its diagram) side by side, each
 * with the lines that introduce it; text before them stays full width on top.
 */
export function pair(pieces: Piece[]): Candidate | null {
  if (pieces.some((p) => p.node instanceof HTMLElement && p.node.classList.contains(CODE_PART_CLASS))) return null;
  const segs = segments(pieces);
  const big = segs.map((s) => s.pieces.some((p) => isBig(p.node)));
  const first = big.indexOf(true);
  if (big.filter(Boolean).length !== 2 || first < 0 || !big.slice(first).every(Boolean) || segs.length - first !== 2) return null;
  const top = segs.slice(0, first).flatMap((s) => copies(s.pieces));
  const cols = segs.slice(first).map((s) => element('div', 'ld-col', copies(s.pieces), s.pieces[0]!.from));
  const grid = element('div', 'ld-cols', cols, segs[first]!.pieces[0]!.from);
  grid.style.setProperty('--ld-cols', '2');
  return { name: 'pair', sectionClass: 'ld-layout-columns', body: [...top, grid] };
}

/** Text that can sit in the column beside a figure: prose, lists, a short command. */
const fitsBeside = (p: Piece): boolean => isTextOnly(p.node) || (isCode(p.node) && !isBig(p.node));

/**
 * A diagram or image beside the short text that explains it; `wideText` gives
 * the text the larger column (a tall, narrow drawing needs little width).
 */
export function side(pieces: Piece[], wideText = false): Candidate | null {
  const figures = pieces.filter(isFigure);
  const text = pieces.filter((p) => !isFigure(p));
  if (figures.length !== 1 || text.length === 0 || !text.every(fitsBeside) || textLength(text) > SIDE_MAX_TEXT_CHARS) return null;
  const figure = figures[0]!;
  const row = element('div', wideText ? 'ld-side ld-side-wide-text' : 'ld-side', [element('div', 'ld-side-text', copies(text), text[0]!.from), element('div', 'ld-side-figure', copies([figure]), figure.from)], text[0]!.from);
  return { name: 'side', sectionClass: 'ld-layout-side', body: [row] };
}

/** A diagram alone (after at most one short line) under a small heading. */
export function figureOnly(pieces: Piece[]): Candidate | null {
  const figures = pieces.filter(isFigure);
  const text = pieces.filter((p) => !isFigure(p));
  if (figures.length !== 1 || text.length > 1 || (text.length === 1 && (!isTextOnly(text[0]!.node) || textLength(text) > 200))) return null;
  return { name: 'figure', sectionClass: 'ld-layout-figure', body: copies(pieces) };
}

/** One short paragraph, nothing else: set large, in the middle of the slide. */
export function statement(pieces: Piece[]): Candidate | null {
  if (pieces.length !== 1) return null;
  const node = pieces[0]!.node;
  if (!(node instanceof HTMLParagraphElement || node instanceof HTMLQuoteElement) || !isTextOnly(node) || textLength(pieces) > STATEMENT_MAX_CHARS) return null;
  return { name: 'statement', sectionClass: 'ld-layout-statement', body: copies(pieces) };
}

/**
 * The whole body in one wrapper at a text scale (0.9: nearly fits; 1.2: grown).
 * With `minCodePx`, code follows the text down no further than that size.
 */
export function scaled(cand: Candidate, scale: number, minCodePx?: number): Candidate {
  const wrapper = element('div', 'ld-fit-scaled', cand.body.map((n) => withOrigin(n.cloneNode(true), fromOf(n))), cand.body[0] ? fromOf(cand.body[0]) : 0);
  wrapper.style.setProperty('font-size', `${scale}em`);
  // Code and tables have sizes of their own (base.css scales them by --ld-scale too).
  wrapper.style.setProperty('--ld-scale', String(scale));
  if (minCodePx !== undefined && scale < 1) wrapper.style.setProperty('--ld-min-code', `${minCodePx}px`);
  return { ...cand, name: `${cand.name}@${scale}`, body: [wrapper] };
}

export interface ChooseOptions {
  /** May text be set a little smaller to fit (fit mode auto/scale)? */
  allowShrink: boolean;
  /** A diagram sharing its slide with other content must keep labels this large, or the content moves off. */
  minLabelPx: number;
  /** Code set smaller with its text stops at this size (slide px). */
  minCodePx: number;
  /** May the blocks be re-arranged (columns, side by side…)? False for title slides. */
  allowRearrange: boolean;
}

/** The most readable arrangement of `pieces` that fits the slide, or null. */
export function choose(f: Fitter, pieces: Piece[], options: ChooseOptions): Arranged | null {
  if (bigCount(pieces) === 2) return choosePair(f, pieces, options);
  const hasFigure = pieces.some(isFigure);
  const first = options.allowRearrange ? statement(pieces) : null;
  if (first) {
    const done = evaluate(f, first);
    if (done) return done;
  }
  const base = evaluate(f, stack(pieces));
  if (base && !hasFigure) return options.allowRearrange ? grow(f, base) : base;
  if (!options.allowRearrange) return base ?? (options.allowShrink ? nearlyFitting(f, pieces, [stack(pieces)], options) : null);

  const longItems = base ? null : listColumns(pieces, LIST_COLUMNS_MAX_ITEM_CHARS_BEFORE_A_CUT);
  const others = [columns(pieces), listColumns(pieces), side(pieces), side(pieces, true), figureOnly(pieces), longItems].filter((c): c is Candidate => c !== null);
  const fitting: Arranged[] = base ? [base] : [];
  for (const cand of others) {
    if (hasFigure && base && cand.name !== 'side' && cand.name !== 'figure') continue;
    const done = evaluate(f, cand);
    if (done) fitting.push(done);
  }
  if (fitting.length === 0) return options.allowShrink ? nearlyFitting(f, pieces, [stack(pieces), columns(pieces), listColumns(pieces), longItems], options) : null;
  if (hasFigure) {
    // A diagram squeezed by the text beside it is better on a slide of its own (the caller
    // splits) — when it would be clearly more readable there.
    const onlyIntroduced = pieces.every((p) => isFigure(p) || isLeadIn(p.node));
    const readable = fitting.filter((a) => smallest(a.diagrams) >= options.minLabelPx);
    if (readable.length === 0 && !onlyIntroduced) {
      const alone = choose(f, pieces.filter(isFigure), options);
      const aloneLabel = alone ? smallest(alone.diagrams) : 0;
      const best = Math.max(...fitting.map((a) => smallest(a.diagrams)));
      const unreadable = best < options.minLabelPx * SHARED_LABEL_RATIO && best * UNREADABLE_ALONE_GAIN <= aloneLabel;
      if (aloneLabel >= options.minLabelPx || best < aloneLabel * SHARED_LABEL_RATIO || unreadable) return null;
    }
    if (readable.length > 0) fitting.splice(0, fitting.length, ...readable);
    // Largest labels win; the author's order (stack) unless another is clearly better.
    const label = (a: Arranged): number => smallest(a.diagrams) * (a.name === 'stack' ? 1.1 : a.name === 'side' ? 1.02 : 1);
    const best = fitting.reduce((a, b) => (label(b) > label(a) ? b : a));
    return reapply(f, best);
  }
  return grow(f, fitting[0]!);
}

/**
 * Two big blocks share a slide only at full size: side by side, else one
 * under the other, and only when every diagram keeps readable labels.
 */
function choosePair(f: Fitter, pieces: Piece[], options: ChooseOptions): Arranged | null {
  if (!options.allowRearrange) return null;
  const candidates = [pair(pieces), stack(pieces)];
  for (const cand of candidates) {
    const done = cand ? evaluate(f, cand) : null;
    if (done && readableDiagrams(done, options)) return done;
  }
  return options.allowShrink ? nearlyFitting(f, pieces, candidates, options) : null;
}

const readableDiagrams = (a: Arranged, options: ChooseOptions): boolean => a.diagrams.every((d) => d.labelPx >= options.minLabelPx);

/**
 * What only just misses reads better a touch smaller on one slide than cut
 * in two: the first candidate that fits at 90 %, then (no diagram) 85 % and
 * 80 %, code never below the lesson's minimum, any diagram still readable.
 * Seven learning objectives at 22 px on one slide read better than four and
 * three at 27 px; a step's command and its expected output belong together.
 */
function nearlyFitting(f: Fitter, pieces: Piece[], candidates: (Candidate | null)[], options: ChooseOptions): Arranged | null {
  const hasFigure = pieces.some(isFigure);
  for (const scale of hasFigure ? [NEARLY_FITS_SCALE] : TEXT_SCALES) {
    for (const cand of candidates) {
      if (!cand) continue;
      const done = evaluate(f, scaled(cand, scale, options.minCodePx));
      if (done && (!hasFigure || readableDiagrams(done, options))) return done;
    }
  }
  return null;
}

/** Lays the chosen arrangement out again (the stage may hold a later candidate). */
function reapply(f: Fitter, arranged: Arranged): Arranged {
  return evaluate(f, arranged) ?? arranged;
}

/** Short text-only content set larger while it fits and stays clear of the edges. */
export function grow(f: Fitter, arranged: Arranged): Arranged {
  if (arranged.share >= GROW_BELOW_SHARE || arranged.diagrams.length > 0 || arranged.name === 'statement') return arranged;
  for (const step of GROW_STEPS) {
    const done = evaluate(f, scaled(arranged, step));
    if (done && done.share <= GROW_MAX_SHARE) return { ...done, name: `${arranged.name}@${step}` };
  }
  return reapply(f, arranged);
}
