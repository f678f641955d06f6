/**
 * Long code as a walkthrough, in the browser. The build marks code too long
 * for its slide as `<div class="code-block" data-ld-walkthrough>` around a
 * `<pre data-ld-window="N" style="--ld-window-h: …px">`: the pre shows a
 * window of N rows of code (its height measured by the layout pass, base.css) and the code's step fragments (codeSteps.ts)
 * highlight one range at a time. Here the window follows the step: on every
 * step the code scrolls so the highlighted lines are in view.
 *
 * Where the window is depends only on the step (never on the step before), so
 * the speaker view's NEXT preview, a follower and the print view all show
 * what the deck shows.
 */

export const WALKTHROUGH_SELECTOR = '.code-block[data-ld-walkthrough]';

/** Lines shown at once when the build gave no (valid) `data-ld-window`. */
export const DEFAULT_WINDOW_LINES = 14; // as base.css

/** 1-based, inclusive. */
export interface LineSpan {
  from: number;
  to: number;
}

/** The window's height in lines: `data-ld-window` of the block's pre (or of the block). */
export function windowLinesOf(block: Element): number {
  const raw = block.querySelector(':scope > pre')?.getAttribute('data-ld-window') ?? block.getAttribute('data-ld-window');
  const n = Number.parseInt(raw ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_WINDOW_LINES;
}

/**
 * First line of the window for a step: the top of the code while the step
 * ends inside the first window; otherwise the step's first line with one line
 * of context above it (when the step still fits with it); never past the end.
 */
export function windowStartLine(step: LineSpan | null, windowLines: number, totalLines: number): number {
  if (!step || step.to <= windowLines) return 1;
  const start = step.from > 1 && step.to - step.from + 2 <= windowLines ? step.from - 1 : step.from;
  return Math.max(1, Math.min(start, totalLines - windowLines + 1));
}

/**
 * The whole code as consecutive pieces of at most `windowRows` rows, for
 * print: each piece ends before the last step that starts inside it, so a
 * printed page holds whole steps where it can. `rows[i]` is how many rows
 * line i+1 takes (a wrapped line takes several; 1 each by default); a line
 * taller than the window is a piece of its own.
 */
export function printPieces(totalLines: number, windowRows: number, stepStarts: readonly number[], rows: readonly number[] = []): LineSpan[] {
  const window = Math.max(1, windowRows);
  const rowsOf = (line: number): number => Math.max(1, rows[line - 1] ?? 1);
  const pieces: LineSpan[] = [];
  for (let from = 1; from <= totalLines; ) {
    // `limit`: the first line that no longer fits in this piece.
    let limit = from + 1;
    for (let used = rowsOf(from); limit <= totalLines && used + rowsOf(limit) <= window; limit++) used += rowsOf(limit);
    const starts = stepStarts.filter((s) => s > from && s <= limit);
    const cut = limit > totalLines ? totalLines + 1 : starts.length > 0 ? Math.max(...starts) : limit;
    pieces.push({ from, to: cut - 1 });
    from = cut;
  }
  return pieces;
}

/** The span from the first to the last line of a set of line numbers, or null. */
export function spanOf(lines: ReadonlySet<number>): LineSpan | null {
  if (lines.size === 0) return null;
  return { from: Math.min(...lines), to: Math.max(...lines) };
}

function lineNumber(line: HTMLElement, index: number): number {
  const n = Number.parseInt(line.dataset.line ?? '', 10);
  return Number.isNaN(n) ? index + 1 : n;
}

/**
 * Where a walkthrough's `<pre>` must be scrolled to for its highlighted lines:
 * the same rule as windowStartLine, in pixels, so a wrapped long line counts
 * as the height it really has.
 */
export function walkthroughScrollTop(pre: HTMLElement): number {
  const lines = Array.from(pre.querySelectorAll<HTMLElement>('.line'));
  const first = lines.findIndex((line) => line.classList.contains('highlighted'));
  if (first < 0) return 0;
  const last = lines.findLastIndex((line) => line.classList.contains('highlighted'));
  const style = getComputedStyle(pre);
  const padTop = Number.parseFloat(style.paddingTop) || 0;
  const view = pre.clientHeight - padTop - (Number.parseFloat(style.paddingBottom) || 0);
  // Offsets from the top of the code (the <pre> is the lines' offsetParent: base.css positions it).
  const top = (i: number): number => lines[i]!.offsetTop - padTop;
  const bottom = top(last) + lines[last]!.offsetHeight;
  if (bottom <= view + 1) return 0;
  const start = first > 0 && bottom - top(first - 1) <= view + 1 ? top(first - 1) : top(first);
  // Whole pixels: a fractional target (padding in em) lands on 364 or 365 depending on where the
  // window scrolled from, so a follower's window could sit 1 px off the presenter's.
  return Math.round(Math.max(0, Math.min(start, pre.scrollHeight - pre.clientHeight)));
}

/** Scrolls every walkthrough under `root` to its highlighted step. */
export function scrollWalkthroughs(root: ParentNode, behavior: ScrollBehavior = 'instant'): void {
  root.querySelectorAll<HTMLElement>(`${WALKTHROUGH_SELECTOR} > pre`).forEach((pre) => {
    if (pre.clientHeight === 0) return; // not laid out (a slide that is not shown)
    const top = walkthroughScrollTop(pre);
    if (Math.abs(pre.scrollTop - top) >= 1) pre.scrollTo({ top, behavior });
  });
}

/** The code lines of a walkthrough's `<pre>`, with their 1-based numbers. */
export function numberedLines(pre: Element): { line: HTMLElement; n: number }[] {
  return Array.from(pre.querySelectorAll<HTMLElement>('.line')).map((line, i) => ({ line, n: lineNumber(line, i) }));
}
