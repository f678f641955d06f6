/**
 * The "next step" preview of the speaker view: a second, passive reveal.js
 * instance over a clone of the deck's slides (made before the main deck
 * initialises, so it is pristine). It never loads anything: no iframe, no
 * second page load. To show the next step it goes to the current position and
 * calls reveal's own next(), so "next" means exactly what the space key does
 * (next fragment, else the slide below, else the next slide).
 */
import Reveal from 'reveal.js';
import type { RevealApi, RevealConfig } from 'reveal.js';
import { updateCodeSteps } from '../codeSteps.ts';
import { scrollWalkthroughs } from '../codeWalkthrough.ts';
import { fitSlide } from '../fit.ts';
import { isolateIds } from '../isolateIds.ts';
import type { DeckState } from '../sync/deckState.ts';

export interface NextStep {
  /** False at the end of the deck. */
  exists: boolean;
  /** Same slide, one more fragment. */
  fragment: boolean;
  state: DeckState;
}

export interface NextPreview {
  ready: Promise<void>;
  /** Shows the step after `state`; reports what it is. */
  show(state: DeckState): NextStep;
}

export function createNextPreview(source: HTMLElement, container: HTMLElement, baseOptions: RevealConfig): NextPreview {
  const clone = source.cloneNode(true) as HTMLElement;
  clone.classList.add('ld-preview-deck');
  clone.setAttribute('aria-hidden', 'true');
  clone.setAttribute('inert', '');
  isolateIds(clone, 'ld-preview-');
  container.append(clone);

  const deck: RevealApi = new Reveal(clone, {
    ...baseOptions,
    embedded: true,
    keyboard: false,
    controls: false,
    progress: false,
    slideNumber: false,
    hash: false,
    history: false,
    respondToHashChanges: false,
    touch: false,
    overview: false,
    help: false,
    jumpToSlide: false,
    mouseWheel: false,
    transition: 'none',
    backgroundTransition: 'none',
    autoAnimate: false,
    postMessage: false,
    postMessageEvents: false,
    view: null,
    scrollActivationWidth: 0,
  });
  const ready = deck.initialize().then(() => undefined);

  const position = (): DeckState => {
    const i = deck.getIndices();
    return { h: i.h, v: i.v ?? 0, f: typeof i.f === 'number' ? i.f : -1, blank: false };
  };

  return {
    ready,
    show(state) {
      deck.slide(state.h, state.v, state.f);
      const before = position();
      deck.next();
      const after = position();
      const exists = after.h !== before.h || after.v !== before.v || after.f !== before.f;
      const slide = deck.getCurrentSlide();
      if (slide) fitSlide(slide, Number(deck.getConfig().height) || 720);
      updateCodeSteps(clone);
      deck.layout();
      // The code window where the deck will have it after that key press.
      if (slide) scrollWalkthroughs(slide);
      return { exists, fragment: exists && after.h === before.h && after.v === before.v, state: after };
    },
  };
}
