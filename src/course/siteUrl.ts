/**
 * Every URL lessondeck writes into a page for a path of the site: each path
 * segment percent-encoded (a file may be called `javascript:x=1;a.md`, `50%.md`
 * or `a#b.md`), and always relative with an explicit `./` or `../` lead, so no
 * generated href can ever be read as a scheme (`javascript:`), a host (`//x`)
 * or a query/fragment of another page. Scheme-checked after it is built.
 */

/** `module 1/a:b.html` → `module%201/a%3Ab.html` (slashes kept, everything else in a segment encoded). */
export function encodePath(posixPath: string): string {
  return posixPath.split('/').map((segment) => (segment === '.' || segment === '..' ? segment : encodeURIComponent(segment))).join('/');
}

/** An href for a relative site path: encoded, with `./` unless it climbs (`../`). */
export function relativeHref(posixPath: string): string {
  const encoded = encodePath(posixPath);
  return assertNoScheme(encoded.startsWith('../') || encoded.startsWith('./') ? encoded : `./${encoded}`);
}

/** Starts like `name:` (a scheme) or `//` (another host); what a generated href must never do. */
const SCHEME_OR_HOST = /^(?:[a-z][a-z0-9+.-]*:|[\\/]{2})/i;

/** A bug guard: a generated href that could leave the site (or run script) is refused outright. */
export function assertNoScheme(href: string): string {
  if (SCHEME_OR_HOST.test(asBrowsersRead(href))) throw new Error(`lessondeck generated the href "${href}", which could be read as a scheme or another host. This is a bug in lessondeck; please report it.`);
  return href;
}

/** Schemes that run script or read local files when a link is followed. */
const DANGEROUS_SCHEME = /^(?:javascript|vbscript|data|file|blob):/i;

/** Whether following this href (as a browser parses it: controls and whitespace ignored) runs script or reads local files. */
export function isDangerousHref(href: string): boolean {
  return DANGEROUS_SCHEME.test(asBrowsersRead(href));
}

/** A URL as browsers parse its scheme: control characters, spaces and DEL dropped (`java\tscript:` is `javascript:`). */
function asBrowsersRead(href: string): string {
  return [...href].filter((c) => c.charCodeAt(0) > 0x20 && c.charCodeAt(0) !== 0x7f).join('');
}
