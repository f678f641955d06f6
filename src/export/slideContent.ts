/**
 * What is on each printed slide, read from the deck's print view after its
 * layout (fit, splits, walkthrough pages, fragments in their final state):
 * text blocks with their runs, code lines, tables, pictures and boxes, each
 * with its place on the 1280×720 page and the fonts and colours the theme
 * gave it. Plain data, so the PPTX writer (pptxDeck.ts) needs no browser.
 *
 * `readSlideContent` runs in the page; it marks the elements that are drawn
 * as pictures (`data-ld-shot`) so the caller can screenshot them as PNG.
 */
import type { Page } from 'playwright-core';

/** A box in CSS px on the slide's 1280×720 page. */
export interface PxBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface TextRun {
  text: string;
  /** `#rrggbb` without the `#`. */
  color: string;
  fontFace: string;
  /** CSS px. */
  fontSize: number;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  /** Inline code (set in the code font). */
  code?: boolean;
  /** Inline code: its background colour. */
  highlight?: string;
  href?: string;
  /** A line break after this run, inside the paragraph. */
  breakAfter?: boolean;
}

export interface TextParagraph {
  runs: TextRun[];
  align: 'left' | 'center' | 'right';
  /** List item: its marker and nesting (0 = top level). */
  bullet?: { numbered: boolean; level: number; start?: number };
  /** CSS px of space above the paragraph and its line height. */
  spaceBefore: number;
  lineHeight: number;
}

export type SlideShape =
  | { kind: 'text'; box: PxBox; paragraphs: TextParagraph[]; role: 'title' | 'body' }
  | { kind: 'code'; box: PxBox; lines: TextRun[][]; background: string; border?: { color: string; width: number }; fontFace: string; fontSize: number; lineHeight: number; padding: number }
  | { kind: 'table'; box: PxBox; columns: number[]; rows: { height: number; cells: { runs: TextRun[]; header: boolean; fill: string; align: 'left' | 'center' | 'right' }[] }[]; border: string }
  | { kind: 'picture'; box: PxBox; shot: string; svg?: string; image?: string; alt: string }
  | { kind: 'box'; box: PxBox; fill?: string; line?: { color: string; width: number }; leftBar?: { color: string; width: number } };

export interface SlideContent {
  id: string;
  /** Index of its first page in the slides PDF. */
  firstPage: number;
  title: string;
  /** Page height / 720: a slide that continues over several pages is shrunk onto one. */
  pageScale: number;
  background: string;
  shapes: SlideShape[];
  notes: string;
}

export async function readSlideContent(page: Page): Promise<SlideContent[]> {
  // tsx (esbuild keepNames) wraps named inner functions in __name(); the page has no such helper.
  await page.evaluate('globalThis.__name ??= (fn) => fn');
  return page.evaluate(readSlidesInPage);
}

/** Runs in the page (self-contained). */
function readSlidesInPage(): SlideContent[] {
  const INLINE = new Set(['A', 'ABBR', 'B', 'CODE', 'EM', 'I', 'KBD', 'MARK', 'S', 'SAMP', 'SMALL', 'SPAN', 'STRONG', 'SUB', 'SUP', 'U', 'BR', 'DEL', 'INS', 'Q', 'TIME', 'VAR', 'LABEL']);
  const TEXT_BLOCKS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'P', 'FIGCAPTION', 'DT', 'DD', 'CAPTION', 'SUMMARY']);
  const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'ASIDE', 'NOSCRIPT', 'BUTTON', 'INPUT']);
  let shotCount = 0;

  const hex = (css: string): string | undefined => {
    const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+%?))?/.exec(css);
    if (!m) return undefined;
    const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? Number(m[4].slice(0, -1)) / 100 : Number(m[4]);
    if (alpha < 0.05) return undefined;
    return [m[1], m[2], m[3]].map((v) => Math.round(Number(v)).toString(16).padStart(2, '0')).join('');
  };
  const firstFamily = (css: string): string => (css.split(',')[0] ?? '').trim().replace(/^["']|["']$/g, '') || 'Arial';
  const hidden = (el: Element): boolean => {
    const style = getComputedStyle(el);
    return style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0;
  };
  /** Scale of an element's content on the page (a transform on an ancestor shrinks text without changing its font-size). */
  const scaleOf = (el: Element): number => {
    const html = el as HTMLElement;
    const rect = el.getBoundingClientRect();
    return html.offsetWidth > 0 ? rect.width / html.offsetWidth : 1;
  };
  const alignOf = (el: Element): 'left' | 'center' | 'right' => {
    const a = getComputedStyle(el).textAlign;
    return a === 'center' ? 'center' : a === 'right' || a === 'end' ? 'right' : 'left';
  };

  const runStyle = (el: Element, scale: number): Omit<TextRun, 'text'> => {
    const s = getComputedStyle(el);
    const code = el.closest('code, kbd, samp');
    const background = code && !code.closest('pre') ? hex(getComputedStyle(code).backgroundColor) : undefined;
    const link = el.closest('a[href]');
    return {
      color: hex(s.color) ?? '000000',
      fontFace: firstFamily(s.fontFamily),
      fontSize: parseFloat(s.fontSize) * scale,
      ...(Number(s.fontWeight) >= 600 ? { bold: true } : {}),
      ...(s.fontStyle === 'italic' ? { italic: true } : {}),
      ...(s.textDecorationLine.includes('underline') ? { underline: true } : {}),
      ...(code && !code.closest('pre') ? { code: true } : {}),
      ...(background ? { highlight: background } : {}),
      ...(link ? { href: (link as HTMLAnchorElement).href } : {}),
    };
  };

  /** Inline content of `el` as runs, whitespace collapsed as the browser shows it. */
  const runsOf = (el: Element, scale: number, stopAt?: (child: Element) => boolean): TextRun[] => {
    const runs: TextRun[] = [];
    const walk = (node: Node): void => {
      if (node.nodeType === Node.TEXT_NODE) {
        const text = (node.textContent ?? '').replace(/\s+/g, ' ');
        if (text) runs.push({ text, ...runStyle(node.parentElement!, scale) });
        return;
      }
      if (!(node instanceof Element) || SKIP.has(node.tagName) || hidden(node)) return;
      if (stopAt?.(node)) return;
      if (node.tagName === 'BR') {
        const last = runs.at(-1);
        if (last) last.breakAfter = true;
        return;
      }
      if (node.tagName === 'svg' || node.tagName === 'IMG') return;
      node.childNodes.forEach(walk);
    };
    el.childNodes.forEach(walk);
    // Trim the paragraph's ends and merge neighbours with one style.
    const merged: TextRun[] = [];
    for (const run of runs) {
      const last = merged.at(-1);
      if (last && !last.breakAfter && JSON.stringify({ ...last, text: '' }) === JSON.stringify({ ...run, text: '' })) last.text += run.text;
      else merged.push({ ...run });
    }
    for (let i = 0; i < merged.length; i++) {
      const run = merged[i]!;
      if (i === 0 || merged[i - 1]!.breakAfter || merged[i - 1]!.text.endsWith(' ')) run.text = run.text.replace(/^ +/, '');
      if (i === merged.length - 1 || run.breakAfter) run.text = run.text.replace(/ +$/, '');
    }
    return merged.filter((r) => r.text || r.breakAfter);
  };

  const paragraphOf = (el: Element, scale: number, extra: Partial<TextParagraph> = {}, stopAt?: (child: Element) => boolean): TextParagraph => {
    const s = getComputedStyle(el);
    const fontSize = parseFloat(s.fontSize) * scale;
    const lineHeight = s.lineHeight === 'normal' ? fontSize * 1.2 : parseFloat(s.lineHeight) * scale;
    return { runs: runsOf(el, scale, stopAt), align: alignOf(el), spaceBefore: 0, lineHeight, ...extra };
  };

  const pageOrigin = { x: 0, y: 0 };
  const boxOf = (el: Element): PxBox => {
    const r = el.getBoundingClientRect();
    return { x: r.left - pageOrigin.x, y: r.top - pageOrigin.y, w: r.width, h: r.height };
  };
  const unionBox = (els: Element[]): PxBox => {
    const boxes = els.map(boxOf);
    const x = Math.min(...boxes.map((b) => b.x));
    const y = Math.min(...boxes.map((b) => b.y));
    return { x, y, w: Math.max(...boxes.map((b) => b.x + b.w)) - x, h: Math.max(...boxes.map((b) => b.y + b.h)) - y };
  };

  const markShot = (el: Element): string => {
    const id = String(shotCount++);
    el.setAttribute('data-ld-shot', id);
    return id;
  };

  const svgSource = (svg: SVGSVGElement): string => {
    const clone = svg.cloneNode(true) as SVGSVGElement;
    const r = svg.getBoundingClientRect();
    clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    clone.setAttribute('width', String(Math.round(r.width)));
    clone.setAttribute('height', String(Math.round(r.height)));
    clone.removeAttribute('style');
    return new XMLSerializer().serializeToString(clone);
  };
  const accessibleName = (el: Element): string => {
    const byIds = (attr: string) => (el.getAttribute(attr) ?? '').split(/\s+/).filter(Boolean).map((id) => document.getElementById(id)?.textContent?.trim() ?? '').filter(Boolean);
    const parts = [el.getAttribute('aria-label') ?? '', ...byIds('aria-labelledby'), ...byIds('aria-describedby'), el.getAttribute('alt') ?? ''].filter(Boolean);
    if (!parts.length && el.tagName === 'svg') parts.push(el.querySelector('title')?.textContent?.trim() ?? '');
    return [...new Set(parts)].join(' — ');
  };

  const listParagraphs = (list: Element, level: number, scale: number, out: TextParagraph[]): void => {
    const numbered = list.tagName === 'OL';
    let start = Number(list.getAttribute('start') ?? 1);
    for (const li of Array.from(list.children)) {
      if (li.tagName !== 'LI' || hidden(li)) continue;
      const isNested = (child: Element) => child.tagName === 'UL' || child.tagName === 'OL';
      const blocks = Array.from(li.children).filter((c) => c.tagName === 'P');
      const bullet = { numbered, level, ...(numbered ? { start: start++ } : {}) };
      const first = out.length;
      if (blocks.length) {
        blocks.forEach((p, i) => out.push(paragraphOf(p, scale, i === 0 ? { bullet } : {})));
      } else {
        out.push(paragraphOf(li, scale, { bullet }, isNested));
      }
      if (out[first]) out[first]!.spaceBefore = first === 0 ? 0 : parseFloat(getComputedStyle(li).marginTop) * scale + 4;
      for (const nested of Array.from(li.children).filter(isNested)) listParagraphs(nested, level + 1, scale, out);
    }
  };

  const codeLines = (pre: Element, scale: number): TextRun[][] => {
    const lines = Array.from(pre.querySelectorAll('.line')).filter((l) => !hidden(l));
    const lineRuns = (line: Element): TextRun[] => {
      const runs: TextRun[] = [];
      const walk = (node: Node): void => {
        if (node.nodeType === Node.TEXT_NODE) {
          const text = node.textContent ?? '';
          if (text) runs.push({ text, ...runStyle(node.parentElement!, scale) });
        } else if (node instanceof Element && !hidden(node)) node.childNodes.forEach(walk);
      };
      line.childNodes.forEach(walk);
      return runs;
    };
    if (lines.length) return lines.map(lineRuns);
    const style = runStyle(pre.querySelector('code') ?? pre, scale);
    return (pre.textContent ?? '').replace(/\n$/, '').split('\n').map((text) => [{ text, ...style }]);
  };

  const tableShape = (table: HTMLTableElement, scale: number): SlideShape => {
    const rows = Array.from(table.rows).filter((r) => !hidden(r));
    const columns = Array.from(rows[0]?.cells ?? []).map((c) => c.getBoundingClientRect().width);
    const tableBg = hex(getComputedStyle(table).backgroundColor);
    const firstCell = table.querySelector('td, th');
    return {
      kind: 'table',
      box: boxOf(table),
      columns,
      border: hex(firstCell ? getComputedStyle(firstCell).borderBottomColor : '') ?? 'c5cad3',
      rows: rows.map((row) => ({
        height: row.getBoundingClientRect().height,
        cells: Array.from(row.cells).map((cell) => ({
          runs: runsOf(cell, scale),
          header: cell.tagName === 'TH',
          fill: hex(getComputedStyle(cell).backgroundColor) ?? hex(getComputedStyle(row).backgroundColor) ?? tableBg ?? 'ffffff',
          align: alignOf(cell),
        })),
      })),
    };
  };

  /** Block-level walk: every visible element becomes a shape or is walked into. */
  const shapesOf = (container: Element, shapes: SlideShape[]): void => {
    let inlineRun: Element[] = [];
    // Neighbouring body blocks (paragraphs, lists) of one column go in one text box, so text that
    // wraps differently in another program's fonts pushes the next block down instead of overlapping it.
    let previousText: Extract<SlideShape, { kind: 'text' }> | undefined;
    const pushText = (shape: Extract<SlideShape, { kind: 'text' }>): void => {
      const prev = previousText;
      const gap = prev ? shape.box.y - (prev.box.y + prev.box.h) : -1;
      if (prev && shape.role === 'body' && prev.role === 'body' && gap >= -1 && Math.abs(shape.box.x - prev.box.x) < 2) {
        shape.paragraphs[0]!.spaceBefore += Math.max(0, gap);
        prev.paragraphs.push(...shape.paragraphs);
        const bottom = shape.box.y + shape.box.h;
        prev.box = { x: prev.box.x, y: prev.box.y, w: Math.max(prev.box.w, shape.box.x + shape.box.w - prev.box.x), h: bottom - prev.box.y };
        return;
      }
      shapes.push(shape);
      previousText = shape;
    };
    const pushOther = (shape: SlideShape): void => {
      shapes.push(shape);
      previousText = undefined;
    };
    const flushInline = () => {
      // Loose inline content (text straight in a div): one paragraph of its own.
      if (!inlineRun.length) return;
      const holder = inlineRun[0]!.parentElement!;
      const scale = scaleOf(holder);
      const runs = inlineRun.flatMap((el) => runsOf(el, scale));
      if (runs.some((r) => r.text.trim())) pushText({ kind: 'text', role: 'body', box: unionBox(inlineRun), paragraphs: [{ ...paragraphOf(holder, scale), runs }] });
      inlineRun = [];
    };
    for (const node of Array.from(container.childNodes)) {
      if (node.nodeType === Node.TEXT_NODE) {
        if ((node.textContent ?? '').trim()) {
          const span = document.createElement('span');
          node.replaceWith(span);
          span.append(node);
          inlineRun.push(span);
        }
        continue;
      }
      if (!(node instanceof Element)) continue;
      const el = node;
      if (SKIP.has(el.tagName) || el.classList.contains('ld-footer') || el.classList.contains('slide-number-pdf') || hidden(el)) continue;
      if (INLINE.has(el.tagName) && !el.querySelector('svg, img, pre, table, ul, ol, p, div')) {
        inlineRun.push(el);
        continue;
      }
      flushInline();
      const box = boxOf(el);
      if (box.w < 1 || box.h < 1) continue;
      const scale = scaleOf(el);
      const tag = el.tagName;
      if (TEXT_BLOCKS.has(tag) && !el.querySelector('svg, img, pre, table, ul, ol')) {
        const paragraph = paragraphOf(el, scale);
        if (paragraph.runs.length) pushText({ kind: 'text', role: /^H[1-6]$/.test(tag) ? 'title' : 'body', box, paragraphs: [paragraph] });
      } else if (tag === 'UL' || tag === 'OL') {
        const paragraphs: TextParagraph[] = [];
        listParagraphs(el, 0, scale, paragraphs);
        if (paragraphs.length) pushText({ kind: 'text', role: 'body', box, paragraphs });
      } else if (tag === 'PRE') {
        const s = getComputedStyle(el);
        const code = el.querySelector('code') ?? el;
        const cs = getComputedStyle(code);
        const fontSize = parseFloat(cs.fontSize) * scale;
        const borderColor = parseFloat(s.borderTopWidth) >= 1 ? hex(s.borderTopColor) : undefined;
        pushOther({
          kind: 'code',
          box,
          lines: codeLines(el, scale),
          background: hex(s.backgroundColor) ?? 'f6f8fa',
          ...(borderColor ? { border: { color: borderColor, width: parseFloat(s.borderTopWidth) } } : {}),
          padding: parseFloat(s.paddingLeft) * scale,
          fontFace: firstFamily(cs.fontFamily),
          fontSize,
          lineHeight: cs.lineHeight === 'normal' ? fontSize * 1.3 : parseFloat(cs.lineHeight) * scale,
        });
      } else if (tag === 'TABLE') {
        pushOther(tableShape(el as HTMLTableElement, scale));
      } else if (tag === 'svg') {
        pushOther({ kind: 'picture', box, shot: markShot(el), svg: svgSource(el as SVGSVGElement), alt: accessibleName(el) });
      } else if (tag === 'IMG') {
        pushOther({ kind: 'picture', box, shot: markShot(el), image: (el as HTMLImageElement).currentSrc || (el as HTMLImageElement).src, alt: accessibleName(el) });
      } else if (['CANVAS', 'VIDEO', 'IFRAME', 'MATH'].includes(tag) || el.classList.contains('katex') || el.classList.contains('katex-display')) {
        // Drawn by the browser only: kept as a picture of itself.
        pushOther({ kind: 'picture', box, shot: markShot(el), alt: accessibleName(el) || (el.textContent ?? '').trim().slice(0, 200) });
      } else {
        const s = getComputedStyle(el);
        const fill = hex(s.backgroundColor);
        const borderWidth = parseFloat(s.borderTopWidth);
        const line = borderWidth >= 1 && s.borderTopStyle !== 'none' ? hex(s.borderTopColor) : undefined;
        const barWidth = parseFloat(s.borderLeftWidth);
        const bar = barWidth > borderWidth + 0.5 && s.borderLeftStyle !== 'none' ? hex(s.borderLeftColor) : undefined;
        if (fill || line || bar) {
          pushOther({ kind: 'box', box, ...(fill ? { fill } : {}), ...(line ? { line: { color: line, width: borderWidth } } : {}), ...(bar ? { leftBar: { color: bar, width: barWidth } } : {}) });
        }
        previousText = undefined;
        shapesOf(el, shapes);
      }
    }
    flushInline();
  };

  const notesText = (section: Element): string => {
    const aside = section.querySelector(':scope > aside.notes');
    if (!aside) return '';
    const lines: string[] = [];
    const walk = (el: Element): void => {
      for (const child of Array.from(el.children)) {
        if (child.tagName === 'LI') lines.push(`• ${(child.textContent ?? '').replace(/\s+/g, ' ').trim()}`);
        else if (child.tagName === 'UL' || child.tagName === 'OL' || child.tagName === 'DIV') walk(child);
        else lines.push((child.textContent ?? '').replace(/\s+/g, ' ').trim());
      }
    };
    walk(aside);
    if (!lines.length) lines.push((aside.textContent ?? '').replace(/\s+/g, ' ').trim());
    return lines.filter(Boolean).join('\n');
  };

  const revealBackground = hex(getComputedStyle(document.querySelector('.reveal') ?? document.body).backgroundColor) ?? hex(getComputedStyle(document.body).backgroundColor) ?? 'ffffff';
  let nextPage = 0;
  return Array.from(document.querySelectorAll<HTMLElement>('.reveal .pdf-page')).flatMap((pdfPage) => {
    const section = pdfPage.querySelector<HTMLElement>(':scope > section');
    if (!section) return [];
    const firstPage = nextPage;
    nextPage += Number(pdfPage.dataset.ldPages ?? 1);
    const origin = pdfPage.getBoundingClientRect();
    pageOrigin.x = origin.left;
    pageOrigin.y = origin.top;
    const shapes: SlideShape[] = [];
    shapesOf(section, shapes);
    const background = hex(getComputedStyle(section).backgroundColor) ?? hex(getComputedStyle(pdfPage).backgroundColor) ?? revealBackground;
    return [{
      id: pdfPage.dataset.ldSlide ?? section.id,
      firstPage,
      title: pdfPage.dataset.ldTitle ?? '',
      pageScale: Math.max(1, origin.height / 720),
      background,
      shapes,
      notes: notesText(section),
    }];
  });
}
