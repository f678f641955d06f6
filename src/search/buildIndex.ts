/**
 * The course-wide search index, built from the deck model at build time:
 * one document per slide with its title, prose, code and speaker notes
 * (diagrams count as the text of their nodes and connections). Pure: Course in, JSON out.
 */
import MiniSearch from 'minisearch';
import type { Course, CourseDeck } from '../course/loadCourse.ts';
import { describeDiagramEdges } from '../render/diagramDescription.ts';
import { describeDiagram } from '../render/mermaid.ts';
import { DIAGRAM_PLACEHOLDER_PATTERN, type Deck } from '../slides/model.ts';
import { htmlToText, splitProseAndCode } from './htmlText.ts';
import { MINISEARCH_OPTIONS, SEARCH_INDEX_VERSION, type SearchDeck, type SearchDocument, type SearchIndexFile } from './searchOptions.ts';

/** Decks a student can open: every page of the course except the course README (that is the index page). */
function searchableDecks(course: Course): CourseDeck[] {
  return course.decks.filter((entry) => entry.kind !== 'course');
}

/** One search document per slide of every deck, in course order. */
export function searchDocuments(course: Course): { decks: SearchDeck[]; documents: SearchDocument[] } {
  const decks: SearchDeck[] = [];
  const documents: SearchDocument[] = [];
  for (const entry of searchableDecks(course)) {
    const deckIndex = decks.length;
    const module = course.modules.find((m) => m.dir === entry.moduleDir && m.title !== entry.deck.title);
    decks.push({ title: entry.deck.title, page: entry.page, ...(module ? { module: module.title } : {}) });
    for (const slide of entry.deck.slides) {
      const { text, code } = splitProseAndCode(withDiagramText(slide.html, entry.deck));
      documents.push({ id: documents.length, deck: deckIndex, slide: slide.id, title: slide.title, text, code, notes: htmlToText(slide.notesHtml) });
    }
  }
  return { decks, documents };
}

/** Diagram placeholders become the diagram's text alternatives, so its labels are searchable. */
function withDiagramText(html: string, deck: Deck): string {
  return html.replace(DIAGRAM_PLACEHOLDER_PATTERN, (_whole, index: string) => {
    const diagram = deck.diagrams.find((d) => d.index === Number(index));
    return diagram ? ` ${describeDiagram(diagram.source)} ${describeDiagramEdges(diagram.source)} ` : ' ';
  });
}

export function buildSearchIndex(course: Course): SearchIndexFile {
  const { decks, documents } = searchDocuments(course);
  const search = new MiniSearch<SearchDocument>(MINISEARCH_OPTIONS);
  search.addAll(documents);
  return { version: SEARCH_INDEX_VERSION, decks, index: search.toJSON() };
}

/** The index as the static asset `search-index.json`. */
export function serializeSearchIndex(course: Course): string {
  return JSON.stringify(buildSearchIndex(course));
}
