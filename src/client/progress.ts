/**
 * What a student has seen, kept in localStorage only (nothing leaves the
 * browser): the last slide of every deck they opened, and which deck was
 * opened last. Keyed by the site root, so two courses on one host stay apart.
 */
export interface DeckVisit {
  /** Slide id: open it again with `page#/slide`. */
  slide: string;
  slideTitle: string;
  deckTitle: string;
  /** When it was seen (ms since the epoch). */
  at: number;
}

export interface Progress {
  decks: Record<string, DeckVisit>;
  /** Page of the deck seen last. */
  last?: string;
}

export function progressKey(root: URL): string {
  return `lessondeck:progress:${root.pathname}`;
}

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage disabled (privacy settings): remember nothing
  }
}

export function readProgress(root: URL): Progress {
  try {
    const parsed: unknown = JSON.parse(storage()?.getItem(progressKey(root)) ?? 'null');
    if (parsed && typeof parsed === 'object' && 'decks' in parsed && parsed.decks && typeof parsed.decks === 'object') return parsed as Progress;
  } catch {
    // unreadable: start over
  }
  return { decks: {} };
}

export function recordVisit(root: URL, page: string, visit: DeckVisit): void {
  const progress = readProgress(root);
  progress.decks[page] = visit;
  progress.last = page;
  try {
    storage()?.setItem(progressKey(root), JSON.stringify(progress));
  } catch {
    // quota or disabled storage: remembering is a convenience, never an error
  }
}

/** The deck seen last, with its page, for "continue where you left off". */
export function lastVisit(progress: Progress): (DeckVisit & { page: string }) | undefined {
  const page = progress.last;
  const visit = page ? progress.decks[page] : undefined;
  return page && visit ? { ...visit, page } : undefined;
}
