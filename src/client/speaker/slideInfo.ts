/** Titles and position of a slide, as the speaker view's header shows them. */
import type { RevealApi } from 'reveal.js';

export function slideTitle(slide: Element | undefined | null): string {
  const heading = slide?.querySelector(':scope > h1, :scope > h2, :scope > h3, :scope > h4');
  return (heading?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** For a slide inside a vertical stack (not its first), the title of the stack's first slide. */
export function sectionTitle(slide: Element | undefined | null): string {
  const stack = slide?.parentElement;
  if (!stack || stack.tagName !== 'SECTION') return '';
  const first = stack.querySelector(':scope > section');
  return first && first !== slide ? slideTitle(first) : '';
}

/** `c / t` as reveal counts it (slides passed + 1, out of all slides). */
export function slidePosition(deck: RevealApi): { current: number; total: number } {
  return { current: deck.getSlidePastCount() + 1, total: deck.getTotalSlides() };
}
