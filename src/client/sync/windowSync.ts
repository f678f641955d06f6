/**
 * Keeps every window of this browser that shows the same deck (the audience
 * deck, its speaker view) at the same position, both ways, with a
 * BroadcastChannel named after the deck's path: two different decks never
 * share a channel, so they never drive each other.
 *
 * A window that opens (or reloads) says hello and adopts the position of the
 * first window that answers; with no other window it restores its own last
 * position from sessionStorage (the URL hash alone lags: reveal writes it at
 * most once a second and does not record the blank screen).
 */
import { asDeckState, sameState, type DeckState, type DeckStateSource } from './deckState.ts';

type WindowMessage = { type: 'hello'; from: string } | { type: 'state'; from: string; state: DeckState; reply?: boolean };

export function channelName(pathname: string = location.pathname): string {
  return `lessondeck:${pathname}`;
}

function storageKey(pathname: string): string {
  return `lessondeck:position:${pathname}`;
}

function loadSaved(pathname: string): DeckState | undefined {
  try {
    const raw = sessionStorage.getItem(storageKey(pathname));
    return raw ? asDeckState(JSON.parse(raw)) : undefined;
  } catch {
    return undefined;
  }
}

function save(pathname: string, state: DeckState): void {
  try {
    sessionStorage.setItem(storageKey(pathname), JSON.stringify(state));
  } catch {
    // Storage full or disabled: restoring after reload falls back to the URL hash.
  }
}

function parseMessage(data: unknown): WindowMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  if (typeof m.from !== 'string') return undefined;
  if (m.type === 'hello') return { type: 'hello', from: m.from };
  const state = m.type === 'state' ? asDeckState(m.state) : undefined;
  return state ? { type: 'state', from: m.from, state, reply: m.reply === true } : undefined;
}

export function startWindowSync(source: DeckStateSource, pathname: string = location.pathname): () => void {
  const saved = loadSaved(pathname);
  if (saved && !sameState(saved, source.read())) source.apply(saved);
  source.onAnyChange((state) => save(pathname, state));
  if (typeof BroadcastChannel !== 'function') return () => {};

  const id = Math.random().toString(36).slice(2);
  const channel = new BroadcastChannel(channelName(pathname));
  let adopted = false;
  const post = (message: WindowMessage): void => channel.postMessage(message);

  channel.onmessage = (event: MessageEvent) => {
    const message = parseMessage(event.data);
    if (!message || message.from === id) return;
    if (message.type === 'hello') {
      post({ type: 'state', from: id, state: source.read(), reply: true });
      return;
    }
    // Of several answers to our hello, the first wins; live moves always win.
    if (message.reply && adopted) return;
    adopted = true;
    if (!sameState(message.state, source.read())) source.apply(message.state);
  };
  source.onLocalChange((state) => {
    adopted = true;
    post({ type: 'state', from: id, state });
  });
  post({ type: 'hello', from: id });
  return () => channel.close();
}
