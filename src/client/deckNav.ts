/**
 * The deck's navigation bar (`nav.ld-deck-nav`): keeps the reading-view link
 * pointing at the other view. In slides view it says "Reading view" and adds
 * `?view=scroll`; in the reading (scroll) view it says "Slides view" and drops
 * the parameter. The current `#/slide` hash is kept, so switching views stays on
 * the same slide. When reveal switched to the scroll view by itself because the
 * screen is narrow (scrollActivationWidth), the link is hidden: slides view is
 * not available at that width.
 */
import type { RevealApi } from 'reveal.js';

export const SCROLL_VIEWS = new Set(['scroll', 'reader']);

export function scrollViewRequested(search: string = location.search): boolean {
  return SCROLL_VIEWS.has(new URLSearchParams(search).get('view') ?? '');
}

/** reveal 6 has `isScrollView()` at runtime but not in its typings. */
export function isScrollView(deck: RevealApi): boolean {
  const api = deck as RevealApi & { isScrollView?: () => boolean };
  return typeof api.isScrollView === 'function'
    ? api.isScrollView()
    : document.body.classList.contains('reveal-scroll');
}

export function initDeckNav(deck: RevealApi): void {
  const link = document.querySelector<HTMLAnchorElement>('.ld-deck-nav .ld-reading-link, a.ld-reading-link');
  if (!link) return;

  const update = (): void => {
    const scroll = isScrollView(deck);
    const requested = scrollViewRequested();
    if (scroll && !requested) {
      link.hidden = true;
      return;
    }
    link.hidden = false;
    const url = new URL(location.href);
    if (scroll) {
      url.searchParams.delete('view');
      link.textContent = 'Slides view';
    } else {
      url.searchParams.set('view', 'scroll');
      link.textContent = 'Reading view';
    }
    link.href = url.pathname + url.search + url.hash;
  };

  for (const type of ['ready', 'slidechanged', 'resize']) deck.on(type, update);
  // The hash may have changed without an event (scroll view); refresh right
  // before the browser follows the link.
  link.addEventListener('click', update);
  link.addEventListener('focus', update);
}
