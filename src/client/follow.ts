/**
 * Follow mode, client side, for pages served by `lessondeck present`. It is
 * switched on per browser tab by the URLs that command prints: `?follow` (the
 * audience) or `?present=TOKEN` (the presenter); the tab remembers it
 * (sessionStorage) while moving between decks. Without either, as on any plain
 * static server, this does nothing.
 *
 * The presenter's tab keeps the token and drives everyone; every other tab
 * follows the presenter's deck, slide and fragment. A follower who moves on
 * their own (keys, links) steps away; the "Follow presenter" button or the F
 * key brings them back.
 */
import './follow.css';
import { parsePosition, SYNC_PATH, type Position, type Role } from '../present/protocol.ts';
import type { DeckState, DeckStateSource } from './sync/deckState.ts';
import { browserId } from './classroom/browserId.ts';
import { connected, disconnected, received, type ServerData } from './classroom/connection.ts';

const TOKEN_KEY = 'lessondeck:present-token';
const DETACHED_KEY = 'lessondeck:follow-detached';
const FOLLOW_KEY = 'lessondeck:follow';

/** `/a/` and `/a/index.html` are the same page. */
export function pagePath(pathname: string): string {
  return pathname.endsWith('/') ? `${pathname}index.html` : pathname;
}

/** URL of another deck at a position; keeps this page's query (e.g. `?speaker`). */
export function deckUrl(position: Position, search: string): string {
  const hash = position.f >= 0 ? `#/${position.h}/${position.v}/${position.f}` : `#/${position.h}/${position.v}`;
  return `${position.deck}${search}${hash}`;
}

/** The sync server's WebSocket URL when this tab takes part in follow mode. */
function syncUrl(): string | undefined {
  const params = new URLSearchParams(location.search);
  if (params.has('follow') || params.has('present')) session(FOLLOW_KEY, '1');
  if (session(FOLLOW_KEY) !== '1') return undefined;
  const url = new URL(SYNC_PATH, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

function session(key: string, value?: string | null): string | null {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else if (value !== undefined) sessionStorage.setItem(key, value);
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Takes `?present=TOKEN` out of the address bar (so it is not shared by copying the URL) into this tab's storage. */
function takeToken(): string | null {
  const url = new URL(location.href);
  const token = url.searchParams.get('present');
  if (token === null) return session(TOKEN_KEY);
  url.searchParams.delete('present');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  return session(TOKEN_KEY, token);
}

function createBadge(): { status(text: string, kind: string): void; rejoin: HTMLButtonElement } {
  const bar = document.createElement('div');
  bar.className = 'ld-follow';
  bar.innerHTML = '<span class="ld-follow-status" role="status"></span><button type="button" class="ld-follow-rejoin" hidden>Follow presenter (F)</button>';
  document.body.append(bar);
  const status = bar.querySelector<HTMLElement>('.ld-follow-status')!;
  return {
    status(text, kind) {
      status.textContent = text;
      bar.dataset.kind = kind;
    },
    rejoin: bar.querySelector<HTMLButtonElement>('.ld-follow-rejoin')!,
  };
}

export function startFollow(source?: DeckStateSource): void {
  const url = syncUrl();
  if (!url) return;
  const token = takeToken();
  const badge = createBadge();
  const here = pagePath(location.pathname);
  let socket: WebSocket | undefined;
  let role: Role | undefined;
  let presenter: Position | null = null;
  let retryMs = 500;
  const detached = (value?: boolean): boolean => session(DETACHED_KEY, value === undefined ? undefined : value ? '1' : null) === '1';

  const showRole = (): void => {
    const away = role === 'follower' && detached();
    badge.rejoin.hidden = !away;
    if (role === 'presenter') badge.status('Presenting', 'presenter');
    else if (role === 'follower') badge.status(away ? 'Browsing on your own' : 'Following the presenter', away ? 'away' : 'follower');
  };

  const send = (state: DeckState): void => {
    if (role !== 'presenter' || socket?.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ type: 'state', state: { deck: here, ...state } }));
  };

  /** Moves this page to `position`: in place on the same deck, else by loading the other deck. */
  const go = (position: Position): void => {
    if (pagePath(position.deck) !== here) {
      // Only ever a page of this site: a deck such as `//evil.example/x.html` moves nobody.
      const target = new URL(deckUrl(position, location.search), location.href);
      if (target.origin === location.origin) location.assign(target.href);
      return;
    }
    source?.apply({ h: position.h, v: position.v, f: position.f, blank: position.blank });
  };

  const onPosition = (position: Position | null): void => {
    presenter = position;
    if (!position) return;
    if (role === 'presenter' || !detached()) go(position);
  };

  const rejoin = (): void => {
    detached(false);
    showRole();
    if (presenter) go(presenter);
  };

  source?.onLocalChange((state) => {
    if (role === 'presenter') send(state);
    else if (role === 'follower' && !detached()) {
      detached(true);
      showRole();
    }
  });
  badge.rejoin.addEventListener('click', rejoin);
  window.addEventListener('keydown', (event) => {
    // F is reveal's fullscreen key; only while browsing on one's own does it mean "follow again".
    if (event.key.toLowerCase() !== 'f' || role !== 'follower' || !detached() || event.ctrlKey || event.metaKey || event.altKey) return;
    if ((event.target as Element | null)?.closest?.('dialog')) return;
    event.preventDefault();
    event.stopPropagation();
    rejoin();
  }, true);
  // Following a link is stepping away on purpose.
  document.addEventListener('click', (event) => {
    if (role === 'follower' && (event.target as Element | null)?.closest('a[href]')) detached(true);
  }, true);

  const connect = (): void => {
    badge.status('Connecting…', 'offline');
    socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      retryMs = 500;
      socket?.send(JSON.stringify(token ? { type: 'hello', token, client: browserId() } : { type: 'hello', client: browserId() }));
    });
    socket.addEventListener('message', (event: MessageEvent) => {
      let data: { type?: unknown; role?: unknown; state?: unknown };
      try {
        data = JSON.parse(String(event.data)) as typeof data;
      } catch {
        return;
      }
      const position = data.state == null ? null : parsePosition(data.state);
      if (data.type === 'welcome') {
        role = data.role === 'presenter' ? 'presenter' : 'follower';
        showRole();
        if (role === 'presenter' && source) send(source.read());
        else onPosition(position?.ok ? position.value : null);
        const open = socket;
        connected(role, (text) => open?.readyState === WebSocket.OPEN && open.send(text), data as ServerData);
      } else if (data.type === 'state' && position?.ok) {
        onPosition(position.value);
      } else if (typeof data.type === 'string') {
        received(data as ServerData);
      }
    });
    socket.addEventListener('close', () => {
      role = undefined;
      disconnected();
      badge.status('Reconnecting…', 'offline');
      // Jittered, so a room of followers whose server restarted does not knock all at once.
      setTimeout(connect, retryMs * (0.8 + Math.random() * 0.4));
      retryMs = Math.min(retryMs * 2, 5_000);
    });
  };
  connect();
}
