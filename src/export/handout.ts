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
.ld-notes-label{font-size:7pt;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:#6b7280;margin:0 0 3pt}
`;

export function sheetChrome(paper: PaperSize, ctx: DeckContext): string {
  const left = [ctx.courseTitle, ctx.moduleTitle].filter(Boolean).map((t) => escapeHtml(t!)).join(' · ');
  const head = { x: MARGIN, y: MARGIN, width: paper.width - 2 * MARGIN, height: HEADER - 8 };
  const foot = { x: MARGIN, y: paper.height - MARGIN - FOOTER + 8, width: paper.width - 2 * MARGIN, height: FOOTER - 8 };
  return `<header class="ld-head" style="${boxStyle(head)}"><span>${left}</span><span><b>${escapeHtml(ctx.lessonTitle)}</b></span></header>
<footer class="ld-foot" style="${boxStyle(foot)}"><span>${escapeHtml(ctx.lessonTitle)}</span><span>page <span class="ld-page-no"></span> of <span class="ld-page-count"></span></span></footer>`;
}

export function notesBox(item: SlideItem, box: Box, opts: { fontPt: number; minFontPt: number; fit: 'clip' | 'continue'; extraAttrs?: string }): string {
  const label = item.continued ? `Slide ${item.slideNumber} (continued)` : `Slide ${item.slideNumber}`;
  const text = item.notesHtml ? `<div class="ld-notes-label">${label} · notes</div>${item.notesHtml}` : `<div class="ld-notes-label">${label} · your notes</div>`;
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

export function handoutHtml(deck: PrintedDeck, ctx: DeckContext, options: HandoutOptions): string {
  const paper = PAPER_SIZES[options.paper];
  const rows = handoutLayout(paper, options.perPage);
  // Students write their own notes: the speaker's stay out of their version.
  const items = slideItems(deck).map((item) => (options.student ? { ...item, notesHtml: '' } : item));
  const fontPt = options.perPage <= 2 ? 10.5 : options.perPage <= 4 ? 9.5 : 8.5;
  const sheets: string[] = [];
  for (let start = 0; start < items.length; start += options.perPage) {
    const cells = items.slice(start, start + options.perPage).map((item, row) => {
      const { slide, notes } = rows[row]!;
      return `<div data-slot="slide" data-key="${item.pageIndex}" style="${boxStyle(slide)}"></div>${notesBox(item, notes, { fontPt, minFontPt: 6.5, fit: 'clip' })}`;
    });
    sheets.push(`<div class="ld-sheet">${sheetChrome(paper, ctx)}${cells.join('')}</div>`);
  }
  return sheetDocument({ title: `${ctx.lessonTitle} — handout`, lang: deck.lang, paper, fontFaceCss: deck.fontFaceCss, css: SHEET_CSS, body: sheets.join('\n') });
}

export async function renderHandout(page: Page, deck: PrintedDeck, ctx: DeckContext, options: HandoutOptions, slidesDoc?: PDFDocument): Promise<Uint8Array> {
  const sheets = await renderSheets(page, handoutHtml(deck, ctx, options), { tagged: !!options.tagged });
  return placeSlides(sheets, slidesDoc ?? deck.pdf, deckInfo(ctx, options.student ? 'student handout' : 'handout', deck));
}
