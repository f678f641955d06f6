/**
 * Index side of src/client/progress.ts: "Continue where you left off" (a link
 * to the exact slide) and an "Opened" marker on the cards of decks already seen.
 */
import { lastVisit, readProgress } from './progress.ts';
import { pageFromRoot, pageUrl, siteRoot } from './siteRoot.ts';

export function initIndexProgress(): void {
  const root = siteRoot();
  const progress = readProgress(root);
  for (const card of document.querySelectorAll<HTMLElement>('.ld-deck-card')) {
    const link = card.querySelector<HTMLAnchorElement>('a.ld-deck-link');
    const page = link ? pageFromRoot(link.href, root) : undefined;
    if (!page || !progress.decks[page] || card.querySelector('.ld-visited-badge')) continue;
    card.classList.add('ld-visited');
    const badge = document.createElement('span');
    badge.className = 'ld-visited-badge';
    badge.textContent = 'Opened';
    link!.after(badge);
  }
  const last = lastVisit(progress);
  const section = document.getElementById('ld-continue');
  const body = section?.querySelector('.ld-continue-body');
  if (!last || !section || !body) return;
  const link = document.createElement('a');
  link.className = 'ld-continue-link';
  link.href = pageUrl(last.page, root, `#/${encodeURIComponent(last.slide)}`).href;
  link.textContent = last.deckTitle;
  body.replaceChildren(link);
  if (last.slideTitle && last.slideTitle !== last.deckTitle) body.append(` — ${last.slideTitle}`);
  section.hidden = false;
}
