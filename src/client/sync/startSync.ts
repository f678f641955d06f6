/** Starts every way a deck page keeps in step with others: other windows, and the follow-mode server. */
import type { RevealApi } from 'reveal.js';
import { startFollow } from '../follow.ts';
import { bindSpeakerKey } from '../speaker/openSpeaker.ts';
import { createDeckStateSource, type DeckStateSource } from './deckState.ts';
import { startWindowSync } from './windowSync.ts';

export function startDeckSync(source: DeckStateSource): void {
  startWindowSync(source);
  startFollow(source);
}

/** The audience deck: reveal's pause is the blank screen; `S` opens the speaker view. */
export function startAudienceSync(deck: RevealApi): void {
  bindSpeakerKey(deck);
  startDeckSync(createDeckStateSource(deck));
}
