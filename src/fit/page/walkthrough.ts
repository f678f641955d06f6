/**
 * Long code as a walkthrough: one code window on one slide, as many lines
 * tall as fit, whose visible part follows the highlighted step — students
 * see one contiguous file, not eleven fragments. The build marks the block
 * (`data-ld-walkthrough`; on the `pre` the window's rows `data-ld-window`
 * and height `--ld-window-h`, measured with wrapped lines) and adds a
 * step fragment per chunk; the client scrolls the window to each step, the
 * print view prints the whole file and the reading view shows it whole.
 */
import { codeLines } from './blocks.ts';
import { walkthroughSteps } from '../../render/codeWalkthrough.ts';
import type { Piece } from './blocks.ts';
import type { Fitter } from './scale.ts';
import { fits } from './scale.ts';
import { layout } from './stage.ts';

/** Fewer lines than this in a window is not worth a walkthrough beside other content. */
export const MIN_SHARED_WINDOW = 8;

export interface Walkthrough {
  node: HTMLElement;
  windowLines: number;
  steps: string[];
}

/** How the block's lines lay out: one row height, what the box adds around them, and each line's rows (wrapped lines take several). */
interface LineMetrics {
  rowPx: number;
  chromePx: number;
  rows: number[];
}

function measureLines(f: Fitter, before: Node[], block: HTMLElement): LineMetrics {
  layout(f.stage, f.frame, [...before, block.cloneNode(true)]);
  const pres = f.stage.section.querySelectorAll('pre');
  const pre = pres[pres.length - 1]!;
  const style = getComputedStyle(pre);
  const rowPx = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.45;
  const chromePx = ['paddingTop', 'paddingBottom', 'borderTopWidth', 'borderBottomWidth'].reduce((n, k) => n + (parseFloat(style[k as 'paddingTop']) || 0), 0);
  const rows = Array.from(pre.querySelectorAll('code > .line')).map((line) => Math.max(1, Math.round(line.getBoundingClientRect().height / rowPx)));
  return { rowPx, chromePx, rows };
}

/** A copy of `block` shown through a window of `rows` rows of code. */
function windowed(block: HTMLElement, rows: number, metrics: LineMetrics): HTMLElement {
  const copy = block.cloneNode(true) as HTMLElement;
  copy.setAttribute('data-ld-walkthrough', '');
  const pre = copy.querySelector('pre')!;
  pre.setAttribute('data-ld-window', String(rows));
  // The window's height (base.css reads it); a size set while scaling would hide it.
  pre.style.setProperty('--ld-window-h', `${Math.ceil(rows * metrics.rowPx + metrics.chromePx + 1)}px`);
  pre.style.removeProperty('max-height');
  return copy;
}

/** The tallest window (in rows) that fits after `before`; 0 when not even a few rows do. */
function windowThatFitsWith(f: Fitter, before: Node[], block: HTMLElement, metrics: LineMetrics, after: Node[] = []): number {
  let lo = 0;
  let hi = metrics.rows.reduce((a, b) => a + b, 0);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(f, [...before, windowed(block, mid, metrics), ...after])) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function windowThatFits(f: Fitter, before: Node[], block: HTMLElement): number {
  return windowThatFitsWith(f, before, block, measureLines(f, before, block));
}

function lineTexts(block: HTMLElement): string[] {
  return codeLines(block).map((line) => (line.textContent ?? '').replace(/\u200b/g, ''));
}

/** Adds step markers (one fragment per step after the first), unless the author wrote steps. */
function withSteps(block: HTMLElement, steps: string[]): void {
  const pre = block.querySelector('pre')!;
  if (pre.hasAttribute('data-steps')) return;
  pre.setAttribute('data-steps', steps.join('|'));
  for (const step of steps.slice(1)) {
    const marker = document.createElement('span');
    marker.className = 'fragment ld-code-step';
    marker.setAttribute('data-lines', step);
    block.appendChild(marker);
  }
}

/** Turns `main` into a walkthrough between `before` and `after` (null when no window fits there). */
export function makeWalkthrough(f: Fitter, before: Piece[], main: Piece, copy: (p: Piece) => Node, after: Piece[] = []): Walkthrough | null {
  const block = main.node as HTMLElement;
  const prefix = before.map(copy);
  const metrics = measureLines(f, prefix, block);
  const rows = windowThatFitsWith(f, prefix, block, metrics, after.map(copy));
  // A line that wraps to more rows than the window has could never be shown whole.
  if (rows < 3 || Math.max(...metrics.rows) > rows) return null;
  const node = windowed(block, rows, metrics);
  const pre = node.querySelector('pre')!;
  const existing = pre.getAttribute('data-steps');
  const steps = existing ? existing.split('|') : walkthroughSteps(lineTexts(block), rows, { lang: pre.getAttribute('data-lang') ?? '', rows: metrics.rows });
  withSteps(node, steps);
  return { node, windowLines: rows, steps };
}
