/**
 * The reading view on a phone (390×844), on every deck of the built sample
 * course: it reflows like a document. No horizontal scrolling of the page, no
 * code cut off (it is whole, a long line scrolls sideways inside its box), no
 * gap much taller than a line between one slide's content and the next, the
 * toolbar above the content rather than over it, diagrams as wide as the
 * screen, no code line dimmed. Screenshots of a few screens are attached.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { courseDecks } from '../support/course.ts';
import { expect, openDeck, test } from '../support/fixtures.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DECKS = courseDecks(path.resolve(REPO_ROOT, process.env['LESSONDECK_E2E_COURSE'] ?? 'slides'));
/** Glyph to glyph, a blank line between two lines of text measures about 1.3 line heights. */
const MAX_GAP_LINES = 1.75;

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

interface Layout {
  overflowX: number;
  lineHeight: number;
  gaps: { gap: number; after: string }[];
  clippedCode: string[];
  clippedSlides: string[];
  navBottom: number;
  firstContentTop: number;
  narrowDiagrams: { slide: string; width: number }[];
  dimmed: number;
}

for (const deck of DECKS) {
  test(`${deck.page} reads as a document on a phone`, async ({ page, siteUrl }, testInfo) => {
    await openDeck(page, `${siteUrl}/${deck.page}`);
    await expect(page.locator('body')).toHaveClass(/reveal-scroll/);
    await page.evaluate(() => document.fonts.ready);
    const layout: Layout = await page.evaluate(() => {
      /** The box around what a page shows: text, code boxes, diagrams, images, table cells (the nav and hidden text excluded). */
      const contentBox = (root: Element): { top: number; bottom: number } => {
        let top = Infinity;
        let bottom = -Infinity;
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
        for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
          const el = node instanceof Element ? node : node.parentElement;
          if (!el || el.closest('.ld-sr-only, aside.notes, .ld-zoom-open')) continue;
          let rects: DOMRect[] = [];
          if (node.nodeType === Node.TEXT_NODE) {
            if (!node.textContent?.trim()) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            rects = [...range.getClientRects()];
          } else if (node instanceof SVGSVGElement || node instanceof HTMLImageElement || node instanceof HTMLPreElement || node instanceof HTMLTableCellElement) {
            rects = [node.getBoundingClientRect()];
          }
          for (const r of rects) {
            if (r.width <= 0 || r.height <= 0) continue;
            top = Math.min(top, r.top);
            bottom = Math.max(bottom, r.bottom);
          }
        }
        return { top, bottom };
      };
      const pages = [...document.querySelectorAll<HTMLElement>('.scroll-page')];
      const boxes = pages.map(contentBox);
      const body = document.querySelector('.scroll-page section p, .scroll-page section li');
      const zoom = Number.parseFloat(getComputedStyle(document.querySelector('.scroll-page section')!).zoom) || 1;
      const nav = document.querySelector('.ld-deck-nav')!.getBoundingClientRect();
      return {
        overflowX: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth,
        lineHeight: (body ? Number.parseFloat(getComputedStyle(body).lineHeight) : 38) * zoom,
        gaps: boxes.slice(1).map((b, i) => ({ gap: b.top - boxes[i]!.bottom, after: pages[i]!.querySelector('section')!.id })),
        clippedCode: [...document.querySelectorAll<HTMLElement>('.scroll-page pre')].filter((pre) => {
          const style = getComputedStyle(pre);
          const hiddenRows = pre.scrollHeight > pre.clientHeight + 1;
          const hiddenColumns = pre.scrollWidth > pre.clientWidth + 1 && !/auto|scroll/.test(style.overflowX);
          return hiddenRows || hiddenColumns;
        }).map((pre) => pre.closest('section')!.id),
        clippedSlides: pages.filter((p) => {
          const section = p.querySelector('section')!;
          return section.scrollHeight > section.clientHeight + 1 || section.getBoundingClientRect().bottom > p.getBoundingClientRect().bottom + 1;
        }).map((p) => p.querySelector('section')!.id),
        navBottom: nav.bottom,
        firstContentTop: boxes[0]!.top,
        narrowDiagrams: [...document.querySelectorAll('.scroll-page figure.diagram > svg')]
          .map((svg) => ({ slide: svg.closest('section')!.id, width: svg.getBoundingClientRect().width }))
          .filter((d) => d.width < 0.9 * window.innerWidth),
        dimmed: document.querySelectorAll('.scroll-page pre[data-steps] .line.highlighted').length,
      };
    });

    expect(layout.overflowX, 'the page never scrolls sideways').toBeLessThanOrEqual(0);
    expect(layout.clippedCode, 'slides whose code is cut off').toEqual([]);
    expect(layout.clippedSlides, 'slides whose content is cut off').toEqual([]);
    const tall = layout.gaps.filter((g) => g.gap > MAX_GAP_LINES * layout.lineHeight);
    expect(tall, `gaps between slides taller than ${MAX_GAP_LINES} lines (${layout.lineHeight.toFixed(1)} px)`).toEqual([]);
    expect(layout.navBottom, 'the toolbar is above the first slide, not over it').toBeLessThanOrEqual(layout.firstContentTop);
    expect(layout.narrowDiagrams, 'diagrams narrower than the screen').toEqual([]);
    expect(layout.dimmed, 'stepped code lines highlighted (the others would be dimmed)').toBe(0);

    // A look at a few screens: the top, and a third and two thirds of the way down.
    const height = await page.evaluate(() => document.body.scrollHeight - window.innerHeight);
    for (const share of [0, 1 / 3, 2 / 3]) {
      await page.evaluate((y) => document.body.scrollTo(0, y), Math.round(height * share));
      await page.evaluate(() => new Promise(requestAnimationFrame));
      const file = testInfo.outputPath(`phone-${Math.round(share * 100)}.png`);
      await page.screenshot({ path: file });
      await testInfo.attach(`phone ${Math.round(share * 100)}%`, { path: file, contentType: 'image/png' });
    }
  });
}
