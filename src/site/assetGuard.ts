/**
 * The last look at a page before Vite gets it: Vite copies every local file a
 * page's HTML names (`<img src>`, `<link href>`, `srcset`, `poster`, `url()`
 * in styles…) straight from disk, so each such URL is checked against the
 * course jail first. A refused one (outside the course after symlinks, or a
 * symlink under --safe) is replaced by an empty `data:,` URL, which Vite
 * leaves alone, and reported at the slide that names it.
 *
 * Markdown images are refused earlier, while slicing, with their exact line;
 * this pass catches what raw HTML and dialects (layouts, backgrounds) write.
 */
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import { refusalOf, type CourseJail } from '../course/courseJail.ts';

/** An opening tag and its name. */
const TAG = /<([a-z][\w:-]*)\b[^>]*>/gi;
/** Attributes whose local URLs Vite resolves and copies. */
const URL_ATTRIBUTE = /(\s(?:src|href|poster|data|xlink:href)\s*=\s*)(["'])([^"']*)\2/gi;
const SRCSET_ATTRIBUTE = /(\s(?:srcset|imagesrcset)\s*=\s*)(["'])([^"']*)\2/gi;
const CSS_URL = /(url\(\s*)(["']?)([^"')]*)\2(\s*\))/gi;

/** Our own URLs (client code, themes, the icon): not files of the course. */
const OWN_PREFIXES = ['/@lessondeck/', '/favicon.svg'];

export interface GuardedPage {
  html: string;
  /** Each refused URL once, with why. */
  refused: { url: string; reason: string }[];
}

/** `page` is the page's path from the site root (`m/lessons/a.html`); URLs are judged as Vite would resolve them from it. */
export function guardPageAssets(html: string, page: string, jail: CourseJail): GuardedPage {
  const refused = new Map<string, string>();
  const verdict = (url: string): string | undefined => {
    const target = localTarget(url, page);
    if (target === undefined) return undefined;
    const reason = refusalOf(jail.check(target));
    if (reason) refused.set(url, reason);
    return reason;
  };
  const guardUrls = (text: string): string => text
    .replace(URL_ATTRIBUTE, (whole, lead: string, quote: string, url: string) => (verdict(decodeEntities(url)) ? `${lead}${quote}data:,${quote}` : whole))
    .replace(SRCSET_ATTRIBUTE, (whole, lead: string, quote: string, list: string) => {
      const kept = list.split(',').filter((candidate) => !verdict(decodeEntities(candidate.trim().split(/\s+/)[0] ?? '')));
      return kept.length === list.split(',').length ? whole : `${lead}${quote}${kept.join(',')}${quote}`;
    });
  const guarded = html
    // A link (`<a href>`) is followed by the reader, never copied by Vite: only other tags' URLs are files.
    .replace(TAG, (whole, name: string) => (/^(?:a|area)$/i.test(name) ? whole : guardUrls(whole)))
    .replace(CSS_URL, (whole, open: string, quote: string, url: string, close: string) => (verdict(decodeEntities(url)) ? `${open}${quote}data:,${quote}${close}` : whole));
  return { html: guarded, refused: [...refused].map(([url, reason]) => ({ url, reason })) };
}

/** Located errors for a deck's refused URLs: at the first slide whose source names the URL, else at line 1. */
export function refusedAssetDiagnostics(file: string, refused: GuardedPage['refused'], slides: readonly { html: string; notesHtml: string; source: { line: number } }[]): Diagnostic[] {
  return refused.map(({ url, reason }) => {
    const slide = slides.find((s) => s.html.includes(url) || s.notesHtml.includes(url));
    return { file, line: slide?.source.line ?? 1, column: 1, severity: 'error' as const, rule: 'unsafe-path', message: `"${url}" is not copied into the site: ${reason}` };
  });
}

/** The course-relative path a URL names on disk, or undefined for URLs that name no course file. */
function localTarget(url: string, page: string): string | undefined {
  const trimmed = url.trim();
  if (trimmed === '' || /^(?:[a-z][a-z0-9+.-]*:|[\\/]{2}|#)/i.test(trimmed)) return undefined;
  if (OWN_PREFIXES.some((prefix) => trimmed.startsWith(prefix))) return undefined;
  let pathPart = trimmed.replace(/[?#].*$/s, '');
  try {
    pathPart = decodeURIComponent(pathPart);
  } catch {
    // An undecodable escape is judged as written.
  }
  return pathPart.startsWith('/') ? pathPart.replace(/^\/+/, '') : path.posix.join(path.posix.dirname(page), pathPart);
}

function decodeEntities(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}
