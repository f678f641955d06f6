/**
 * Print view (`?print-pdf`, used by `lessondeck export`): after reveal.js has
 * laid every slide out on its own `.pdf-page`, finish the pages for print:
 *
 *  - wait for the web fonts, then fit each slide (same rules as on screen, see
 *    fit.ts) and size its page again: a slide still taller than a page spans
 *    as many whole pages as it needs (it continues, it is never cut off);
 *  - show code steps in the state the page's fragments are in, and print a
 *    walkthrough's code whole over as many pages as it needs (printWalkthrough.ts);
 *  - give every page its own footer (course · lesson) and slide number;
 *  - drop links into the site (they would point at the exporter's server);
 *  - show every slide to the accessibility tree, which tagged PDFs are made from;
 *  - describe the pages in `data-ld-*` attributes (slide id, title, heading
 *    level, how many PDF pages, the slide's h/v place) for the exporter;
 *  - set `html[data-ld-print="ready"]`: the exporter's explicit readiness signal.
 */
import type { RevealApi } from 'reveal.js';
import './print.css';
import { updateCodeSteps } from './codeSteps.ts';
import { fitSlide } from './fit.ts';
import { expandWalkthroughPages } from './printWalkthrough.ts';

export const PRINT_READY_ATTRIBUTE = 'data-ld-print';

export function initPrint(deck: RevealApi): void {
  if (new URLSearchParams(location.search).has('print-pdf')) markSlidePlaces();
  deck.on('pdf-ready', () => void finishPrintLayout(deck));
}

/**
 * Each slide's place in the deck (h, v) as `data-ld-h`/`data-ld-v`, written
 * before reveal moves the slides onto their pages (which loses the nesting):
 * `export --with-drawings` finds a stroke's page by it.
 */
function markSlidePlaces(): void {
  document.querySelectorAll<HTMLElement>('.reveal .slides > section').forEach((top, h) => {
    const stack = top.querySelectorAll<HTMLElement>(':scope > section');
    const slides = stack.length ? Array.from(stack) : [top];
    slides.forEach((slide, v) => Object.assign(slide.dataset, { ldH: String(h), ldV: String(v) }));
  });
}

async function finishPrintLayout(deck: RevealApi): Promise<void> {
  await document.fonts.ready;
  const config = deck.getConfig();
  const slideHeight = Number(config.height) || 720;
  // The same page height reveal's print view computed (printview.js).
  const pageHeight = Math.floor(slideHeight * (1 + (Number(config.margin) || 0)));
  const heightOffset = Number(config.pdfPageHeightOffset ?? -1);
  const footer = document.querySelector<HTMLElement>('body > .ld-footer');

  const finalState = config.pdfSeparateFragments === false;
  const revealPages = Array.from(document.querySelectorAll<HTMLElement>('.reveal .pdf-page'));
  for (const page of revealPages) updateCodeSteps(page);
  const pages = expandWalkthroughPages(revealPages, finalState).flatMap((page) => {
    const slide = page.querySelector<HTMLElement>(':scope > section');
    return slide ? [{ page, slide }] : [];
  });
  // Reads and writes are done in passes, not page by page: reading a size
  // right after a change makes the browser lay the whole document out again,
  // once per page otherwise.
  for (const { page, slide } of pages) {
    if (footer) page.append(footer.cloneNode(true));
    const heading = slide.querySelector('h1, h2, h3, h4');
    page.dataset.ldSlide = slide.id;
    page.dataset.ldTitle = (heading?.textContent ?? '').trim();
    page.dataset.ldHeading = heading ? heading.tagName.slice(1) : '0';
  }
  // Only a slide that is too tall changes anything here.
  for (const { slide } of pages) fitSlide(slide, slideHeight);
  const contentHeights = pages.map(({ slide }) => slide.scrollHeight);
  pages.forEach(({ page, slide }, i) => {
    const contentHeight = contentHeights[i]!;
    const count = Math.max(1, Math.ceil((contentHeight - 1) / pageHeight));
    page.style.height = `${(pageHeight + heightOffset) * count}px`;
    if (slide.classList.contains('center')) slide.style.top = `${Math.max((pageHeight - contentHeight) / 2, 0)}px`;
    page.dataset.ldPages = String(count);
  });
  // Links into the local site would point at the exporter's temporary server.
  document.querySelectorAll<HTMLAnchorElement>('.reveal a[href]').forEach((a) => {
    if (a.origin === location.origin) a.removeAttribute('href');
  });
  // A tagged PDF is made from the accessibility tree: reveal hides every slide but the current one
  // from it (aria-hidden) and calls the deck an application; on paper every slide is content.
  document.querySelectorAll('.reveal section[aria-hidden]').forEach((section) => section.removeAttribute('aria-hidden'));
  document.querySelector('.reveal[role="application"]')?.removeAttribute('role');
  // A diagram's <figure> only wraps its SVG, which carries the name (role="img", title, desc): one
  // figure with alternative text in the PDF, not an empty one around it.
  document.querySelectorAll('.reveal figure.diagram').forEach((figure) => {
    if (!figure.querySelector('figcaption') && figure.querySelector('svg[role="img"]')) figure.setAttribute('role', 'none');
  });
  // Code steps in their final state read better on paper than dimmed lines.
  if (finalState) {
    document.querySelectorAll('.reveal pre[data-steps] .line.highlighted').forEach((line) => line.classList.remove('highlighted'));
  }
  await new Promise(requestAnimationFrame);
  document.documentElement.setAttribute(PRINT_READY_ATTRIBUTE, 'ready');
}
