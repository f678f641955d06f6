/**
 * Walkthroughs on paper (the print view: PDF export and handouts). Paper does
 * not scroll, so a walkthrough's code window becomes:
 *
 *  - in the final state (the default): the whole code, continued over as many
 *    pages as it needs. The slide's own page shows the first piece; each
 *    further piece gets a page of its own right after it, holding the
 *    slide's heading marked "(continued)" and the code. Pieces are whole
 *    lines, at most one window (`data-ld-window` rows; a wrapped line counts
 *    its rows) long, and end at a step boundary where they can;
 *  - one page per step (`--with-steps`): each page shows the window where the
 *    deck shows it at that step.
 *
 * Continuation pages keep the slide's id, so the exporter counts them as more
 * pages of the same slide (its notes are printed once).
 */
import { numberedLines, printPieces, spanOf, windowLinesOf, windowStartLine, WALKTHROUGH_SELECTOR, type LineSpan } from './codeWalkthrough.ts';
import { parseLineRanges } from './codeSteps.ts';

const HIDDEN = 'ld-print-hidden';

/** Shows only lines `span` of a walkthrough's code. */
function showOnly(pre: Element, span: LineSpan): void {
  for (const { line, n } of numberedLines(pre)) line.classList.toggle(HIDDEN, n < span.from || n > span.to);
}

/** First line of each step of a `<pre data-steps>`. */
function stepStarts(pre: Element): number[] {
  return (pre.getAttribute('data-steps') ?? '')
    .split('|')
    .map((spec) => spanOf(parseLineRanges(spec))?.from)
    .filter((n): n is number => n !== undefined);
}

function markContinued(heading: Element | null): void {
  if (!heading || heading.querySelector('.ld-print-continued')) return;
  const mark = document.createElement('span');
  mark.className = 'ld-continued ld-print-continued';
  mark.textContent = '(continued)';
  heading.append(' ', mark);
}

/** A copy of `page` holding only the slide's heading and its `index`-th walkthrough, showing `span`. */
function continuationPage(page: HTMLElement, index: number, span: LineSpan): HTMLElement {
  const copy = page.cloneNode(true) as HTMLElement;
  const slide = copy.querySelector<HTMLElement>(':scope > section');
  const block = copy.querySelectorAll(WALKTHROUGH_SELECTOR)[index];
  if (!slide || !block) return copy;
  const heading = slide.querySelector('h1, h2, h3, h4');
  for (const child of Array.from(slide.children)) {
    if (child !== heading && !child.contains(block)) child.remove();
  }
  // Other content that shares the block's container (a column, a titled block) goes too.
  for (let node: Element = block; node.parentElement && node.parentElement !== slide; node = node.parentElement) {
    for (const sibling of Array.from(node.parentElement.children)) if (sibling !== node && !sibling.contains(heading)) sibling.remove();
  }
  markContinued(heading);
  const pre = block.querySelector(':scope > pre');
  if (pre) showOnly(pre, span);
  copy.classList.add('ld-print-continuation');
  return copy;
}

/**
 * Lays the walkthroughs of the print view's pages out for paper; returns the
 * pages in order, continuation pages included. Run after the code steps of
 * each page are applied (updateCodeSteps).
 */
export function expandWalkthroughPages(pages: readonly HTMLElement[], finalState: boolean): HTMLElement[] {
  // Every walkthrough's rows per line, read before anything is changed (one layout).
  const rows = new Map<Element, number[]>();
  for (const pre of pages.flatMap((page) => Array.from(page.querySelectorAll<HTMLElement>(`${WALKTHROUGH_SELECTOR} > pre`)))) {
    const row = Number.parseFloat(getComputedStyle(pre).lineHeight) || 1;
    rows.set(pre, numberedLines(pre).map(({ line }) => Math.max(1, Math.round(line.getBoundingClientRect().height / row))));
  }
  const out: HTMLElement[] = [];
  for (const page of pages) {
    out.push(page);
    const blocks = Array.from(page.querySelectorAll(WALKTHROUGH_SELECTOR));
    let last = page;
    blocks.forEach((block, index) => {
      const pre = block.querySelector(':scope > pre');
      if (!pre) return;
      const lines = numberedLines(pre);
      const window = windowLinesOf(block);
      if (!finalState) {
        const step = spanOf(new Set(lines.filter(({ line }) => line.classList.contains('highlighted')).map(({ n }) => n)));
        const from = windowStartLine(step, window, lines.length);
        // As many lines from there as fill the window's rows (a wrapped line takes several).
        const [piece] = printPieces(lines.length - from + 1, window, [], rows.get(pre)?.slice(from - 1));
        showOnly(pre, { from, to: from - 1 + (piece?.to ?? window) });
        return;
      }
      const [first, ...rest] = printPieces(lines.length, window, stepStarts(pre), rows.get(pre));
      if (first) showOnly(pre, first);
      for (const piece of rest) {
        const copy = continuationPage(page, index, piece);
        last.after(copy);
        out.push(copy);
        last = copy;
      }
    });
  }
  return out;
}
