/**
 * Where the site root is, seen from the current page. Every page carries it
 * as `<html data-ld-root="../../">` (relative, so a built site works from any
 * folder or base URL); search, progress and the service worker resolve
 * against it.
 */
export function siteRoot(): URL {
  return new URL(document.documentElement.dataset['ldRoot'] ?? './', location.href);
}

/**
 * The URL of a site page (`module-07/lessons/a:b.html`) under the root: each
 * segment encoded and led by `./`, so a page named like a scheme
 * (`javascript:…`) or a host (`//x`) stays a page of this site.
 */
export function pageUrl(page: string, root: URL = siteRoot(), hash = ''): URL {
  const encoded = page.split('/').map((segment) => encodeURIComponent(segment)).join('/');
  const url = new URL(`./${encoded}${hash}`, root);
  if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) throw new Error(`Not a page of this site: ${page}`);
  return url;
}

/** A URL's path relative to the site root (`module-07/lessons/01-x.html`), or undefined when outside it. */
export function pageFromRoot(href: string | URL, root: URL = siteRoot()): string | undefined {
  const url = new URL(href, location.href);
  if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) return undefined;
  const page = decodeURIComponent(url.pathname.slice(root.pathname.length));
  return page === '' || page.endsWith('/') ? `${page}index.html` : page;
}
