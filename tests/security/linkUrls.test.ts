/**
 * `--safe` XSS through link rewriting: a link or a file name that looks like a
 * scheme (`./javascript:…;x.md`, a file called `javascript:…;x.md`) must become
 * an encoded path of this site on every page (decks, index, search), never a
 * `javascript:` URL. Every href is checked the way a browser resolves it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildSite, type Site } from '../../src/site/buildSite.ts';
import { buildCourseSite } from '../../src/site/viteBuild.ts';
import { BrowserService } from '../../src/browser/browserService.ts';
import { startStaticServer } from '../../src/serve/staticServer.ts';
import { serializeSearchIndex } from '../../src/search/buildIndex.ts';
import { encodePath, isDangerousHref, relativeHref } from '../../src/course/siteUrl.ts';
import { relativeUrl, resolveLink } from '../../src/course/links.ts';
import { pageUrl } from '../../src/client/siteRoot.ts';
import { tempCourse, type TempCourse } from './tempCourse.ts';

const EVIL = 'javascript:window.x=1;x';
const SITE = 'http://127.0.0.1:4300/';

/** Every href/src in a page, resolved as the browser would from that page. */
function resolvedUrls(html: string, page: string): URL[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => new URL(m[1]!.replace(/&amp;/g, '&'), new URL(`./${encodePath(page)}`, SITE)));
}

describe('generated URLs', () => {
  it('are encoded and relative with an explicit lead', () => {
    expect(relativeUrl('m/lessons/01.html', `m/lessons/${EVIL}.html`)).toBe('./javascript%3Awindow.x%3D1%3Bx.html');
    expect(relativeHref('a#b/50%.html')).toBe('./a%23b/50%25.html');
    expect(relativeHref('../q?.html')).toBe('../q%3F.html');
    expect(encodePath('x/../y')).toBe('x/../y');
    expect(() => relativeHref('')).not.toThrow();
  });

  it('a rewritten link is scheme-checked after rewriting', () => {
    const { href } = resolveLink(`./${EVIL}.md`, 'm/lessons/01.md', new Set([`m/lessons/${EVIL}.md`]));
    expect(new URL(href, `${SITE}m/lessons/01.html`).protocol).toBe('http:');
    for (const bad of ['javascript:x', ' JaVaScRiPt:x', 'java\tscript:x', 'data:text/html,x', 'vbscript:x']) expect(isDangerousHref(bad)).toBe(true);
    for (const ok of ['./javascript%3Ax.html', '#/x', 'https://x.example/', 'mailto:a@b.c']) expect(isDangerousHref(ok)).toBe(false);
  });

  it('the client builds page URLs of this site only', () => {
    const root = new URL(SITE);
    expect(pageUrl(`${EVIL}.html`, root).protocol).toBe('http:');
    expect(pageUrl('//evil.example/x.html', root).origin).toBe(root.origin);
  });
});

describe('a course with scheme-like names under --safe', () => {
  let course: TempCourse;
  let site: Site;

  beforeAll(async () => {
    course = await tempCourse({
      'module-01/README.md': '# Module\n',
      'module-01/lessons/01-a.md': `# A\n\n## Links\n\n- [handout](./${EVIL}.md)\n- [other](${EVIL}.md#top)\n`,
      [`module-01/lessons/${EVIL}.md`]: '# Evil lesson\n\n## Top\n\nText.\n',
      [`${EVIL}.md`]: '# Evil page\n\nText.\n',
      'module-01/lessons/50%-off #1?.md': '# Odd name\n\nText.\n',
      'module-01/lessons/02-b.md': '# B\n\n## Links\n\n- [odd](./50%25-off%20%231%3F.md)\n',
    });
    site = await buildSite(course.root, { safe: true, fit: false, cacheDir: false });
  });
  afterAll(() => course.remove());

  it('no page has a javascript: href, and every link to a deck reaches its page', () => {
    expect(site.pages.size).toBeGreaterThanOrEqual(4);
    for (const [page, html] of site.pages) {
      for (const url of resolvedUrls(html, page)) {
        expect(url.protocol, `${page}: ${url.href}`).toBe('http:');
        expect(url.origin).toBe(new URL(SITE).origin);
      }
    }
    const deck = site.pages.get('module-01/lessons/01-a.html')!;
    const targets = resolvedUrls(deck, 'module-01/lessons/01-a.html').map((u) => decodeURIComponent(u.pathname.slice(1)));
    expect(targets).toContain(`module-01/lessons/${EVIL}.html`);
    const index = resolvedUrls(site.pages.get('index.html')!, 'index.html').map((u) => decodeURIComponent(u.pathname.slice(1)));
    expect(index).toEqual(expect.arrayContaining([`${EVIL}.html`, `module-01/lessons/${EVIL}.html`, 'module-01/lessons/50%-off -1-.html']));
    // A link that spells an odd name with escapes reaches the page that name is published as.
    expect(site.diagnostics.filter((d) => d.rule === 'broken-link')).toEqual([]);
    const fromB = resolvedUrls(site.pages.get('module-01/lessons/02-b.html')!, 'module-01/lessons/02-b.html').map((u) => decodeURIComponent(u.pathname.slice(1)));
    expect(fromB).toContain('module-01/lessons/50%-off -1-.html');
  });

  it('the search index names pages the client turns into URLs of this site', () => {
    const decks = (JSON.parse(serializeSearchIndex(site.course)) as { decks: { page: string }[] }).decks;
    for (const deck of decks) expect(pageUrl(deck.page, new URL(SITE)).protocol).toBe('http:');
  });

  it('Vite builds every odd name into the page its links point at', async () => {
    const out = path.join(course.base, 'site');
    await buildCourseSite({ root: course.root, out, safe: true, fit: false, offline: false, cacheDir: false });
    for (const page of [`${EVIL}.html`, `module-01/lessons/${EVIL}.html`, 'module-01/lessons/50%-off -1-.html']) expect(existsSync(path.join(out, page)), page).toBe(true);
  });

  it('in Chromium, clicking the link on the deck and the card on the index opens the page and runs nothing', async () => {
    const server = await startStaticServer({ root: path.join(course.base, 'site') });
    const browser = await BrowserService.launch({ allowOrigins: [server.url] });
    try {
      await browser.withPage(async (page) => {
        const clickAndLand = async (from: string, selector: string) => {
          await page.goto(`${server.url}/${from}`);
          await Promise.all([page.waitForURL((url) => url.pathname.endsWith('x.html') && url.pathname !== `/${from}`), page.locator(selector).first().evaluate((a) => (a as HTMLAnchorElement).click())]);
          expect(await page.evaluate(() => (window as unknown as { x?: number }).x)).toBeUndefined();
          return decodeURIComponent(new URL(page.url()).pathname);
        };
        expect(await clickAndLand('module-01/lessons/01-a.html', 'a[href*="javascript"]')).toBe(`/module-01/lessons/${EVIL}.html`);
        expect(await clickAndLand('index.html', `a.ld-deck-link[href^="./javascript"]`)).toBe(`/${EVIL}.html`);
      });
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
