/**
 * One deck → its slides PDF, printed by Chromium from the built site through
 * reveal's print view (`?print-pdf`): one page per slide at 1280×720 px
 * (13.333 × 7.5 in, 16:9), fragments in their final state or one page per
 * step, vector text with embedded fonts, inline-SVG diagrams. The client's
 * print module (src/client/print.ts) fits each slide, adds footers and page
 * numbers, then sets `html[data-ld-print="ready"]`; we wait for that flag,
 * never for a network-idle guess.
 */
import type { Page } from 'playwright-core';
import { withTimeout } from '../withTimeout.ts';
import type { SlideDrawing } from '../present/drawingsFile.ts';
import { drawOnPrintedPages, printedDrawings } from './printDrawings.ts';
import { pageImages } from './pageImages.ts';
import { readSlideContent, type SlideContent } from './slideContent.ts';

export interface PrintedSlide {
  id: string;
  title: string;
  /** 1–4 for a slide cut at that heading level, 0 when it has no heading. */
  headingLevel: number;
  /** The slide's speaker notes (`aside.notes`) as HTML; empty when none. */
  notesHtml: string;
  /** Index of the slide's first page in the slides PDF. */
  firstPage: number;
  /** PDF pages the slide takes: >1 for steps or a slide taller than a page. */
  pages: number;
}

export interface PrintedDeck {
  pdf: Uint8Array;
  /** The deck page printed (its origin serves the fonts and styles that sheets reuse). */
  url: string;
  pageCount: number;
  slides: PrintedSlide[];
  /** Deck title and course title from the page's `#ld-deck` config. */
  title: string;
  course: string;
  lang: string;
  /** The site's @font-face rules with absolute URLs, for pages we lay out ourselves. */
  fontFaceCss: string;
  /** Per printed page, a JPEG of it (handouts show these instead of the vector page). */
  thumbnails?: Uint8Array[];
  /** Per slide page, what is on it (handouts set its code and diagrams large). */
  content?: SlideContent[];
  /** The laid-out print view as HTML, for printing the course as one document. */
  snapshot?: PrintSnapshot;
}

/** A deck's print view after layout, with every URL absolute, to be put in another document. */
export interface PrintSnapshot {
  /** Attributes of `<html>` (class, data-theme…). */
  htmlAttributes: Record<string, string>;
  /** Stylesheet URLs, in order. */
  stylesheets: string[];
  /** `<style>` elements' text (reveal's `@page` rule among them). */
  styles: string[];
  /** The `.reveal` element. */
  revealHtml: string;
}

export interface PrintDeckOptions {
  /** One page per fragment step instead of the final state. */
  withSteps?: boolean;
  /** Max wait for the print layout, ms. */
  timeout?: number;
  /** A tagged PDF (structure tree from the DOM, for screen readers) with an outline from the headings. */
  tagged?: boolean;
  /** Also take a JPEG of each page (for handouts). */
  forHandouts?: boolean;
  /** Also read the pages' content (handouts, PPTX); it leaves the print view open in `page`. */
  readContent?: boolean;
  /** Print the PDF (default true; a PPTX alone needs only the laid-out page). */
  pdf?: boolean;
  /** Also keep the laid-out print view as HTML (for the course PDF). */
  snapshot?: boolean;
  /** Pen drawings of a `present` session, drawn over their slides' pages (`export --with-drawings`). */
  drawings?: readonly SlideDrawing[];
}

export const SLIDE_WIDTH_PX = 1280;
export const SLIDE_HEIGHT_PX = 720;

export function printUrl(deckUrl: string, withSteps: boolean): string {
  // Query parameters override reveal's config (reveal reads them at initialize).
  return `${deckUrl}?print-pdf&pdfSeparateFragments=${withSteps}&showSlideNumber=print&margin=0`;
}

interface PageInfo {
  pages: { id: string; title: string; heading: number; pages: number }[];
  notes: Record<string, string>;
  title: string;
  course: string;
  lang: string;
  fontFaceCss: string;
}

/**
 * Opens a deck's print view in `page` and waits for its print layout (the
 * page's own readiness flag, not its load event). The slides PDF, the PPTX and
 * the PNG export all start from this laid-out DOM.
 */
export async function openPrintView(page: Page, deckUrl: string, options: PrintDeckOptions = {}): Promise<void> {
  const timeout = options.timeout ?? 60_000;
  const errors: string[] = [];
  const onError = (error: Error) => errors.push(error.message);
  page.on('pageerror', onError);
  try {
    await page.setViewportSize({ width: SLIDE_WIDTH_PX, height: SLIDE_HEIGHT_PX });
    const url = printUrl(deckUrl, !!options.withSteps);
    // A tab the browser opened at this URL when it started (BrowserServiceOptions.startUrl) is already loading it.
    const status = page.url() === url ? await page.evaluate(navigationStatus) : (await page.goto(url, { timeout, waitUntil: 'commit' }))?.status();
    if (status === undefined || status >= 400) throw new Error(`Could not open ${deckUrl} for printing: HTTP ${status ?? 'no response'}`);
    await withTimeout(page.evaluate(waitForPrintLayout), timeout, 'timed out').catch((error: unknown) => {
      throw new Error(`${deckUrl} did not finish its print layout within ${timeout / 1000} s${errors.length ? ` (page errors: ${errors.join('; ')})` : ''}: ${(error as Error).message}`);
    });
    if (options.drawings?.length) await page.evaluate(drawOnPrintedPages, { drawings: printedDrawings(options.drawings), slideHeight: SLIDE_HEIGHT_PX });
  } finally {
    page.off('pageerror', onError);
  }
}

/** What the open print view says about its pages (ids, titles, notes, fonts). */
export async function readPrintedDeck(page: Page): Promise<Omit<PrintedDeck, 'pdf' | 'url'>> {
  return toPrintedDeck(await page.evaluate(readPrintInfo));
}

export async function printDeck(page: Page, deckUrl: string, options: PrintDeckOptions = {}): Promise<PrintedDeck> {
  await openPrintView(page, deckUrl, options);
  const info = await readPrintedDeck(page);
  // The outline is ours (outline.ts, slidesOutline): Chromium's drops spaces in wrapped headings.
  const pdf = options.pdf === false ? new Uint8Array() : await page.pdf({ preferCSSPageSize: true, printBackground: true, ...(options.tagged ? { tagged: true } : {}) });
  const snapshot = options.snapshot ? await page.evaluate(snapshotPrintView) : undefined;
  const printed: PrintedDeck = { pdf, url: deckUrl, ...info, ...(snapshot ? { snapshot } : {}) };
  if (options.readContent || options.forHandouts) await readPrintedContent(page, printed, { thumbnails: !!options.forHandouts });
  return printed;
}

/**
 * Adds what handouts and the PPTX need to `printed`, from its print view still open in `page`:
 * the slides' content and (for handouts) a JPEG of each page. After printing: reading the
 * content marks picture elements (data-ld-shot), which must not reach the PDF.
 */
export async function readPrintedContent(page: Page, printed: PrintedDeck, options: { thumbnails: boolean }): Promise<void> {
  printed.content ??= await readSlideContent(page);
  if (options.thumbnails) printed.thumbnails ??= await pageImages(page, { type: 'jpeg', quality: 80, scale: 0.5 });
}

function toPrintedDeck(info: PageInfo): Omit<PrintedDeck, 'pdf' | 'url'> {
  const slides: PrintedSlide[] = [];
  let pageIndex = 0;
  for (const p of info.pages) {
    const last = slides.at(-1);
    // With steps, one slide prints as several consecutive pages.
    if (last && last.id === p.id) last.pages += p.pages;
    else slides.push({ id: p.id, title: p.title, headingLevel: p.heading, notesHtml: info.notes[p.id] ?? '', firstPage: pageIndex, pages: p.pages });
    pageIndex += p.pages;
  }
  return { pageCount: pageIndex, slides, title: info.title, course: info.course, lang: info.lang, fontFaceCss: info.fontFaceCss };
}

/** Runs in the page: the HTTP status its document came with (0 when the browser does not say: taken as fine). */
function navigationStatus(): number {
  const entry = performance.getEntriesByType('navigation')[0] as (PerformanceNavigationTiming & { responseStatus?: number }) | undefined;
  return entry?.responseStatus || 200;
}

/**
 * Runs in the page: resolves once `html[data-ld-print="ready"]` is set (by
 * src/client/print.ts). A plain evaluate rather than Playwright's polling
 * waitForFunction, which would first load its helper script into the page.
 */
function waitForPrintLayout(): Promise<void> {
  // Right after the navigation commits, the new document may not have its <html> element yet.
  const isReady = (): boolean => document.documentElement?.getAttribute('data-ld-print') === 'ready';
  if (isReady()) return Promise.resolve();
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!isReady()) return;
      observer.disconnect();
      resolve();
    });
    // The document, not <html>: <html> may be created after this starts watching.
    observer.observe(document, { attributes: true, attributeFilter: ['data-ld-print'], childList: true, subtree: true });
  });
}

/** Runs in the page. */
function snapshotPrintView(): PrintSnapshot {
  const reveal = document.querySelector('.reveal')!.cloneNode(true) as HTMLElement;
  // Relative URLs would resolve against the other document's address.
  const original = Array.from(document.querySelector('.reveal')!.querySelectorAll<HTMLElement>('[src], a[href]'));
  Array.from(reveal.querySelectorAll<HTMLElement>('[src], a[href]')).forEach((el, i) => {
    const from = original[i] as HTMLElement & { src?: string; href?: string };
    if (el.hasAttribute('src') && typeof from.src === 'string') el.setAttribute('src', from.src);
    if (el.tagName === 'A' && typeof from.href === 'string') el.setAttribute('href', from.href);
  });
  return {
    htmlAttributes: Object.fromEntries(Array.from(document.documentElement.attributes).map((a) => [a.name, a.value])),
    stylesheets: Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')).map((l) => l.href),
    // The page's own styles, not the ones inside diagrams (they travel with their SVG).
    styles: Array.from(document.querySelectorAll('style')).filter((s) => !s.closest('.reveal')).map((s) => s.textContent ?? ''),
    revealHtml: reveal.outerHTML,
  };
}

/** Runs in the page. */
function readPrintInfo(): PageInfo {
  const pages = Array.from(document.querySelectorAll<HTMLElement>('.reveal .pdf-page')).map((p) => ({
    id: p.dataset.ldSlide ?? '',
    title: p.dataset.ldTitle ?? '',
    heading: Number(p.dataset.ldHeading ?? 0),
    pages: Number(p.dataset.ldPages ?? 1),
  }));
  const notes: Record<string, string> = {};
  for (const { id } of pages) {
    if (id in notes) continue;
    const aside = document.getElementById(id)?.querySelector(':scope > aside.notes');
    notes[id] = aside?.innerHTML.trim() ?? '';
  }
  let config: { title?: string; course?: string } = {};
  try {
    config = JSON.parse(document.getElementById('ld-deck')?.textContent ?? '{}') as typeof config;
  } catch {
    // A page without config still prints; titles fall back to the document's.
  }
  const fontFaces: string[] = [];
  for (const sheet of Array.from(document.styleSheets)) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue;
    }
    const base = sheet.href ?? document.baseURI;
    for (const rule of Array.from(rules)) {
      if (rule instanceof CSSFontFaceRule) {
        fontFaces.push(rule.cssText.replace(/url\("?([^")]+)"?\)/g, (_m, url: string) => `url("${new URL(url, base).href}")`));
      }
    }
  }
  return {
    pages,
    notes,
    title: config.title ?? document.title,
    course: config.course ?? '',
    lang: document.documentElement.lang || 'en',
    fontFaceCss: fontFaces.join('\n'),
  };
}
