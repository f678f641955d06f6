/**
 * Where a deck's PDFs live, relative to the site root: next to the deck page
 * (`module-07/lessons/01-x.html` → `01-x.pdf`, `01-x.handout.pdf`,
 * `01-x.notes.pdf`). Shared by the pages that link them and the exporter.
 */
export interface DeckPdfFiles {
  slides: string;
  handout: string;
  notes: string;
}

export function deckPdfFiles(page: string): DeckPdfFiles {
  const base = page.replace(/\.html$/, '');
  return { slides: `${base}.pdf`, handout: `${base}.handout.pdf`, notes: `${base}.notes.pdf` };
}
