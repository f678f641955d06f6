/**
 * Links by site URL in Jekyll pages (`/docs/lesson-2/`, often written
 * `{{ site.baseurl }}/docs/lesson-2/`): the page that URL serves — by its
 * `permalink`, or by Jekyll's default `path.html` / `path/` — is found among
 * the course files and the link becomes a relative `.md` link, which the
 * link map then turns into a deck link (and `check` verifies).
 */
import path from 'node:path';
import type { MarkdownIt } from 'markdown-it';
import { envOf } from './tokens.ts';

export function siteUrlCandidates(url: string): string[] {
  const clean = url.replace(/[?#].*$/, '');
  const noSlash = clean.replace(/\/+$/, '');
  return [clean, `${noSlash}/`, noSlash, `${noSlash}.html`, noSlash.replace(/\.html$/, '')];
}

export function jekyllLinksPlugin(md: MarkdownIt): void {
  md.core.ruler.after('inline', 'ld_jekyll_links', (state) => {
    const env = envOf(state);
    const urls = env.dialect?.siteUrls;
    if (!env.dialect?.dialects.jekyll || !urls || urls.size === 0) return;
    for (const token of state.tokens) {
      for (const child of token.children ?? []) {
        if (child.type !== 'link_open') continue;
        const href = String(child.attrGet('href') ?? '');
        if (!href.startsWith('/') || href.startsWith('//')) continue;
        const file = siteUrlCandidates(href).map((u) => urls.get(u)).find(Boolean);
        if (!file) continue;
        const hash = /#.*$/.exec(href)?.[0] ?? '';
        child.attrSet('href', `${path.posix.relative(path.posix.dirname(env.file), file) || path.posix.basename(file)}${hash}`);
      }
    }
  });
}

/** The URLs Jekyll would serve a course file at: its permalink, or its path as `.html` and as a folder. */
export function jekyllUrlsOf(file: string, permalink: unknown): string[] {
  if (typeof permalink === 'string' && permalink.startsWith('/') && !permalink.includes(':')) return siteUrlCandidates(permalink);
  const withoutExt = `/${file.replace(/\.(md|markdown)$/i, '')}`;
  const dir = /\/(index|readme)$/i.test(withoutExt) ? withoutExt.replace(/\/(index|readme)$/i, '/') : undefined;
  if (withoutExt.toLowerCase() === '/index' || withoutExt.toLowerCase() === '/readme') return ['/'];
  return dir ? siteUrlCandidates(dir) : siteUrlCandidates(withoutExt);
}
