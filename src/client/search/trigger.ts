/**
 * Opens course search with the `/` key or a `.ld-search-button`, loading the
 * dialog, minisearch and the index only then (a dynamic import: pages that
 * never search never download them).
 */
type DialogModule = typeof import('./searchDialog.ts');

let dialogModule: Promise<DialogModule> | undefined;

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

export function openSearch(from: Element | null): void {
  dialogModule ??= import('./searchDialog.ts');
  void dialogModule.then((module) => module.openSearchDialog(from)).catch((error: unknown) => {
    dialogModule = undefined;
    console.warn('lessondeck: search could not load:', error);
  });
}

export function initSearchTrigger(): void {
  // Capture phase, so the deck's own key handling never sees this `/`.
  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    openSearch(document.activeElement);
  }, true);
  for (const button of document.querySelectorAll<HTMLElement>('.ld-search-button')) {
    button.addEventListener('click', () => openSearch(button));
  }
}
