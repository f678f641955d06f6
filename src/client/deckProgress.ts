/** Deck side of src/client/progress.ts: remembers the slide on screen. */
import type { RevealApi } from 'reveal.js';
import { recordVisit } from './progress.ts';
import { pageFromRoot, siteRoot } from './siteRoot.ts';

export function initDeckProgress(deck: RevealApi, deckTitle: string): void {
  const root = siteRoot();
  const page = pageFromRoot(location.href, root);
  if (!page) return;
  const remember = (): void => {
    const slide = deck.getCurrentSlide();
    if (!slide?.id) return;
    const slideTitle = slide.querySelector('h1, h2, h3, h4, h5, h6')?.textContent?.trim() ?? '';
    recordVisit(root, page, { slide: slide.id, slideTitle, deckTitle, at: Date.now() });
  };
  deck.on('ready', remember);
  deck.on('slidechanged', remember);
}
