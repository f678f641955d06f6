/**
 * How a deck gets to its speaker view: `<deck>.html?speaker` (works opened
 * directly, e.g. on a second screen, no popup needed), or the `S` key, which
 * opens that URL in a new window and, when a popup blocker stops it, shows a
 * link to it instead.
 */
import type { RevealApi } from 'reveal.js';

export function speakerViewRequested(search: string = location.search): boolean {
  return new URLSearchParams(search).has('speaker');
}

/** This page's URL with `?speaker` added (or removed), keeping the other parameters and the hash. */
export function withSpeakerParam(href: string, speaker: boolean): string {
  const url = new URL(href);
  if (speaker) url.searchParams.set('speaker', '');
  else url.searchParams.delete('speaker');
  return url.pathname + url.search.replace(/speaker=(&|$)/, 'speaker$1') + url.hash;
}

const S_KEY = 83;

function showBlockedNotice(href: string): void {
  document.querySelector('.ld-speaker-notice')?.remove();
  const notice = document.createElement('p');
  notice.className = 'ld-speaker-notice';
  notice.setAttribute('role', 'status');
  const link = document.createElement('a');
  link.href = href;
  link.target = '_blank';
  link.textContent = 'Open the speaker view';
  notice.append(link, ' (the browser blocked the new window).');
  document.body.append(notice);
  link.addEventListener('click', () => notice.remove());
  setTimeout(() => notice.remove(), 10_000);
}

export function bindSpeakerKey(deck: RevealApi): void {
  deck.addKeyBinding({ keyCode: S_KEY, key: 'S', description: 'Speaker view' }, () => {
    const href = withSpeakerParam(location.href, true);
    const opened = window.open(href, `lessondeck-speaker:${location.pathname}`);
    if (!opened) showBlockedNotice(href);
  });
}
