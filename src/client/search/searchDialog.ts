/**
 * The search dialog, shared by the course index and every deck. A native
 * modal <dialog>: focus stays inside, Esc closes, the page behind is inert,
 * and focus returns to whatever opened it. Results are plain links to the
 * exact slide; ↓/↑ move between the field and the results, Enter opens.
 * Part of every page's bundle (a few KB), so `/` opens it at once; only
 * minisearch and the index are loaded on demand.
 */
import './search.css';
import { siteRoot } from '../siteRoot.ts';
import type { SearchFunction, SearchHit } from './searchIndex.ts';

interface SearchUi {
  dialog: HTMLDialogElement;
  input: HTMLInputElement;
  status: HTMLElement;
  results: HTMLOListElement;
}

let ui: SearchUi | undefined;
let search: Promise<SearchFunction> | undefined;
let opener: HTMLElement | null = null;

export function openSearchDialog(from: Element | null): void {
  ui ??= createDialog();
  opener = from instanceof HTMLElement ? from : null;
  if (!ui.dialog.open) ui.dialog.showModal();
  ui.input.focus();
  ui.input.select();
  void searchFunction().catch(() => undefined); // start loading the index while the student types
  runQuery(ui);
}

function createDialog(): SearchUi {
  const dialog = document.createElement('dialog');
  dialog.className = 'ld-search';
  dialog.setAttribute('aria-labelledby', 'ld-search-title');
  dialog.innerHTML = `<form class="ld-search-form" role="search">
<h2 id="ld-search-title" class="ld-search-title">Search the course</h2>
<label class="ld-search-label" for="ld-search-input">Words from slides, code or notes</label>
<div class="ld-search-row"><input id="ld-search-input" class="ld-search-input" type="search" autocomplete="off" spellcheck="false" aria-describedby="ld-search-status ld-search-help">
<button type="button" class="ld-search-close">Close</button></div>
<p id="ld-search-help" class="ld-search-help">↓ and ↑ move through the results, Enter opens one, Esc closes.</p>
</form>
<p id="ld-search-status" class="ld-search-status" role="status" aria-live="polite"></p>
<ol class="ld-search-results" aria-label="Results"></ol>`;
  document.body.append(dialog);
  const search: SearchUi = {
    dialog,
    input: dialog.querySelector('input')!,
    status: dialog.querySelector('.ld-search-status')!,
    results: dialog.querySelector('.ld-search-results')!,
  };
  search.input.addEventListener('input', () => runQuery(search));
  dialog.querySelector('form')!.addEventListener('submit', (event) => {
    event.preventDefault();
    search.results.querySelector<HTMLAnchorElement>('a')?.click();
  });
  const close = (): void => closeDialog(dialog);
  dialog.querySelector('.ld-search-close')!.addEventListener('click', close);
  // Keys typed here are for the dialog, never for the deck behind it (reveal listens on document).
  dialog.addEventListener('keydown', (event) => {
    event.stopPropagation();
    // Esc closes at once (a search field would otherwise spend the first Esc on clearing itself).
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
    moveFocus(event, search);
  });
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) close(); // a click on the backdrop
    if ((event.target as Element).closest?.('a')) close(); // same-page results only change the hash
  });
  return search;
}

/**
 * Closes the dialog and gives focus back at once (the dialog's own `close`
 * event comes a task later, after a quick next key press): to whatever opened
 * it, or, when that was the page itself (`/` with nothing focused), out of the
 * closed field, where the next `/` would be typed instead of opening search.
 */
function closeDialog(dialog: HTMLDialogElement): void {
  dialog.close();
  if (opener?.isConnected && opener !== document.body) opener.focus();
  else if (dialog.contains(document.activeElement)) (document.activeElement as HTMLElement).blur();
}

function moveFocus(event: KeyboardEvent, search: SearchUi): void {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const stops: HTMLElement[] = [search.input, ...search.results.querySelectorAll<HTMLAnchorElement>('a')];
  const at = stops.indexOf(document.activeElement as HTMLElement);
  if (at < 0) return;
  event.preventDefault();
  const next = event.key === 'ArrowDown' ? Math.min(at + 1, stops.length - 1) : Math.max(at - 1, 0);
  stops[next]!.focus();
}

let latest = 0;

function runQuery(search: SearchUi): void {
  const query = search.input.value.trim();
  const ticket = ++latest;
  if (!query) {
    search.results.replaceChildren();
    search.status.textContent = '';
    return;
  }
  search.status.textContent = 'Searching…';
  void searchFunction()
    .then((find) => {
      if (ticket !== latest) return; // a newer query was typed meanwhile
      showResults(search, find(query));
    })
    .catch((error: unknown) => {
      search.status.textContent = `Search is unavailable: ${error instanceof Error ? error.message : String(error)}`;
    });
}

function searchFunction(): Promise<SearchFunction> {
  // minisearch and the index load only when a student first searches.
  search ??= import('./searchIndex.ts').then(({ loadSearch }) => loadSearch(siteRoot()));
  // A failed load (e.g. offline before the first visit) is retried on the next query.
  return search.catch((error: unknown) => {
    search = undefined;
    throw error;
  });
}

function showResults(search: SearchUi, hits: SearchHit[]): void {
  search.status.textContent = hits.length === 0 ? 'No slides match.' : `${hits.length} slide${hits.length === 1 ? '' : 's'} found.`;
  search.results.replaceChildren(...hits.map(resultItem));
}

function resultItem(hit: SearchHit): HTMLLIElement {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.className = 'ld-search-result';
  link.href = hit.href;
  const where = document.createElement('span');
  where.className = 'ld-search-result-deck';
  where.textContent = hit.module ? `${hit.module} · ${hit.deckTitle}` : hit.deckTitle;
  const title = document.createElement('span');
  title.className = 'ld-search-result-slide';
  title.textContent = hit.slideTitle || hit.deckTitle;
  link.append(title, where);
  item.append(link);
  return item;
}
