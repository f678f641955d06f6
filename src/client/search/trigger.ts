/**
 * Opens course search with the `/` key or a `.ld-search-button`. The dialog
 * itself is in the page's bundle, so the key answers at once, even while the
 * service worker is still caching the site; minisearch and the index are
 * fetched on the first query (see searchDialog.ts).
 */
import { openSearchDialog } from './searchDialog.ts';

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

export function initSearchTrigger(): void {
  // Capture phase, so the deck's own key handling never sees this `/`.
  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    openSearchDialog(document.activeElement);
  }, true);
  for (const button of document.querySelectorAll<HTMLElement>('.ld-search-button')) {
    button.addEventListener('click', () => openSearchDialog(button));
  }
}
