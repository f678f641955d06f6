/**
 * Notes on every content slide made from a document: when the document left
 * no prose for a slide's notes (the slide already shows everything), the
 * speaker still gets the document's words for it — its sentences and lists
 * copied, what its code is and the comments that explain it, what its
 * diagram connects — so the speaker view never says "No notes" on a slide
 * the lesson explains. Pure: slide HTML (our own markup) in, notes HTML out.
 */
import type { Deck, Slide } from './model.ts';
import { escapeHtml } from './renderEnv.ts';
import { decodeEntities, htmlToText } from '../search/htmlText.ts';

/** Marks notes copied from the slide, so the speaker view can set them apart from written notes. */
export const SCRIPT_CLASS = 'ld-notes-from-slide';

const MAX_COMMENT_LINES = 6;

interface Element {
  tag: string;
  attrs: string;
  inner: string;
  outer: string;
}

const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'source', 'wbr', 'col', 'area']);

/** The top-level elements (and diagram placeholders, as tag `#diagram`) of an HTML fragment. */
export function topLevelElements(html: string): Element[] {
  const out: Element[] = [];
  const tagPattern = /<!--ld-diagram:(\d+)(?::\d+)?-->|<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w-]*)([^>]*)>/g;
  let depth = 0;
  let start = -1;
  let open: { tag: string; attrs: string; innerStart: number } | undefined;
  for (let m = tagPattern.exec(html); m; m = tagPattern.exec(html)) {
    if (m[1] !== undefined) {
      if (depth === 0) out.push({ tag: '#diagram', attrs: m[1], inner: '', outer: m[0] });
      continue;
    }
    if (m[3] === undefined) continue; // a comment
    const tag = m[3].toLowerCase();
    const closing = m[2] === '/';
    const selfClosing = VOID.has(tag) || /\/\s*$/.test(m[4] ?? '');
    if (!closing) {
      if (depth === 0) {
        start = m.index;
        open = { tag, attrs: m[4] ?? '', innerStart: m.index + m[0].length };
      }
      if (selfClosing) {
        if (depth === 0) out.push({ tag, attrs: m[4] ?? '', inner: '', outer: m[0] });
        continue;
      }
      depth++;
      continue;
    }
    depth--;
    if (depth === 0 && open) {
      out.push({ tag: open.tag, attrs: open.attrs, inner: html.slice(open.innerStart, m.index), outer: html.slice(start, m.index + m[0].length) });
      open = undefined;
    }
  }
  return out;
}

const hasClass = (el: Element, name: string): boolean => new RegExp(`class="[^"]*\\b${name}\\b`).test(el.attrs);

/** Notes HTML for one slide's visible blocks; empty when there is nothing to say. */
export function scriptFor(html: string, describe: (diagramIndex: number) => string): string {
  return topLevelElements(html).map((el) => scriptOf(el, describe)).filter(Boolean).join('');
}

function scriptOf(el: Element, describe: (diagramIndex: number) => string): string {
  if (el.tag === '#diagram') {
    const text = describe(Number(el.attrs));
    return text ? `<p>Diagram — ${escapeHtml(text)}</p>` : '';
  }
  if (/^h[1-6]$/.test(el.tag)) return hasClass(el, 'ld-sr-only') ? '' : `<p><strong>${el.inner.replace(/<span class="ld-continued">[\s\S]*?<\/span>/, '').trim()}</strong></p>`;
  if (el.tag === 'p' || el.tag === 'blockquote') return htmlToText(el.inner) ? `<p>${stripMarkup(el.inner)}</p>` : '';
  if (el.tag === 'ul' || el.tag === 'ol') return `<${el.tag}>${listItems(el.inner)}</${el.tag}>`;
  if (el.tag === 'div' && hasClass(el, 'code-block')) return codeScript(el);
  if (el.tag === 'div' && hasClass(el, 'table-wrap')) return tableScript(el);
  if (el.tag === 'div' || el.tag === 'section' || el.tag === 'figure') return scriptFor(el.inner, describe);
  return '';
}

/** Inline HTML as it was, minus diagram placeholders and fragment markers. */
function stripMarkup(inner: string): string {
  return inner.replace(/<!--[\s\S]*?-->/g, '').replace(/<span class="fragment[^"]*"[^>]*><\/span>/g, '').trim();
}

/** Items as they read on the slide (nested lists flattened into their item, after a dash). */
function listItems(inner: string): string {
  return topLevelElements(inner)
    .filter((el) => el.tag === 'li')
    .map((li) => {
      const nested = topLevelElements(li.inner).filter((c) => c.tag === 'ul' || c.tag === 'ol');
      const own = nested.reduce((text, n) => text.replace(n.outer, ''), li.inner);
      const sub = nested.flatMap((n) => topLevelElements(n.inner).filter((c) => c.tag === 'li').map((c) => htmlToText(c.inner)));
      return `<li>${stripMarkup(own.replace(/<\/?p>/g, ''))}${sub.length ? ` — ${escapeHtml(sub.join('; '))}` : ''}</li>`;
    })
    .join('');
}

/** "Code (dockerfile, 15 lines)" and the comments that explain it, which make good talking points. */
function codeScript(el: Element): string {
  const lang = /data-lang="([^"]+)"/.exec(el.outer)?.[1] ?? /class="[^"]*language-([\w+-]+)/.exec(el.outer)?.[1];
  const lines = [...el.outer.matchAll(/<span class="line[^"]*"[^>]*>([\s\S]*?)<\/span>(?=\n|<\/code>)/g)].map((m) => decodeEntities(m[1]!.replace(/<[^>]+>/g, '')));
  const count = lines.length || (htmlToText(el.inner).match(/\n/g)?.length ?? 0) + 1;
  const comments = lines
    .map((line) => /^\s*(?:#(?!!)|\/\/|--|;)\s?(.+)$/.exec(line)?.[1]?.trim())
    .filter((c): c is string => !!c && /[a-z]/i.test(c))
    .slice(0, MAX_COMMENT_LINES);
  const head = `<p>Code${lang ? ` (${escapeHtml(lang)}, ${count} lines)` : ` (${count} lines)`}${comments.length ? ':' : ''}</p>`;
  return comments.length ? `${head}<ul>${comments.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>` : head;
}

function tableScript(el: Element): string {
  const headers = [...el.inner.matchAll(/<th\b[^>]*>([\s\S]*?)<\/th>/g)].map((m) => htmlToText(m[1]!)).filter(Boolean);
  const rows = (el.inner.match(/<tr\b/g)?.length ?? 0) - (headers.length ? 1 : 0);
  return `<p>Table${headers.length ? ` — ${escapeHtml(headers.join(', '))}` : ''} (${rows} rows)</p>`;
}

/** A document deck with a script on every content slide that has no notes of its own. Slide-first decks keep exactly their own notes. */
export function withSpeakerScripts(deck: Deck, describe: (diagramIndex: number) => string): Deck {
  if (deck.mode === 'slides') return deck;
  return { ...deck, slides: deck.slides.map((slide) => withScript(slide, describe)) };
}

function withScript(slide: Slide, describe: (diagramIndex: number) => string): Slide {
  if (slide.kind !== 'content' || htmlToText(slide.notesHtml) !== '') return slide;
  const body = slide.html.replace(/^\s*<h[1-6][^>]*>[\s\S]*?<\/h[1-6]>/, '');
  const script = scriptFor(body, describe);
  return htmlToText(script) ? { ...slide, notesHtml: `<div class="${SCRIPT_CLASS}">${script}</div>` } : slide;
}
