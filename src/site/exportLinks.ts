/**
 * The exported files a built site links (`build --pdf [formats]`): for each
 * format a deck has, its label, where the file is (from the site root) and
 * what a screen reader announces. The course PDF has no per-deck link.
 */
import { deckPdfFiles } from './pdfPaths.ts';

export interface ExportLink {
  format: string;
  label: string;
  /** From the site root. */
  file: string;
  /** Said after the deck's title, e.g. "handout with notes (PDF)". */
  description: string;
}

const LINKS: Record<string, { label: string; description: string; file: (page: string) => string }> = {
  slides: { label: 'PDF', description: 'slides (PDF)', file: (p) => deckPdfFiles(p).slides },
  handout: { label: 'Handout', description: 'handout with notes (PDF)', file: (p) => deckPdfFiles(p).handout },
  student: { label: 'Student handout', description: 'handout with space for your notes (PDF)', file: (p) => deckPdfFiles(p).student },
  notes: { label: 'Script', description: 'speaker script (PDF)', file: (p) => deckPdfFiles(p).notes },
  pptx: { label: 'PowerPoint', description: 'editable slides (PowerPoint)', file: (p) => deckPdfFiles(p).pptx },
  // A folder has no page of its own on a static site: the first image stands for it.
  png: { label: 'Images', description: 'slides as images (PNG)', file: (p) => `${deckPdfFiles(p).png}/01.png` },
};

export function exportLinks(page: string, formats: readonly string[]): ExportLink[] {
  return formats.flatMap((format) => {
    const link = LINKS[format];
    return link ? [{ format, label: link.label, description: link.description, file: link.file(page) }] : [];
  });
}
