/**
 * "Sheets": fixed-size printed pages we lay out ourselves in HTML (handouts,
 * the speaker script, the course contents) and print with Chromium, so all
 * their text is real, selectable text in the deck's fonts.
 *
 * A sheet is `<div class="ld-sheet">` of exactly the paper size. Inside it:
 *  - `[data-slot][data-key]` boxes are measured and returned (in PDF points):
 *    slide pages are placed into them afterwards as vector pages (placeSlides.ts),
 *    links are made from them (coursePdf.ts);
 *  - `[data-fit]` boxes shrink their text down to `data-min-font` (pt) until it
 *    fits; what still overflows is moved onto continuation sheets
 *    (`data-fit="continue"`) or cut with a visible marker (`data-fit="clip"`);
 *  - `[data-rules]` boxes get ruled lines for students' notes in the space left;
 *  - `.ld-page-no` / `.ld-page-count` are filled with the sheet number / total.
 */
import type { Page } from 'playwright-core';
import { escapeHtml } from '../slides/renderEnv.ts';

export interface PaperSize {
  /** Size in PDF points (1/72 in); CSS `pt` is the same unit. */
  width: number;
  height: number;
}

export const PAPER_SIZES = {
  a4: { width: 595.28, height: 841.89 },
  letter: { width: 612, height: 792 },
  /** The slides' own 16:9 page: 1280×720 CSS px. */
  slide: { width: 960, height: 540 },
} as const satisfies Record<string, PaperSize>;

export type PaperName = 'a4' | 'letter';

export interface SheetSlot {
  /** Index of the sheet (= PDF page) the box is on. */
  sheet: number;
  kind: string;
  key: string;
  /** Box in points, origin at the sheet's top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RenderedSheets {
  pdf: Uint8Array;
  sheetCount: number;
  slots: SheetSlot[];
}

export interface SheetDocument {
  title: string;
  lang: string;
  paper: PaperSize;
  fontFaceCss: string;
  /** Layout-specific CSS. */
  css: string;
  /** The `.ld-sheet` elements. */
  body: string;
}

const BASE_CSS = `
.ld-sheet,.ld-sheet *{box-sizing:border-box}
html,body{margin:0;padding:0}
body{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.ld-sheet{font-family:Inter,"Helvetica Neue",Arial,sans-serif;color:#1f2430}
.ld-sheet{position:relative;overflow:hidden;break-after:page;page-break-after:always}
.ld-sheet:last-child{break-after:auto;page-break-after:auto}
.ld-sheet>*{position:absolute}
[data-fit]{overflow:hidden}
[data-fit] :is(p,ul,ol,pre,blockquote,table){margin:0 0 .45em}
[data-fit] :is(ul,ol){padding-left:1.3em}
[data-fit] pre{white-space:pre-wrap;font-size:.9em}
[data-fit] img,[data-fit] svg{max-width:100%;height:auto}
[data-fit] code{font-family:"JetBrains Mono",ui-monospace,monospace;font-size:.92em}
.ld-clip-marker{font-style:italic;color:#6b7280}
.ld-rules{flex:1 1 auto;min-height:0}
.ld-rule{border-bottom:.6pt solid #c5cad3}
`;

/** The page size and the sheets' base rules. */
export function sheetCss(paper: PaperSize): string {
  return `@page{size:${paper.width}pt ${paper.height}pt;margin:0}
.ld-sheet{width:${paper.width}pt;height:${paper.height}pt}
${BASE_CSS}`;
}

export function sheetDocument(doc: SheetDocument): string {
  return `<!doctype html>
<html lang="${escapeHtml(doc.lang)}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(doc.title)}</title>
<style>
${doc.fontFaceCss}
${sheetCss(doc.paper)}
${doc.css}
</style>
</head>
<body>
${doc.body}
</body>
</html>`;
}

/** Inline style placing an element at a box given in points. */
export function boxStyle(box: { x: number; y: number; width: number; height: number }): string {
  const r = (n: number) => Math.round(n * 100) / 100;
  return `left:${r(box.x)}pt;top:${r(box.y)}pt;width:${r(box.width)}pt;height:${r(box.height)}pt`;
}

export interface RenderSheetsOptions {
  /** A tagged PDF with an outline from the sheets' headings. */
  tagged?: boolean;
  timeout?: number;
  /**
   * The site's origin: the sheets are written into a page of that origin, so
   * its fonts load (a blank page's document has no origin, and web fonts need
   * one that matches or CORS headers).
   */
  origin?: string;
}

export async function renderSheets(page: Page, html: string, options: RenderSheetsOptions = {}): Promise<RenderedSheets> {
  const timeout = options.timeout ?? 60_000;
  if (options.origin && safeOrigin(page.url()) !== options.origin) await page.goto(`${options.origin}/.lessondeck-sheet`, { waitUntil: 'commit', timeout });
  await page.setContent(html, { waitUntil: 'load', timeout });
  // tsx (esbuild keepNames) wraps named inner functions in __name(); the page has no such helper.
  await page.evaluate('globalThis.__name ??= (fn) => fn');
  const layout = await page.evaluate(layoutSheets);
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, ...(options.tagged ? { tagged: true, outline: true } : {}) });
  return { pdf, ...layout };
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Runs in the page: fit text, continue or clip overflow, rule lines, number pages, measure slots. */
async function layoutSheets(): Promise<{ sheetCount: number; slots: SheetSlot[] }> {
  // Lay out once so the fonts the text uses start loading, then wait for them.
  document.body.getBoundingClientRect();
  await document.fonts.ready;
  const PT = 72 / 96;
  const overflows = (box: HTMLElement) => box.scrollHeight > box.clientHeight + 1;

  const shrink = (box: HTMLElement): void => {
    const min = Number(box.dataset.minFont ?? 7) / PT;
    let size = parseFloat(getComputedStyle(box).fontSize);
    while (overflows(box) && size > min) {
      size = Math.max(min, size - 0.5);
      box.style.fontSize = `${size}px`;
    }
  };

  // Moves trailing blocks of `box` onto a copy of its sheet inserted after it.
  const continueOnNextSheet = (box: HTMLElement): HTMLElement | undefined => {
    const sheet = box.closest<HTMLElement>('.ld-sheet');
    const text = box.querySelector<HTMLElement>('.ld-fit-text') ?? box;
    if (!sheet || text.children.length < 2) return undefined;
    const next = sheet.cloneNode(true) as HTMLElement;
    next.querySelectorAll('[data-first-sheet-only]').forEach((el) => el.remove());
    const nextBox = next.querySelector<HTMLElement>('[data-fit="continue"]')!;
    const nextText = nextBox.querySelector<HTMLElement>('.ld-fit-text') ?? nextBox;
    nextText.replaceChildren();
    if (box.dataset.continueTop) nextBox.style.top = `${box.dataset.continueTop}pt`;
    if (box.dataset.continueHeight) nextBox.style.height = `${box.dataset.continueHeight}pt`;
    sheet.after(next);
    while (overflows(box) && text.children.length > 1) nextText.prepend(text.lastElementChild!);
    return nextBox;
  };

  for (const box of Array.from(document.querySelectorAll<HTMLElement>('[data-fit]'))) {
    shrink(box);
    if (!overflows(box)) continue;
    if (box.dataset.fit === 'continue') {
      let current: HTMLElement | undefined = box;
      while (current && overflows(current)) current = continueOnNextSheet(current);
    } else {
      const text = box.querySelector<HTMLElement>('.ld-fit-text') ?? box;
      const marker = document.createElement('p');
      marker.className = 'ld-clip-marker';
      marker.textContent = box.dataset.clipMarker ?? '…';
      text.append(marker);
      while (overflows(box) && text.children.length > 1) marker.previousElementSibling!.remove();
    }
  }

  for (const rules of Array.from(document.querySelectorAll<HTMLElement>('.ld-rules'))) {
    const gap = Number(rules.dataset.gap ?? 20) / PT;
    const count = Math.floor(rules.clientHeight / gap);
    for (let i = 0; i < count; i++) {
      const line = document.createElement('div');
      line.className = 'ld-rule';
      line.style.height = `${gap}px`;
      rules.append(line);
    }
  }

  const sheets = Array.from(document.querySelectorAll<HTMLElement>('.ld-sheet'));
  const slots: SheetSlot[] = [];
  sheets.forEach((sheet, index) => {
    sheet.querySelectorAll('.ld-page-no').forEach((el) => (el.textContent = String(index + 1)));
    sheet.querySelectorAll('.ld-page-count').forEach((el) => (el.textContent = String(sheets.length)));
    const origin = sheet.getBoundingClientRect();
    sheet.querySelectorAll<HTMLElement>('[data-slot]').forEach((el) => {
      const r = el.getBoundingClientRect();
      slots.push({ sheet: index, kind: el.dataset.slot ?? '', key: el.dataset.key ?? '', x: (r.left - origin.left) * PT, y: (r.top - origin.top) * PT, width: r.width * PT, height: r.height * PT });
    });
  });
  return { sheetCount: sheets.length, slots };
}
