/**
 * The link map: where each markdown file's deck lands in the built site, and
 * how a relative `.md` link in one lesson becomes a link to another deck.
 */
import path from 'node:path';

/** Output page (relative to the site root) for a markdown file (relative to the course root). */
export function deckPathForFile(file: string): string {
  const posix = toPosix(file);
  if (/^readme\.md$/i.test(posix)) return 'index.html';
  if (/(^|\/)readme\.md$/i.test(posix)) return posix.replace(/readme\.md$/i, 'index.html');
  return posix.replace(/\.(md|markdown)$/i, '.html');
}

export function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

/** Relative URL from one site page to another, e.g. `../labs/lab-01.html`. */
export function relativeUrl(fromPage: string, toPage: string): string {
  const fromDir = path.posix.dirname(fromPage);
  const rel = path.posix.relative(fromDir, toPage);
  return rel === '' ? path.posix.basename(toPage) : rel;
}

export interface LinkResolution {
  href: string;
  /** Set when the link points at a markdown file that is not part of the course. */
  broken?: string;
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/**
 * Rewrites a link found in `fromFile`. Links to course `.md` files go to their
 * deck; `#anchor` becomes reveal's `#/anchor` (slide ids are heading slugs).
 */
export function resolveLink(href: string, fromFile: string, courseFiles: ReadonlySet<string>): LinkResolution {
  if (href === '' || EXTERNAL.test(href) || href.startsWith('/')) return { href };
  const hashAt = href.indexOf('#');
  const target = hashAt === -1 ? href : href.slice(0, hashAt);
  const anchor = hashAt === -1 ? '' : href.slice(hashAt + 1);
  const revealAnchor = anchor ? `#/${anchor}` : '';
  if (target === '') return { href: revealAnchor || href };
  if (!/\.(md|markdown)$/i.test(target.split('?')[0] ?? '')) return { href };

  const targetFile = path.posix.normalize(path.posix.join(path.posix.dirname(toPosix(fromFile)), decodeURI(target)));
  const fromPage = deckPathForFile(fromFile);
  const toPage = deckPathForFile(targetFile);
  const rewritten = relativeUrl(fromPage, toPage) + revealAnchor;
  if (!courseFiles.has(targetFile)) return { href: rewritten, broken: targetFile };
  return { href: rewritten };
}
