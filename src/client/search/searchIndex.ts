/**
 * The browser side of course search: fetches `search-index.json` (built by
 * src/search/buildIndex.ts) and answers queries. Loaded only when the
 * student opens search, together with minisearch.
 */
import MiniSearch, { type AsPlainObject } from 'minisearch';
import { MINISEARCH_OPTIONS, QUERY_OPTIONS, SEARCH_INDEX_FILE, SEARCH_INDEX_VERSION, type SearchDocument, type SearchIndexFile, type StoredFields } from '../../search/searchOptions.ts';
import { pageUrl } from '../siteRoot.ts';

export interface SearchHit {
  deckTitle: string;
  module?: string;
  slideTitle: string;
  /** Absolute URL of the slide: `…/deck.html#/slide-id`. */
  href: string;
}

export type SearchFunction = (query: string, limit?: number) => SearchHit[];

export async function loadSearch(root: URL): Promise<SearchFunction> {
  const response = await fetch(new URL(SEARCH_INDEX_FILE, root));
  if (!response.ok) throw new Error(`${SEARCH_INDEX_FILE}: HTTP ${response.status}`);
  const file = (await response.json()) as SearchIndexFile;
  if (file.version !== SEARCH_INDEX_VERSION) throw new Error(`${SEARCH_INDEX_FILE} has format ${file.version}; this page reads ${SEARCH_INDEX_VERSION}. Rebuild the site.`);
  const index = MiniSearch.loadJS<SearchDocument>(file.index as AsPlainObject, MINISEARCH_OPTIONS);
  return (query, limit = 20) => {
    // Every word must match; when nothing does, fall back to any word.
    let results = index.search(query, QUERY_OPTIONS);
    if (results.length === 0) results = index.search(query, { ...QUERY_OPTIONS, combineWith: 'OR' });
    return results.slice(0, limit).flatMap((result) => {
      const stored = result as unknown as StoredFields;
      const deck = file.decks[stored.deck];
      if (!deck) return [];
      const href = pageUrl(deck.page, root, `#/${encodeURIComponent(stored.slide)}`).href;
      return [{ deckTitle: deck.title, ...(deck.module ? { module: deck.module } : {}), slideTitle: stored.title, href }];
    });
  };
}
