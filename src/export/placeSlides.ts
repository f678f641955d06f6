/**
 * Puts slide pages into the boxes of printed sheets as vector pages: each
 * slide page of the slides PDF becomes a Form XObject (pdf-lib embedPdf) drawn
 * into its `slide` slot, so text stays text and diagrams stay vector — no
 * screenshots. Embedding all pages in one call copies shared fonts once.
 */
import { PDFDocument, rgb } from 'pdf-lib';
import type { RenderedSheets } from './sheets.ts';

export interface DocumentInfo {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string[];
  lang?: string;
}

export async function placeSlides(sheets: RenderedSheets, slidesPdf: Uint8Array | PDFDocument, info: DocumentInfo): Promise<Uint8Array> {
  const doc = await PDFDocument.load(sheets.pdf);
  const source = slidesPdf instanceof PDFDocument ? slidesPdf : await PDFDocument.load(slidesPdf);
  const slots = sheets.slots.filter((s) => s.kind === 'slide');
  const pageIndices = [...new Set(slots.map((s) => Number(s.key)))].sort((a, b) => a - b);
  const embedded = await doc.embedPdf(source, pageIndices);
  const byIndex = new Map(pageIndices.map((index, i) => [index, embedded[i]!]));
  for (const slot of slots) {
    const page = doc.getPage(slot.sheet);
    const y = page.getHeight() - slot.y - slot.height;
    page.drawPage(byIndex.get(Number(slot.key))!, { x: slot.x, y, width: slot.width, height: slot.height });
    page.drawRectangle({ x: slot.x, y, width: slot.width, height: slot.height, borderColor: rgb(0.6, 0.63, 0.68), borderWidth: 0.5 });
  }
  setDocumentInfo(doc, info);
  return doc.save();
}

export function setDocumentInfo(doc: PDFDocument, info: DocumentInfo): void {
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  if (info.author) doc.setAuthor(info.author);
  if (info.subject) doc.setSubject(info.subject);
  if (info.keywords?.length) doc.setKeywords(info.keywords);
  if (info.lang) doc.setLanguage(info.lang);
  doc.setCreator('lessondeck');
  doc.setProducer('lessondeck (Chromium + pdf-lib)');
}
