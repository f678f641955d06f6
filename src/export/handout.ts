/**
 * Handouts: A4 or Letter, N slides per page (1, 2, 3, 4 or 6), each slide's
 * speaker notes beside it (below it for 1 per page) and ruled lines for the
 * student's own notes in the space the notes leave. Header: course, module,
 * lesson; footer: `page x of y`. Slides go in as vector pages (placeSlides).
 */
import type { PDFDocument } from 'pdf-lib';
import type { Page } from 'playwright-core';
import { escapeHtml } from '../slides/renderEnv.ts';
import { placeSlides, type DocumentInfo } from './placeSlides.ts';
import type { PrintedDeck } from './printDeck.ts';
import { DETAIL_CSS, placeDiagram, slideDetails, type DiagramPlacement, type SlideDetail } from './handoutDetails.ts';
import { boxStyle, PAPER_SIZES, renderSheets, sheetDocument, type PaperName, type PaperSize } from './sheets.ts';

export const PER_PAGE_CHOICES = [1, 2, 3, 4, 6] as const;
export type PerPage = (typeof PER_PAGE_CHOICES)[number];

export interface DeckContext {
  courseTitle: string;
  moduleTitle?: string;
  lessonTitle: string;
  author?: string;
}

/** One printed slide page with what goes beside it. */
export interface SlideItem {
  pageIndex: number;
  slideNumber: number;
  notesHtml: string;
  continued: boolean;
}

export function slideItems(deck: PrintedDeck): SlideItem[] {
  return deck.slides.flatMap((slide, i) =>
    Array.from({ length: slide.pages }, (_, p) => ({ pageIndex: slide.firstPage + p, slideNumber: i + 1, notesHtml: p === 0 ? slide.notesHtml : '', continued: p > 0 })),
  );
}

const MARGIN = 36;
const HEADER = 30;
const FOOTER = 24;
const GAP = 12;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where slide and notes go in each of the N rows of a handout page, in points. */
export function handoutLayout(paper: PaperSize, perPage: PerPage): { slide: Box; notes: Box }[] {
  const contentWidth = paper.width - 2 * MARGIN;
  const top = MARGIN + HEADER;
  const contentHeight = paper.height - top - MARGIN - FOOTER;
  if (perPage === 1) {
    const slide = { x: MARGIN, y: top, width: contentWidth, height: (contentWidth * 9) / 16 };
    const notesTop = slide.y + slide.height + GAP;
    return [{ slide, notes: { x: MARGIN, y: notesTop, width: contentWidth, height: top + contentHeight - notesTop } }];
  }
  const rowHeight = (contentHeight - GAP * (perPage - 1)) / perPage;
  const fraction = perPage === 2 ? 0.58 : perPage === 3 ? 0.5 : 0.44;
  const slideWidth = Math.min(contentWidth * fraction, (rowHeight * 16) / 9);
  return Array.from({ length: perPage }, (_, row) => {
    const y = top + row * (rowHeight + GAP);
    const notesX = MARGIN + slideWidth + GAP;
    return { slide: { x: MARGIN, y, width: slideWidth, height: (slideWidth * 9) / 16 }, notes: { x: notesX, y, width: MARGIN + contentWidth - notesX, height: rowHeight } };
  });
}

export const SHEET_CSS = `
.ld-head,.ld-foot{display:flex;justify-content:space-between;align-items:flex-end;gap:12pt;font-size:8.5pt;color:#4b5563;white-space:nowrap}
.ld-head{border-bottom:.6pt solid #c5cad3;padding-bottom:4pt}
.ld-head b{color:#111827;font-weight:600}
.ld-head span,.ld-foot span{overflow:hidden;text-overflow:ellipsis}
.ld-foot{align-items:flex-start;border-top:.6pt solid #c5cad3;padding-top:4pt}
.ld-notes{display:flex;flex-direction:column;line-height:1.35}
.ld-notes-label{font-size:8pt;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:#4b5563;margin:0 0 3pt;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.ld-notes-kind{font-size:8pt;color:#6b7280;margin:-2pt 0 3pt}
.ld-thumb{border:.5pt solid #9ca1ad;object-fit:contain}
`;

export function sheetChrome(paper: PaperSize, ctx: DeckContext): string {
  const left = [ctx.courseTitle, ctx.moduleTitle].filter(Boolean).map((t) => escapeHtml(t!)).join(' · ');
  const head = { x: MARGIN, y: MARGIN, width: paper.width - 2 * MARGIN, height: HEADER - 8 };
  const foot = { x: MARGIN, y: paper.height - MARGIN - FOOTER + 8, width: paper.width - 2 * MARGIN, height: FOOTER - 8 };
  return `<header class="ld-head" style="${boxStyle(head)}"><span>${left}</span><span><b>${escapeHtml(ctx.lessonTitle)}</b></span></header>
<footer class="ld-foot" style="${boxStyle(foot)}"><span>${escapeHtml(ctx.lessonTitle)}</span><span>page <span class="ld-page-no"></span> of <span class="ld-page-count"></span></span></footer>`;
}

export function notesBox(item: SlideItem, box: Box, opts: { fontPt: number; minFontPt: number; fit: 'clip' | 'continue'; extraAttrs?: string; title?: string }): string {
  const label = item.continued ? `Slide ${item.slideNumber} (continued)` : `Slide ${item.slideNumber}`;
  // The slide's title as a heading: the tagged PDF's outline and a screen reader's headings list come from it.
  const heading = opts.title ? `<h2 class="ld-notes-label">${label}: ${escapeHtml(opts.title)}</h2>` : '';
  const kind = item.notesHtml ? 'notes' : 'your notes';
  const text = heading ? `${heading}<div class="ld-notes-kind">${kind}</div>${item.notesHtml}` : `<div class="ld-notes-label">${label} · ${kind}</div>${item.notesHtml}`;
  return `<div class="ld-notes" data-fit="${opts.fit}" data-min-font="${opts.minFontPt}" data-clip-marker="… (full notes in the speaker script)"${opts.extraAttrs ?? ''} style="${boxStyle(box)};font-size:${opts.fontPt}pt"><div class="ld-fit-text">${text}</div><div class="ld-rules" data-gap="${item.notesHtml ? 18 : 20}"></div></div>`;
}

export function deckInfo(ctx: DeckContext, kind: string, deck: PrintedDeck): DocumentInfo {
  return {
    title: `${ctx.lessonTitle} — ${kind}`,
    ...(ctx.author ? { author: ctx.author } : {}),
    subject: [ctx.courseTitle, ctx.moduleTitle].filter(Boolean).join(' · '),
    keywords: [ctx.courseTitle, ctx.moduleTitle ?? '', ctx.lessonTitle, kind].filter(Boolean),
    lang: deck.lang,
  };
}

export interface HandoutOptions {
  paper: PaperName;
  perPage: PerPage;
  tagged?: boolean;
  /** The students' version: no speaker notes, ruled space for their own. */
  student?: boolean;
}

/** One row of a handout page: a slide with its notes, or the slide's code or a diagram across the page. */
export type HandoutRow = { kind: 'slide'; item: SlideItem } | { kind: 'detail'; item: SlideItem; detail: SlideDetail; placement?: DiagramPlacement };

/** Smallest text on a handout (pt): what a student reads at arm's length. */
export const HANDOUT_MIN_FONT_PT = 8;
/** Room above a detail for its label, pt. */
const DETAIL_LABEL = 16;

/** The whole row `index` of a page of `perPage` rows: picture and notes columns together. */
function rowArea(paper: PaperSize, perPage: PerPage, index: number): Box {
  const { slide, notes } = handoutLayout(paper, perPage)[index]!;
  return { x: slide.x, y: slide.y, width: notes.x + notes.width - slide.x, height: Math.max(slide.y + slide.height, notes.y + notes.height) - slide.y };
}

function diagramArea(area: Box): { width: number; height: number } {
  return { width: area.width - 10, height: area.height - DETAIL_LABEL - 4 };
}

export function handoutRows(deck: PrintedDeck, paper: PaperSize, perPage: PerPage, student = false): HandoutRow[] {
  const contentByPage = new Map((deck.content ?? []).map((c) => [c.firstPage, c]));
  const row = diagramArea(rowArea(paper, perPage, 0));
  const page = diagramArea(rowArea(paper, 1, 0));
  const landscape = diagramArea(rowArea(turned(paper), 1, 0));
  return slideItems(deck).flatMap((item): HandoutRow[] => {
    // Students write their own notes: the speaker's stay out of their version.
    const slideRow: HandoutRow = { kind: 'slide', item: student ? { ...item, notesHtml: '' } : item };
    const details = slideDetails(contentByPage.get(item.pageIndex)).map((detail): HandoutRow => (detail.kind === 'diagram' ? { kind: 'detail', item, detail, placement: placeDiagram(detail, row, page, landscape, HANDOUT_MIN_FONT_PT) } : { kind: 'detail', item, detail }));
    return [slideRow, ...details];
  });
}

/** Rows onto pages: `perPage` each; a diagram that needs a page of its own starts one and fills it. */
export function paginateRows(rows: HandoutRow[], perPage: PerPage): HandoutRow[][] {
  const pages: HandoutRow[][] = [];
  let current: HandoutRow[] = [];
  for (const row of rows) {
    if (row.kind === 'detail' && row.placement?.fullPage) {
      if (current.length) pages.push(current);
      pages.push([row]);
      current = [];
      continue;
    }
    current.push(row);
    if (current.length === perPage) {
      pages.push(current);
      current = [];
    }
  }
  if (current.length) pages.push(current);
  return pages;
}

function turned(paper: PaperSize): PaperSize {
  return { width: paper.height, height: paper.width };
}

function landscapeCss(paper: PaperSize): string {
  const { width, height } = turned(paper);
  return `@page ld-landscape{size:${width}pt ${height}pt;margin:0}\n.ld-sheet.ld-landscape{page:ld-landscape;width:${width}pt;height:${height}pt}`;
}

function slidePicture(deck: PrintedDeck, item: SlideItem, box: Box): string {
  const title = deck.slides[item.slideNumber - 1]?.title || `Slide ${item.slideNumber}`;
  const alt = `Slide ${item.slideNumber}${item.continued ? ' (continued)' : ''}: ${title}`;
  const image = deck.thumbnails?.[item.pageIndex];
  // A picture, not the slide's vector page: its text would be 2–3 pt on paper; the text is beside it.
  if (image) return `<img class="ld-thumb" alt="${escapeHtml(alt)}" src="data:image/jpeg;base64,${Buffer.from(image).toString('base64')}" style="${boxStyle(box)}">`;
  return `<div data-slot="slide" data-key="${item.pageIndex}" style="${boxStyle(box)}"></div>`;
}

function detailHtml(row: Extract<HandoutRow, { kind: 'detail' }>, area: Box, fontPt: number): string {
  const { detail, item } = row;
  if (detail.kind === 'code') {
    const label = `<div class="ld-notes-label">Slide ${item.slideNumber} · the code</div>`;
    return `<div class="ld-detail" data-fit="clip" data-min-font="${HANDOUT_MIN_FONT_PT}" data-clip-marker="… (the rest is on the slide)" style="${boxStyle(area)};font-size:${Math.max(fontPt, 9)}pt"><div class="ld-fit-text">${label}${detail.html}</div></div>`;
  }
  const placement = row.placement!;
  const room = diagramArea(area);
  const width = detail.width * placement.scale;
  const height = detail.height * placement.scale;
  const centre = { x: area.x + 10 + room.width / 2, y: area.y + DETAIL_LABEL + 4 + room.height / 2 };
  const box = { x: centre.x - width / 2, y: centre.y - height / 2, width, height };
  const label = `<div class="ld-notes-label" style="${boxStyle({ x: area.x + 10, y: area.y, width: area.width - 10, height: DETAIL_LABEL })}">Slide ${item.slideNumber} · diagram</div>`;
  // The SVG keeps its own accessible name (role="img", title, desc): a figure with alternative text in the tagged PDF.
  return `<div class="ld-detail" style="${boxStyle(area)};border-left-color:#c5cad3"></div>${label}<div class="ld-detail-diagram" style="${boxStyle(box)}">${detail.svg.replace(/<svg\b/, `<svg style="width:${width.toFixed(1)}pt;height:${height.toFixed(1)}pt"`)}</div>`;
}

export function handoutHtml(deck: PrintedDeck, ctx: DeckContext, options: HandoutOptions): string {
  const paper = PAPER_SIZES[options.paper];
  const layout = handoutLayout(paper, options.perPage);
  const pages = paginateRows(handoutRows(deck, paper, options.perPage, options.student), options.perPage);
  const fontPt = options.perPage <= 2 ? 10.5 : options.perPage <= 4 ? 9.5 : 8.5;
  const sheets = pages.map((rows) => {
    // A wide diagram gets a landscape page (a named CSS page of its own size), so its labels stay upright.
    const first = rows[0]!;
    const sheetPaper = first.kind === 'detail' && first.placement?.landscape ? turned(paper) : paper;
    const cells = rows.map((row, index) => {
      const { slide, notes } = layout[index]!;
      if (row.kind === 'slide') {
        const title = deck.slides[row.item.slideNumber - 1]?.title ?? '';
        return `${slidePicture(deck, row.item, slide)}${notesBox(row.item, notes, { fontPt, minFontPt: HANDOUT_MIN_FONT_PT, fit: 'clip', title })}`;
      }
      // The whole row, picture column included (or the whole page): code lines and labels get the page's width.
      return detailHtml(row, row.placement?.fullPage ? rowArea(sheetPaper, 1, 0) : rowArea(paper, options.perPage, index), fontPt);
    });
    return `<div class="ld-sheet${sheetPaper === paper ? '' : ' ld-landscape'}">${sheetChrome(sheetPaper, ctx)}${cells.join('')}</div>`;
  });
  const kind = options.student ? 'student handout' : 'handout';
  return sheetDocument({ title: `${ctx.lessonTitle} — ${kind}`, lang: deck.lang, paper, fontFaceCss: deck.fontFaceCss, css: SHEET_CSS + DETAIL_CSS + landscapeCss(paper), body: sheets.join('\n') });
}

export async function renderHandout(page: Page, deck: PrintedDeck, ctx: DeckContext, options: HandoutOptions, slidesDoc?: PDFDocument): Promise<Uint8Array> {
  const sheets = await renderSheets(page, handoutHtml(deck, ctx, options), { tagged: !!options.tagged, origin: new URL(deck.url).origin });
  return placeSlides(sheets, slidesDoc ?? deck.pdf, deckInfo(ctx, options.student ? 'student handout' : 'handout', deck));
}
