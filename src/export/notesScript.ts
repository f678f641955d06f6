/**
 * The instructor's script: one slide per page (A4 or Letter), the slide at the
 * top, its speaker notes below. Notes too long for the page continue on the
 * next one (never cut); a slide without notes gets ruled lines instead.
 */
import type { PDFDocument } from 'pdf-lib';
import type { Page } from 'playwright-core';
import { deckInfo, handoutLayout, notesBox, sheetChrome, SHEET_CSS, slideItems, type DeckContext } from './handout.ts';
import { placeSlides } from './placeSlides.ts';
import type { PrintedDeck } from './printDeck.ts';
import { escapeHtml } from '../slides/renderEnv.ts';
import { boxStyle, PAPER_SIZES, renderSheets, sheetDocument, type PaperName } from './sheets.ts';

const WHITE_PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC';

export function notesScriptHtml(deck: PrintedDeck, ctx: DeckContext, paper: PaperName): string {
  const size = PAPER_SIZES[paper];
  // The 1-up handout layout: full-width slide, notes below.
  const { slide, notes } = handoutLayout(size, 1)[0]!;
  const continued = `data-continue-top="${slide.y}" data-continue-height="${notes.y + notes.height - slide.y}"`;
  const sheets = slideItems(deck).map((item) => {
    const title = deck.slides[item.slideNumber - 1]?.title ?? '';
    const box = notesBox(item, notes, { fontPt: 12, minFontPt: 10, fit: 'continue', extraAttrs: ` ${continued}`, title });
    // The slide is drawn over this box afterwards (placeSlides). A white pixel stretched under it is what
    // Chromium tags as the slide's figure, with its alternative text (an empty box would not be tagged).
    const alt = `Slide ${item.slideNumber}${item.continued ? ' (continued)' : ''}: ${title}`;
    return `<div class="ld-sheet">${sheetChrome(size, ctx)}<img data-slot="slide" data-key="${item.pageIndex}" data-first-sheet-only alt="${escapeHtml(alt)}" src="${WHITE_PIXEL}" style="${boxStyle(slide)}">${box}</div>`;
  });
  return sheetDocument({ title: `${ctx.lessonTitle} — speaker script`, lang: deck.lang, paper: size, fontFaceCss: deck.fontFaceCss, css: SHEET_CSS, body: sheets.join('\n') });
}

export async function renderNotesScript(page: Page, deck: PrintedDeck, ctx: DeckContext, paper: PaperName, slidesDoc?: PDFDocument, tagged = false): Promise<Uint8Array> {
  const sheets = await renderSheets(page, notesScriptHtml(deck, ctx, paper), { tagged, origin: new URL(deck.url).origin });
  return placeSlides(sheets, slidesDoc ?? deck.pdf, deckInfo(ctx, 'speaker script', deck));
}
