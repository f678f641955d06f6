/**
 * The link map: where each markdown file's deck lands in the built site, and
 * how a relative `.md` link in one lesson becomes a link to another deck.
 */
import path from 'node:path';
import { relativeHref } from './siteUrl.ts';

/**
 * Output page (relative to the site root) for a markdown file (relative to the course root).
 * `?` and `#` cannot be in a page's file name (every bundler and server reads them as a query
 * or a fragment), so they become `-`; other characters are kept and encoded in links.
 */
export function deckPathForFile(file: string): string {
  const posix = toPosix(file).replace(/[?#]/g, '-');
  if (/^readme\.md$/i.test(posix)) return 'index.html';
  if (/(^|\/)readme\.md$/i.test(posix)) return posix.replace(/readme\.md$/i, 'index.html');
  return posix.replace(/\.(md|markdown)$/i, '.html');
}

export function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

/**
 * Relative URL from one site page to another, e.g. `../labs/lab-01.html` or
 * `./02-x.html`: encoded, and never readable as a scheme (see siteUrl.ts).
 */
export function relativeUrl(fromPage: string, toPage: string): string {
  const fromDir = path.posix.dirname(fromPage);
  const rel = path.posix.relative(fromDir, toPage);
  return relativeHref(rel === '' ? path.posix.basename(toPage) : rel);
}

export interface LinkResolution {
  href: string;
  /** Set when the link points at a markdown file that is not part of the course. */
  broken?: string;
}

export interface LinkTarget {
  /** The markdown file a link points at (the linking file itself for a bare `#anchor`). */
  file: string;
  /** The anchor without `#` (a slide id of the target), when there is one. */
  anchor?: string;
}

/** Where a link to a lesson (`b.md#x`, `#x`) points; undefined for other links. */
export function linkTarget(href: string, fromFile: string): LinkTarget | undefined {
  const parts = splitLink(href);
  if (!parts) return undefined;
  if (parts.target === '') return parts.anchor ? { file: toPosix(fromFile), anchor: parts.anchor } : undefined;
  const file = path.posix.normalize(path.posix.join(path.posix.dirname(toPosix(fromFile)), decodePathSegments(parts.target)));
  return { file, ...(parts.anchor ? { anchor: parts.anchor } : {}) };
}

/** A relative link split into file and anchor; undefined for external, absolute or non-markdown links. */
function splitLink(href: string): { target: string; anchor: string } | undefined {
  if (href === '' || EXTERNAL.test(href) || href.startsWith('/')) return undefined;
  const hashAt = href.indexOf('#');
  const target = hashAt === -1 ? href : href.slice(0, hashAt);
  const anchor = hashAt === -1 ? '' : href.slice(hashAt + 1);
  if (target !== '' && !/\.(md|markdown)$/i.test(target.split('?')[0] ?? '')) return undefined;
  return { target, anchor };
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** `a%23b.md` → `a#b.md`: every escape decoded (decodeURI keeps `%23`, `%3F`); a malformed one is kept as written. */
function decodePathSegments(target: string): string {
  return target.split('/').map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }).join('/');
}

/**
 * Rewrites a link found in `fromFile`. Links to course `.md` files go to their
 * deck; `#anchor` becomes reveal's `#/anchor` (slide ids are heading slugs).
 */
export function resolveLink(href: string, fromFile: string, courseFiles: ReadonlySet<string>): LinkResolution {
  const target = linkTarget(href, fromFile);
  if (!target) return { href };
  const revealAnchor = target.anchor ? `#/${target.anchor}` : '';
  if (splitLink(href)!.target === '') return { href: revealAnchor };
  const rewritten = relativeUrl(deckPathForFile(fromFile), deckPathForFile(target.file)) + revealAnchor;
  if (!courseFiles.has(target.file)) return { href: rewritten, broken: target.file };
  return { href: rewritten };
}
