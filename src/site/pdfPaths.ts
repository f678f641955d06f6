/**
 * Where a deck's exports live, relative to the site root: next to the deck page
 * (`module-07/lessons/01-x.html` → `01-x.pdf`, `01-x.handout.pdf`,
 * `01-x.student.pdf`, `01-x.notes.pdf`, `01-x.pptx`, and a folder `01-x/` of
 * PNGs `01.png`, `02.png`…). Shared by the pages that link them and the exporter.
 */
export interface DeckPdfFiles {
  slides: string;
  handout: string;
  student: string;
  notes: string;
  pptx: string;
  /** A folder. */
  png: string;
}

export function deckPdfFiles(page: string): DeckPdfFiles {
  const base = page.replace(/\.html$/, '');
  return { slides: `${base}.pdf`, handout: `${base}.handout.pdf`, student: `${base}.student.pdf`, notes: `${base}.notes.pdf`, pptx: `${base}.pptx`, png: base };
}
