/**
 * The measuring page: a blank reveal.js deck at the slide size, styled with
 * the deck's CSS (fitStyles.ts), served from a fake origin by a route handler
 * so it works offline. Pages are pooled per theme by the browser service, so
 * the CSS and fonts load once per build.
 */
import { readFile } from 'node:fs/promises';
import type { Page, Route } from 'playwright-core';
import type { BrowserService } from '../browser/browserService.ts';
import type { Theme } from '../render/themes.ts';
import type { FitStyles } from './fitStyles.ts';
import { FIT_ORIGIN } from './fitStyles.ts';
import type { JobResult, PageInput } from './page/types.ts';
import type { PageScript } from './pageScript.ts';

export const SLIDE_WIDTH = 1280;
export const SLIDE_HEIGHT = 720;

export async function measureInBrowser(browser: BrowserService, theme: Theme, styles: FitStyles, script: PageScript, input: Omit<PageInput, 'width' | 'height'>): Promise<JobResult[]> {
  return browser.withPage(
    async (page) => {
      await preparePage(page, theme, styles, script);
      return page.evaluate((pageInput) => (window as unknown as { lessondeckFit: { fitSlides(i: PageInput): JobResult[] } }).lessondeckFit.fitSlides(pageInput), { ...input, width: SLIDE_WIDTH, height: SLIDE_HEIGHT });
    },
    { reuseKey: `fit:${theme.name}:${styles.hash}:${script.hash}`, viewport: { width: SLIDE_WIDTH, height: SLIDE_HEIGHT } },
  );
}

/** Idempotent: a pooled page that is already set up is left alone. */
async function preparePage(page: Page, theme: Theme, styles: FitStyles, script: PageScript): Promise<void> {
  const ready = await page.evaluate(() => document.documentElement.dataset.ldFitReady === '1').catch(() => false);
  if (ready) return;
  // For debugging the layout page: its console.log lines on stderr.
  if (process.env['LESSONDECK_FIT_DEBUG']) page.on('console', (m) => process.stderr.write(`[layout page] ${m.text()}\n`));
  await page.route(`${FIT_ORIGIN}/**`, (route) => serve(route, theme, styles));
  await page.goto(`${FIT_ORIGIN}/`);
  await page.evaluate(async (fonts) => {
    await Promise.all(fonts.map((f) => document.fonts.load(f)));
    await document.fonts.ready;
  }, styles.fonts);
  await page.addScriptTag({ content: script.code });
  // tsx (esbuild keepNames) wraps named functions in __name(); give the page a no-op one.
  await page.evaluate('window.__name = (f) => f; document.documentElement.dataset.ldFitReady = "1"');
}

async function serve(route: Route, theme: Theme, styles: FitStyles): Promise<void> {
  const { pathname } = new URL(route.request().url());
  if (pathname === '/') {
    const html = `<!doctype html><html lang="en" data-theme="${theme.name}" data-code-theme="${theme.codeTheme}"><head><meta charset="utf-8"><style>${styles.css}</style></head>
<body class="reveal-viewport"><div class="reveal slide"><div class="slides"></div></div></body></html>`;
    return route.fulfill({ contentType: 'text/html', body: html });
  }
  const file = styles.fontFiles.get(pathname);
  if (!file) return route.abort('blockedbyclient');
  try {
    return await route.fulfill({ contentType: file.endsWith('.woff2') ? 'font/woff2' : 'font/woff', body: await readFile(file) });
  } catch {
    return route.fulfill({ status: 404, body: '' });
  }
}
