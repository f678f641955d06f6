/**
 * The whole course in one PDF: a contents page (each entry a working link to
 * its lesson), then every deck's slides in course order, a bookmark outline
 * module → lesson → section (the `##` slides), and document metadata.
 *
 * The course is printed by Chromium as one document: the contents sheets and
 * every deck's laid-out print view (its snapshot) in one page. So the PDF is
 * tagged as a whole — headings, lists, tables, figures with their alternative
 * text, across all decks — which merging the decks' PDFs page by page would
 * lose (a page copy carries no structure tree). pdf-lib then only adds the
 * outline and the contents links to the finished file. Decks drawn in
 * different themes cannot share one document (each theme sets the page's
 * variables); those courses are merged page by page, untagged.
 */
import { PDFDocument } from 'pdf-lib';
import type { Page } from 'playwright-core';
import { escapeHtml } from '../slides/renderEnv.ts';
import { addPageLink, setOutline, type OutlineNode } from './outline.ts';
import { setDocumentInfo, type DocumentInfo } from './placeSlides.ts';
import type { PrintedDeck, PrintedSlide } from './printDeck.ts';
import { PAPER_SIZES, renderSheets, sheetCss, sheetDocument, type SheetSlot } from './sheets.ts';

export interface CourseDeckPdf {
  title: string;
  /** Module folder and title; undefined for pages outside modules. */
  module?: { dir: string; title: string };
  printed: PrintedDeck;
}

export interface CoursePdfInput {
  info: DocumentInfo;
  description: string;
  decks: CourseDeckPdf[];
}

const ROWS_PER_CONTENTS_PAGE = 13;

interface ContentsRow {
  kind: 'module' | 'deck';
  title: string;
  deckIndex?: number;
}

export function contentsRows(decks: CourseDeckPdf[]): ContentsRow[] {
  const rows: ContentsRow[] = [];
  let currentModule: string | undefined;
  decks.forEach((deck, deckIndex) => {
    if (deck.module && deck.module.dir !== currentModule) rows.push({ kind: 'module', title: deck.module.title });
    currentModule = deck.module?.dir;
    rows.push({ kind: 'deck', title: deck.title, deckIndex });
  });
  return rows;
}

const CONTENTS_CSS = `
.ld-contents{left:60pt;top:40pt;width:840pt;height:460pt;display:flex;flex-direction:column}
.ld-contents h1{font-size:26pt;margin:0 0 2pt;color:#111827}
.ld-contents .ld-sub{font-size:11pt;color:#4b5563;margin:0 0 14pt}
.ld-row{display:flex;align-items:baseline;gap:6pt;font-size:13.5pt;padding:3.5pt 0;color:#1f2430;text-decoration:none}
.ld-row.ld-module{font-weight:700;font-size:14.5pt;padding-top:9pt;color:#111827}
.ld-row .ld-dots{flex:1;border-bottom:1pt dotted #9ca3af;transform:translateY(-3pt)}
.ld-row.ld-deck{padding-left:16pt}
.ld-row .ld-pg{font-variant-numeric:tabular-nums;color:#374151}
`;

function contentsSheets(input: CoursePdfInput, rows: ContentsRow[], deckStart: number[]): string {
  const pages: string[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_CONTENTS_PAGE) {
    const body = rows.slice(i, i + ROWS_PER_CONTENTS_PAGE).map((row) =>
      row.kind === 'module'
        ? `<div class="ld-row ld-module">${escapeHtml(row.title)}</div>`
        : `<div class="ld-row ld-deck" data-slot="link" data-key="${row.deckIndex}"><span>${escapeHtml(row.title)}</span><span class="ld-dots"></span><span class="ld-pg">${deckStart[row.deckIndex!]! + 1}</span></div>`,
    );
    const heading = i === 0 ? `<h1>${escapeHtml(input.info.title)}</h1><p class="ld-sub">${escapeHtml(input.description || 'Contents')}</p>` : '<h1>Contents (continued)</h1>';
    pages.push(`<div class="ld-sheet"><div class="ld-contents">${heading}${body.join('')}</div></div>`);
  }
  return pages.join('\n');
}

function contentsHtml(input: CoursePdfInput, rows: ContentsRow[], deckStart: number[], fontFaceCss: string, lang: string): string {
  return sheetDocument({ title: input.info.title, lang, paper: PAPER_SIZES.slide, fontFaceCss, css: CONTENTS_CSS, body: contentsSheets(input, rows, deckStart) });
}

/** Decks that can share one document: printed with snapshots, in the same stylesheets and theme. */
export function oneDocumentPossible(decks: CourseDeckPdf[]): boolean {
  const keys = decks.map(({ printed: { snapshot } }) => (snapshot ? JSON.stringify([snapshot.stylesheets, snapshot.htmlAttributes['data-theme'] ?? '', snapshot.htmlAttributes['data-code-theme'] ?? '']) : undefined));
  return keys.every((k) => k !== undefined && k === keys[0]);
}

/** Puts each deck's print view after the previous one: its own first page, no absolute positioning across decks. */
const COURSE_DOCUMENT_CSS = `
.ld-course-deck{break-before:page;page-break-before:always;position:relative}
.ld-course-deck>.reveal{position:relative!important;width:auto!important;height:auto!important;overflow:visible!important;inset:auto!important}
.ld-course-deck>.reveal>.slides{position:relative!important;inset:auto!important;width:auto!important;height:auto!important;transform:none!important}
.ld-course-deck>.reveal>:not(.slides){display:none!important}
`;

function courseDocument(input: CoursePdfInput, rows: ContentsRow[], deckStart: number[]): string {
  const first = input.decks[0]!.printed;
  const snapshot = first.snapshot!;
  const attributes = Object.entries({ ...snapshot.htmlAttributes, lang: input.info.lang ?? first.lang })
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
  const decks = input.decks.map((deck, i) => `<div class="ld-course-deck" id="ld-course-deck-${i}" lang="${escapeHtml(deck.printed.lang)}">${deck.printed.snapshot!.revealHtml}</div>`);
  return `<!doctype html>
<html${attributes}>
<head>
<meta charset="utf-8">
<title>${escapeHtml(input.info.title)}</title>
${snapshot.stylesheets.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join('\n')}
${snapshot.styles.map((css) => `<style>${css}</style>`).join('\n')}
<style>
${first.fontFaceCss}
${sheetCss(PAPER_SIZES.slide)}
${CONTENTS_CSS}
${COURSE_DOCUMENT_CSS}
</style>
</head>
<body>
${contentsSheets(input, rows, deckStart)}
${decks.join('\n')}
</body>
</html>`;
}

/** `Scaling (2/3)` → `Scaling`: spread parts share one bookmark. */
function sectionTitle(slide: PrintedSlide): string {
  return slide.title.replace(/\s*\(\d+\/\d+\)\s*$/, '');
}

export function courseOutline(decks: CourseDeckPdf[], deckStart: number[]): OutlineNode[] {
  const top: OutlineNode[] = [];
  const modules = new Map<string, OutlineNode>();
  decks.forEach((deck, i) => {
    const sections: OutlineNode[] = [];
    for (const slide of deck.printed.slides) {
      if (slide.headingLevel !== 2) continue;
      const title = sectionTitle(slide);
      if (sections.at(-1)?.title === title) continue;
      sections.push({ title, pageIndex: deckStart[i]! + slide.firstPage });
    }
    const lesson: OutlineNode = { title: deck.title, pageIndex: deckStart[i]!, children: sections };
    if (!deck.module) return void top.push(lesson);
    let mod = modules.get(deck.module.dir);
    if (!mod) {
      mod = { title: deck.module.title, pageIndex: deckStart[i]!, children: [] };
      modules.set(deck.module.dir, mod);
      top.push(mod);
    }
    mod.children!.push(lesson);
  });
  return top;
}

export async function renderCoursePdf(page: Page, input: CoursePdfInput, options: { tagged?: boolean } = {}): Promise<Uint8Array> {
  const first = input.decks[0]?.printed;
  if (!first) throw new Error('The course has no decks to export.');
  const rows = contentsRows(input.decks);
  const contentsPages = Math.ceil(rows.length / ROWS_PER_CONTENTS_PAGE);
  const deckStart: number[] = [];
  let next = contentsPages;
  for (const deck of input.decks) {
    deckStart.push(next);
    next += deck.printed.pageCount;
  }
  let doc: PDFDocument;
  let slots: SheetSlot[];
  if (oneDocumentPossible(input.decks)) {
    const sheets = await renderSheets(page, courseDocument(input, rows, deckStart), { tagged: options.tagged ?? true, timeout: 180_000, origin: new URL(first.url).origin });
    doc = await PDFDocument.load(sheets.pdf, { updateMetadata: false });
    if (doc.getPageCount() !== next) throw new Error(`The course printed as ${doc.getPageCount()} pages where its decks have ${next}: a deck's layout changed when printed with the others. Export the decks one by one (--format slides) to find it, and please report it.`);
    slots = sheets.slots;
  } else {
    const sheets = await renderSheets(page, contentsHtml(input, rows, deckStart, first.fontFaceCss, first.lang), { origin: new URL(first.url).origin });
    doc = await PDFDocument.create();
    const contents = await PDFDocument.load(sheets.pdf);
    for (const p of await doc.copyPages(contents, contents.getPageIndices())) doc.addPage(p);
    for (const deck of input.decks) {
      const source = await PDFDocument.load(deck.printed.pdf);
      for (const p of await doc.copyPages(source, source.getPageIndices())) doc.addPage(p);
    }
    slots = sheets.slots;
  }
  for (const slot of slots) {
    if (slot.kind === 'link') addPageLink(doc, slot.sheet, slot, deckStart[Number(slot.key)]!);
  }
  setOutline(doc, [{ title: 'Contents', pageIndex: 0 }, ...courseOutline(input.decks, deckStart)]);
  setDocumentInfo(doc, input.info);
  doc.setCreationDate(new Date());
  doc.setModificationDate(new Date());
  return doc.save();
}
