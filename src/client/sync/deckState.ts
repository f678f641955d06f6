/**
 * One deck's position (slide, fragment, blanked) as plain data, read from and
 * applied to a reveal.js instance. Every sync channel of a page (other windows
 * of the same browser, the follow-mode server) shares one DeckStateSource, so a
 * position applied from one channel is never mistaken for the user's own move
 * and echoed back or counted as "stepped away".
 */
import type { RevealApi } from 'reveal.js';

export interface DeckState {
  h: number;
  v: number;
  /** Fragment index, -1 when none is shown. */
  f: number;
  /** The audience screen is blanked (reveal's pause). */
  blank: boolean;
}

/** How "blank" is read and set: reveal's pause by default, the speaker view keeps its own flag. */
export interface BlankControl {
  get(): boolean;
  set(blank: boolean): void;
}

export type StateListener = (state: DeckState) => void;

export interface DeckStateSource {
  read(): DeckState;
  /** Moves the deck to `state` without reporting it as a local change. */
  apply(state: DeckState): void;
  /** Called (once per burst of reveal events) when the user moved the deck here. */
  onLocalChange(listener: StateListener): void;
  /** Called after every change, local or applied. */
  onAnyChange(listener: StateListener): void;
  /** Call when the blank flag changed outside reveal (the speaker view's own flag). */
  notifyChanged(): void;
}

export function sameState(a: DeckState | undefined | null, b: DeckState | undefined | null): boolean {
  return !!a && !!b && a.h === b.h && a.v === b.v && a.f === b.f && a.blank === b.blank;
}

/** Accepts an unknown value as a DeckState when every field has the right type and range. */
export function asDeckState(value: unknown): DeckState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { h, v, f, blank } = value as Record<string, unknown>;
  const int = (n: unknown, min: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= 10_000;
  if (!int(h, 0) || !int(v, 0) || !int(f, -1) || typeof blank !== 'boolean') return undefined;
  return { h, v, f, blank };
}

const REVEAL_EVENTS = ['ready', 'slidechanged', 'fragmentshown', 'fragmenthidden', 'paused', 'resumed'];

export function revealPauseControl(deck: RevealApi): BlankControl {
  return {
    get: () => deck.isPaused(),
    set: (blank) => deck.togglePause(blank),
  };
}

export function createDeckStateSource(deck: RevealApi, blank: BlankControl = revealPauseControl(deck)): DeckStateSource {
  const local: StateListener[] = [];
  const any: StateListener[] = [];
  let lastApplied: DeckState | undefined;
  let scheduled = false;

  const read = (): DeckState => {
    const i = deck.getIndices();
    return { h: i.h, v: i.v ?? 0, f: typeof i.f === 'number' ? i.f : -1, blank: blank.get() };
  };

  // reveal fires several events per move (slidechanged, fragmentshown…);
  // look once the move is complete, in a microtask.
  const changed = (): void => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      const state = read();
      any.forEach((l) => l(state));
      if (lastApplied && sameState(state, lastApplied)) return;
      lastApplied = undefined;
      local.forEach((l) => l(state));
    });
  };
  for (const type of REVEAL_EVENTS) deck.on(type, changed);

  return {
    read,
    apply(state) {
      const current = read();
      lastApplied = state;
      if (current.h !== state.h || current.v !== state.v || current.f !== state.f) deck.slide(state.h, state.v, state.f);
      if (current.blank !== state.blank) blank.set(state.blank);
      changed();
    },
    onLocalChange: (listener) => void local.push(listener),
    onAnyChange: (listener) => void any.push(listener),
    notifyChanged: changed,
  };
}
