/**
 * Runs INSIDE the measuring page (passed to page.evaluate, so it must not use
 * anything from its module scope): lays each slide out in a 1280×720 reveal
 * section with the deck's CSS and, when it overflows, cuts it into parts at
 * block or list-item (table-row, code-line) boundaries, scales a block that
 * is too big alone down to a readable minimum, and says what still overflows.
 *
 * Blocks are handled as DOM nodes parsed from the slide's HTML, where diagrams
 * are still `<!--ld-diagram:N-->` placeholders; for measuring, the rendered
 * figure is put next to each placeholder and taken out again when the parts
 * are serialised, so the output keeps placeholders for the page builder.
 */

export type InPageFitMode = 'auto' | 'split' | 'scale';

export interface InPageSlide {
  heading: string;
  /** The heading with room for a `(2/3)` suffix, measured once the slide is being split. */
  partHeading: string;
  blocks: string[];
  mode: InPageFitMode;
  /** Smallest code font size in slide pixels. */
  minCodePx: number;
}

export interface InPageInput {
  width: number;
  height: number;
  /** Diagram figures of the deck by placeholder index. */
  figures: Record<string, string>;
  slides: InPageSlide[];
}

export interface InPagePart {
  /** Serialised blocks, each with the index of the source block it came from. */
  blocks: { html: string; from: number }[];
}

export interface InPageResult {
  /** Null when the slide fits as it is. */
  parts: InPagePart[] | null;
  /** Source blocks that still do not fit, with how many pixels they overflow by. */
  overflows: { from: number; px: number }[];
  /** What was done, for reports: `split`, `scaled-code`, `scaled-diagram`… */
  actions: string[];
}

export function fitSlidesInPage(input: InPageInput): InPageResult[] {
  const MIN_DIAGRAM_PX = 200;
  const MIN_TABLE_PX = 16;
  const MIN_TEXT_SCALE = 0.8;
  const NEARLY_FITS_SCALE = 0.9;
  const TOLERANCE = 1;
  const VERTICAL_MARGIN = 4;

  const slidesEl = document.querySelector<HTMLElement>('.reveal .slides')!;
  slidesEl.style.width = `${input.width}px`;
  slidesEl.style.height = `${input.height}px`;
  const section = document.createElement('section');
  section.className = 'present';
  slidesEl.replaceChildren(section);

  const template = document.createElement('template');
  const isPlaceholder = (node: Node): node is Comment => node.nodeType === Node.COMMENT_NODE && /^ld-diagram:\d+$/.test((node as Comment).data);
  const parse = (html: string): Node[] => {
    template.innerHTML = html;
    return Array.from(template.content.childNodes).filter((n) => n.nodeType === Node.ELEMENT_NODE || isPlaceholder(n) || (n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== ''));
  };
  const serialise = (node: Node): string => {
    const holder = document.createElement('div');
    holder.appendChild(node.cloneNode(true));
    return holder.innerHTML;
  };

  /** Copies of a block for measuring: every diagram placeholder followed by its figure. */
  const forMeasure = (block: Node): Node[] => {
    const holder = document.createElement('div');
    holder.appendChild(block.cloneNode(true));
    const walker = document.createTreeWalker(holder, NodeFilter.SHOW_COMMENT);
    const comments: Comment[] = [];
    while (walker.nextNode()) if (isPlaceholder(walker.currentNode)) comments.push(walker.currentNode as Comment);
    for (const comment of comments) {
      template.innerHTML = input.figures[comment.data.slice('ld-diagram:'.length)] ?? '';
      comment.after(template.content);
    }
    return Array.from(holder.childNodes);
  };

  interface Piece {
    node: Node;
    from: number;
    /** A continuation chunk of code: it gets a part of its own. */
    own?: boolean;
  }

  let headingHtml = '';
  const layout = (pieces: Piece[]): void => {
    section.innerHTML = headingHtml;
    for (const piece of pieces) section.append(...forMeasure(piece.node));
  };
  /** Pixels the laid-out section overflows by (0 when everything shows). */
  const overflow = (): number => {
    // A few pixels of vertical room to spare, like the horizontal margin in fitStyles.ts.
    let over = Math.max(0, section.scrollHeight - (input.height - VERTICAL_MARGIN), section.scrollWidth - input.width);
    for (const el of Array.from(section.querySelectorAll<HTMLElement>('pre, .table-wrap'))) {
      over = Math.max(over, el.scrollHeight - el.clientHeight, el.scrollWidth - el.clientWidth);
    }
    return over > TOLERANCE ? over : 0;
  };
  const fits = (pieces: Piece[]): boolean => {
    layout(pieces);
    return overflow() === 0;
  };

  // ---- splittable blocks: lists by item, tables by row, code by line ----
  const isList = (node: Node): node is HTMLOListElement | HTMLUListElement => node instanceof HTMLUListElement || node instanceof HTMLOListElement;
  const isTable = (node: Node): node is HTMLElement => node instanceof HTMLElement && node.classList.contains('table-wrap') && !!node.querySelector('tbody tr');
  const isCode = (node: Node): node is HTMLElement => node instanceof HTMLElement && node.classList.contains('code-block') && !!node.querySelector('pre');
  const rowsOf = (node: Node): Element[] => {
    if (isList(node)) return Array.from(node.children).filter((c) => c.tagName === 'LI');
    if (isTable(node)) return Array.from(node.querySelectorAll('tbody > tr'));
    // Code with step-through fragments stays whole: its steps name line numbers.
    if (isCode(node) && !node.querySelector('.ld-code-step')) return Array.from(node.querySelectorAll('pre code > .line'));
    return [];
  };
  /** A copy of a splittable block with only rows [start, end). Ordered lists keep their numbering. */
  const slice = (node: Node, start: number, end: number): Node => {
    const copy = node.cloneNode(true) as HTMLElement;
    rowsOf(copy).forEach((row, i) => {
      if (i >= start && i < end) return;
      // Code lines (and list items) are joined by newlines: drop the one after a removed row.
      if (row.nextSibling?.nodeType === Node.TEXT_NODE && row.nextSibling.textContent!.trim() === '') row.nextSibling.remove();
      row.remove();
    });
    if (copy instanceof HTMLOListElement) copy.start = (node as HTMLOListElement).start + start;
    return copy;
  };
  /** How many leading rows of `piece` fit after `current` (at least 0, at most all). */
  const rowsThatFit = (current: Piece[], piece: Piece, total: number): number => {
    let k = 0;
    while (k < total && fits([...current, { node: slice(piece.node, 0, k + 1), from: piece.from }])) k++;
    return k;
  };

  /**
   * Where code is cut: about every `chunk` lines, but moved by up to a few lines
   * to a natural break (before a YAML `---`, after a blank line) as long as each
   * piece fits (`firstMax` lines on the part it shares, `laterMax` on a part of
   * its own) and no extra piece is needed.
   */
  const codeCuts = (rows: Element[], chunk: number, firstMax: number, laterMax: number): number[] => {
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
  };

  // ---- scaling one block that is too big on its own ----
  const tryScale = (pieces: Piece[], apply: (value: number) => void, values: number[]): boolean => values.some((v) => (apply(v), fits(pieces)));
  const range = (from: number, to: number, step: number): number[] => {
    const out: number[] = [];
    for (let v = from; step > 0 ? v <= to + 1e-9 : v >= to - 1e-9; v += step) out.push(Math.round(v * 100) / 100);
    return out;
  };

  const scaleCode = (piece: Piece, rest: Piece[], minCodePx: number, actions: string[]): void => {
    const pre = (piece.node as HTMLElement).querySelector('pre')!;
    layout([...rest, piece]);
    const shownPre = section.lastElementChild?.querySelector('pre');
    const size = Math.floor(parseFloat(shownPre ? getComputedStyle(shownPre).fontSize : '18') || 18);
    const set = (px: number, lineHeight: number) => {
      pre.style.fontSize = `${px}px`;
      pre.style.lineHeight = String(lineHeight);
      pre.style.maxHeight = 'none';
    };
    const all = [...rest, piece];
    if (tryScale(all, (px) => set(px, 1.45), range(size - 1, minCodePx, -1)) || tryScale(all, (lh) => set(minCodePx, lh), range(1.4, 1.25, -0.05))) {
      actions.push('scaled-code');
      return;
    }
    // Too long even at the smallest size: it stays there and is cut into chunks by the caller.
    set(minCodePx, 1.25);
    actions.push('scaled-code');
    if (overflowsSideways(all)) {
      // Still too wide at the smallest size: wrap long lines rather than hide them.
      pre.style.whiteSpace = 'pre-wrap';
      pre.style.overflowWrap = 'anywhere';
      const code = pre.querySelector('code');
      code?.style.setProperty('white-space', 'pre-wrap');
      code?.style.setProperty('min-width', '0');
      actions.push('wrapped-code');
    }
  };
  const overflowsSideways = (pieces: Piece[]): boolean => {
    layout(pieces);
    return Array.from(section.querySelectorAll('pre')).some((el) => el.scrollWidth - el.clientWidth > TOLERANCE);
  };

  const scaleBlock = (piece: Piece, rest: Piece[], minCodePx: number, actions: string[]): void => {
    const all = [...rest, piece];
    const el = piece.node;
    if (isCode(el)) return scaleCode(piece, rest, minCodePx, actions);
    const measured = forMeasure(el);
    if (measured.some((n) => n instanceof Element && (n.matches('figure.diagram') || !!n.querySelector('figure.diagram')))) {
      layout(all);
      const svgs = section.querySelectorAll('figure.diagram svg');
      const svg = svgs[svgs.length - 1];
      if (!svg) return;
      const height = Math.max(MIN_DIAGRAM_PX, Math.floor(svg.getBoundingClientRect().height - overflow() - 4));
      // The placeholder moves into a wrapper that caps its figure's height (base.css).
      const wrapper = document.createElement('div');
      wrapper.className = 'ld-fit-diagram';
      wrapper.style.setProperty('--ld-fit-h', `${height}px`);
      const onlyPlaceholder = isPlaceholder(el) ? el : el instanceof HTMLParagraphElement && el.childNodes.length === 1 && isPlaceholder(el.firstChild!) ? el.firstChild : null;
      if (!onlyPlaceholder) return;
      wrapper.appendChild(onlyPlaceholder.cloneNode());
      piece.node = wrapper;
      if (fits(all)) actions.push('scaled-diagram');
      return;
    }
    if (!(el instanceof HTMLElement)) return;
    const table = el.querySelector('table');
    if (table) {
      const size = Math.floor(parseFloat(getComputedStyle(section.querySelector('table') ?? table).fontSize) || 22);
      if (tryScale(all, (px) => table.style.setProperty('font-size', `${px}px`), range(size - 1, MIN_TABLE_PX, -1))) actions.push('scaled-table');
      return;
    }
    const img = el.querySelector('img');
    if (img) {
      layout(all);
      const shown = section.querySelectorAll('img');
      const height = (shown[shown.length - 1]?.getBoundingClientRect().height ?? 0) - overflow() - 4;
      img.style.maxHeight = `${Math.max(MIN_DIAGRAM_PX, Math.floor(height))}px`;
      if (fits(all)) actions.push('scaled-image');
      return;
    }
    // Text: a slightly smaller type scale for this block.
    if (tryScale(all, (s) => el.style.setProperty('font-size', `${s}em`), range(0.95, MIN_TEXT_SCALE, -0.05))) actions.push('scaled-text');
  };

  // ---- big blocks: a slide shows at most one (as the slicer's spread does) ----
  const isBig = (node: Node): boolean => {
    if (isPlaceholder(node)) return true;
    if (!(node instanceof HTMLElement)) return false;
    if (node.querySelector('img') || Array.from(node.childNodes).some(isPlaceholder) || node.classList.contains('ld-fit-diagram')) return true;
    if (node.classList.contains('code-block')) return node.querySelectorAll('pre code > .line').length > 6;
    return node.classList.contains('table-wrap') && node.querySelectorAll('tbody > tr').length > 4;
  };
  const bigCount = (pieces: Piece[]): number => pieces.filter((p) => isBig(p.node)).length;

  /** Copies of `pieces` in one `.ld-fit-scaled` wrapper, whose font size the caller sets. */
  const scaledTogether = (pieces: Piece[]): Piece => {
    const wrapper = document.createElement('div');
    wrapper.className = 'ld-fit-scaled';
    pieces.forEach((p) => wrapper.appendChild(p.node.cloneNode(true)));
    return { node: wrapper, from: pieces[0]?.from ?? 0 };
  };

  /** Text only (no code, diagram, table or image) that fits at 90 % type size: one scaled block, else null. */
  const nearlyFits = (pieces: Piece[]): Piece | null => {
    const textOnly = pieces.every((p) => p.node instanceof HTMLElement && !isBig(p.node) && !p.node.querySelector('table, img, pre, .code-block'));
    if (!textOnly || pieces.length === 0) return null;
    const scaled = scaledTogether(pieces);
    (scaled.node as HTMLElement).style.setProperty('font-size', `${NEARLY_FITS_SCALE}em`);
    return fits([scaled]) ? scaled : null;
  };

  /** A short line ending in ':' that introduces what follows: a paragraph, or a one-item list ("2. Save as x:"). */
  const isLeadIn = (node: Node): boolean => {
    const oneItemList = (node instanceof HTMLOListElement || node instanceof HTMLUListElement) && node.children.length === 1;
    const text = (node.textContent ?? '').trim();
    return (node instanceof HTMLParagraphElement || oneItemList) && text.endsWith(':') && text.length <= 140;
  };
  const onlyLeadIn = (pieces: Piece[]): boolean => pieces.every((p) => isLeadIn(p.node));

  const fitOne = (slide: InPageSlide, partHeading: string): InPageResult => {
    headingHtml = slide.heading;
    const sources: Piece[] = slide.blocks.flatMap((html, from) => parse(html).map((node) => ({ node, from })));
    const actions: string[] = [];
    const split = slide.mode !== 'scale';
    const scale = slide.mode !== 'split';
    if (fits(sources) && !(split && bigCount(sources) > 1)) return { parts: null, overflows: [], actions };
    if (split && scale) {
      // Text that misses by a little reads better a touch smaller on one slide than with a stray line on the next.
      const nearly = nearlyFits(sources);
      if (nearly) return { parts: [{ blocks: [{ html: serialise(nearly.node), from: nearly.from }] }], overflows: [], actions: ['scaled-text'] };
    }
    // Continuation parts get a "(2/3)" suffix: measure with room for it.
    if (split) headingHtml = partHeading;

    const parts: Piece[][] = [];
    const overflows: { from: number; px: number }[] = [];
    let current: Piece[] = [];
    const flush = (): void => {
      // A lead-in ("**Steps:**") goes with what it introduces.
      const carry = current.length > 1 && isLeadIn(current[current.length - 1]!.node) ? current.pop() : undefined;
      parts.push(current);
      current = carry ? [carry] : [];
    };
    const queue = [...sources];
    while (queue.length > 0) {
      const piece = queue.shift()!;
      if (split && isBig(piece.node) && bigCount(current) > 0) {
        // A second big block starts a slide of its own, even when both would fit.
        flush();
        actions.push('split');
      }
      if (fits([...current, piece])) {
        current.push(piece);
        if (piece.own && queue[0]?.own) flush();
        continue;
      }
      const rows = rowsOf(piece.node);
      const code = isCode(piece.node);
      if (code && scale && overflowsSideways([piece])) {
        // Too wide, not too tall: a slide of its own would not help; shrink or wrap it here.
        scaleBlock(piece, current, slide.minCodePx, actions);
        if (fits([...current, piece])) {
          current.push(piece);
          continue;
        }
      }
      if (split && current.length > 0 && (code || rows.length < 2) && !onlyLeadIn(current)) {
        // A block that does not fit after others starts the next part (code is not cut mid-slide).
        flush();
        queue.unshift(piece);
        actions.push('split');
        continue;
      }
      if (code && scale) scaleBlock(piece, current, slide.minCodePx, actions);
      if (code && fits([...current, piece])) {
        current.push(piece);
        continue;
      }
      if (split && rows.length > 1) {
        const k = rowsThatFit(current, piece, rows.length);
        if (k > 0) {
          // Code is cut into about equal chunks, each on its own part; lists and tables continue where they stopped.
          let chunk = code ? Math.ceil(rows.length / Math.ceil(rows.length / k)) : k;
          // A list or table that ends the section and needs just one more part is shared
          // out evenly over the two (7 + 7 items, not 12 + 2) when the second half fits.
          const half = Math.ceil(rows.length / 2);
          if (!code && queue.length === 0 && half < k && fits([{ node: slice(piece.node, half, rows.length), from: piece.from }])) chunk = half;
          const starts = code ? codeCuts(rows, chunk, k, Math.max(k, rowsThatFit([], piece, rows.length))) : [0, chunk];
          const pieces: Piece[] = [];
          for (let i = 1; i < starts.length; i++) pieces.push({ node: slice(piece.node, starts[i]!, starts[i + 1] ?? rows.length), from: piece.from, own: code });
          current.push({ node: slice(piece.node, 0, starts[1]!), from: piece.from });
          flush();
          queue.unshift(...pieces);
          actions.push('split');
          continue;
        }
        if (current.length > 0) {
          flush();
          queue.unshift(piece);
          continue;
        }
      }
      // Alone under the heading (maybe after a lead-in) and still too big.
      if (scale && !code) scaleBlock(piece, current, slide.minCodePx, actions);
      layout([...current, piece]);
      const px = overflow();
      if (px > 0) overflows.push({ from: piece.from, px });
      current.push(piece);
    }
    if (current.length > 0) parts.push(current);

    if (!split && overflows.length > 0) {
      // Scale mode: shrink the whole slide's text a little before giving up.
      overflows.length = 0;
      const scaled = scaledTogether(parts.flat());
      const wrapper = scaled.node as HTMLElement;
      if (!tryScale([scaled], (s) => wrapper.style.setProperty('font-size', `${s}em`), range(0.95, MIN_TEXT_SCALE, -0.05))) overflows.push({ from: scaled.from, px: overflow() });
      parts.splice(0, parts.length, [scaled]);
      actions.push('scaled-text');
    }
    return { parts: parts.map((p) => ({ blocks: p.map((piece) => ({ html: serialise(piece.node), from: piece.from })) })), overflows, actions: [...new Set(actions)] };
  };

  return input.slides.map((slide) => fitOne(slide, slide.partHeading));
}
