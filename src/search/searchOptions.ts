/**
 * The search index format, shared by the build (src/search/buildIndex.ts) and
 * the browser (src/client/search/): both must tokenize and process terms the
 * same way, so these options live in one place. Browser-safe: no Node imports.
 */
import type { Options, SearchOptions } from 'minisearch';

/** File name of the index, at the site root. */
export const SEARCH_INDEX_FILE = 'search-index.json';
/** Bump when the format changes; the client ignores an index it cannot read. */
export const SEARCH_INDEX_VERSION = 1;

/** One slide as indexed. Only `deck`, `slide` and `title` are stored: results need nothing else. */
export interface SearchDocument {
  id: number;
  /** Index into SearchIndexFile.decks. */
  deck: number;
  /** Slide id: the reveal hash, `deck.html#/<slide>`. */
  slide: string;
  title: string;
  text: string;
  code: string;
  notes: string;
}

export interface SearchDeck {
  /** Deck title. */
  title: string;
  /** Page path from the site root, e.g. `module-07/lessons/01-x.html`. */
  page: string;
  /** Module title, when the deck belongs to a module. */
  module?: string;
}

export interface SearchIndexFile {
  version: number;
  decks: SearchDeck[];
  /** MiniSearch's own serialization (`miniSearch.toJSON()`). */
  index: unknown;
}

export type StoredFields = Pick<SearchDocument, 'deck' | 'slide' | 'title'>;

// Words too common to help find a slide; dropping them keeps the index small.
const STOP_WORDS = new Set(
  'a an and are as at be but by for from has have if in into is it its of on or so that the their then there these this to was were which will with'.split(' '),
);

/** Lower-case; drop one-letter terms and stop words (the same for indexing and for queries). */
export function processTerm(term: string): string | null {
  const lower = term.toLowerCase();
  return lower.length < 2 || STOP_WORDS.has(lower) ? null : lower;
}

/**
 * Words are runs of letters and digits. MiniSearch's default splits only on
 * spaces and punctuation, so code like `--platform=$BUILDPLATFORM` (symbols)
 * would stay one unsearchable token.
 */
export function tokenize(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

export const MINISEARCH_OPTIONS: Options<SearchDocument> = {
  idField: 'id',
  tokenize,
  fields: ['title', 'text', 'code', 'notes'],
  storeFields: ['deck', 'slide', 'title'],
  processTerm,
};

/** Every word must match (AND), each as a prefix and with typos allowed; titles weigh most. */
export const QUERY_OPTIONS: SearchOptions = {
  prefix: true,
  fuzzy: 0.2,
  combineWith: 'AND',
  boost: { title: 3, code: 1.5, text: 1.2, notes: 1 },
};
