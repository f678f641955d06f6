/**
 * Slide-quality measures of a built deck, computed in the page at 1280×720
 * with every fragment shown (issue 10's table): diagram label size in slide
 * pixels, the share of the slide the content covers, continuation parts,
 * slides that end on a heading or lead-in line, speaker notes, and whether
 * pressing → alone reaches every slide.
 *
 * Shared by the e2e quality test and bench/quality.ts, so the numbers the
 * README quotes are the ones the tests assert.
 */
import type { Page } from 'playwright-core';

export interface DiagramQuality {
  /** Median label font size in slide pixels (1280×720 space). */
  medianLabelPx: number;
  labels: number;
}

export interface SlideQuality {
  id: string;
  h: number;
  v: number;
  title: string;
  kind: 'title' | 'section' | 'content';
  /** A continuation part: its heading carries `(n/m)`. */
  part: boolean;
  /** Share of the 1280×720 slide covered by the box around all its content (heading included). */
  contentShare: number;
  diagrams: DiagramQuality[];
  hasNotes: boolean;
  /** The last thing on the slide is a heading or a lead-in line (`Benefits:`). */
  endsWithLeadIn: boolean;
  /** Taller or wider than the slide (px over). */
  overflowPx: number;
}

export interface DeckQuality {
  url: string;
  mode: string;
  slides: SlideQuality[];
  /** Distinct slides visited by pressing → from the first slide until nothing changes. */
  arrowVisited: number;
}

/** Measures the open (initialised) deck. */
export async function measureOpenDeck(page: Page): Promise<DeckQuality> {
  // tsx (esbuild keepNames) wraps named functions in __name(); give the page a no-op one.
  await page.evaluate('window.__name = (f) => f');
  await page.evaluate(() => {
    const reveal = (window as unknown as { Reveal: { configure(c: object): void } }).Reveal;
    reveal.configure({ transition: 'none', backgroundTransition: 'none' });
  });
  const slides = await page.evaluate(measureSlidesInPage);
  const arrowVisited = await walkWithArrow(page);
  return { url: page.url(), mode: await page.evaluate(() => document.documentElement.dataset['ldMode'] ?? 'document'), slides, arrowVisited };
}

/** Presses → (as a clicker or keyboard would) until the position stops changing. */
async function walkWithArrow(page: Page): Promise<number> {
  await page.evaluate(() => (window as unknown as { Reveal: { slide(h: number, v: number, f?: number): void } }).Reveal.slide(0, 0, -1));
  const seen = new Set<string>();
  let last = '';
  for (let step = 0; step < 5000; step++) {
    const here = await page.evaluate(() => {
      const reveal = (window as unknown as { Reveal: { getCurrentSlide(): HTMLElement; getIndices(): { h: number; v?: number; f?: number } } }).Reveal;
      const i = reveal.getIndices();
      return { id: `${i.h}/${i.v ?? 0}`, at: `${i.h}/${i.v ?? 0}/${i.f ?? -1}` };
    });
    seen.add(here.id);
    if (here.at === last) break;
    last = here.at;
    await page.keyboard.press('ArrowRight');
  }
  return seen.size;
}

/** Runs in the page. */
function measureSlidesInPage(): SlideQuality[] {
  interface RevealApi {
    getSlides(): HTMLElement[];
    getIndices(slide?: Element): { h: number; v?: number };
    slide(h: number, v?: number, f?: number): void;
    getScale(): number;
  }
  const reveal = (window as unknown as { Reveal: RevealApi }).Reveal;
  const W = 1280;
  const H = 720;
  const out: SlideQuality[] = [];
  const median = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length === 0 ? 0 : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  for (const slide of reveal.getSlides()) {
    const { h, v } = reveal.getIndices(slide);
    reveal.slide(h, v ?? 0, Number.MAX_SAFE_INTEGER);
    slide.querySelectorAll('.fragment').forEach((f) => f.classList.add('visible'));
    const origin = slide.getBoundingClientRect();
    const scale = origin.width / W || reveal.getScale() || 1;
    const ignore = (el: Element | null): boolean => !!el?.closest('aside.notes, .ld-sr-only, .ld-code-step, script, style');

    // The box around all ink: text (by range rects), pictures, code and table boxes.
    let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
    const add = (r: DOMRect): void => {
      if (r.width < 0.5 || r.height < 0.5) return;
      left = Math.min(left, r.left); top = Math.min(top, r.top); right = Math.max(right, r.right); bottom = Math.max(bottom, r.bottom);
    };
    const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    while (walker.nextNode()) {
      const node = walker.currentNode as Text;
      if (!node.textContent?.trim() || ignore(node.parentElement) || node.parentElement?.closest('svg, pre')) continue;
      range.selectNodeContents(node);
      for (const r of Array.from(range.getClientRects())) add(r);
    }
    slide.querySelectorAll('svg, img, pre, table, li').forEach((el) => {
      if (ignore(el) || el.closest('svg') !== el && el.tagName.toLowerCase() !== 'svg' && el.closest('svg')) return;
      if (el.tagName.toLowerCase() === 'li') {
        // A bullet's marker is ink too: the item's left edge.
        const r = el.getBoundingClientRect();
        if (r.height > 0) left = Math.min(left, r.left - 4 * scale);
        return;
      }
      add(el.getBoundingClientRect());
    });
    const area = right > left && bottom > top ? ((right - left) * (bottom - top)) / (scale * scale) : 0;

    const diagrams: DiagramQuality[] = [];
    slide.querySelectorAll('figure.diagram svg').forEach((svg) => {
      const sizes: number[] = [];
      svg.querySelectorAll('text').forEach((text) => {
        if (!text.textContent?.trim()) return;
        const box = (text as SVGTextElement).getBoundingClientRect();
        if (box.height === 0) return;
        const ctm = (text as SVGGraphicsElement).getScreenCTM();
        const size = parseFloat(getComputedStyle(text).fontSize) || 16;
        if (ctm) sizes.push((size * Math.hypot(ctm.a, ctm.b)) / scale);
      });
      diagrams.push({ medianLabelPx: Math.round(median(sizes) * 10) / 10, labels: sizes.length });
    });

    const blocks = Array.from(slide.children).filter((el) => !el.matches('aside.notes, .ld-sr-only, script, style') && el.getBoundingClientRect().height > 0);
    const lastBlock = blocks[blocks.length - 1];
    const lastText = (lastBlock?.textContent ?? '').trim();
    const isHeading = !!lastBlock && /^H[1-6]$/.test(lastBlock.tagName);
    const kind = slide.classList.contains('ld-title-slide') ? 'title' : slide.classList.contains('ld-section-slide') ? 'section' : 'content';
    // A section slide that is only its heading is a divider, not a heading left behind.
    const endsWithLeadIn = !!lastBlock && kind !== 'title' && ((isHeading && (blocks.length > 1 || kind === 'content')) || (lastBlock.tagName === 'P' && lastText.endsWith(':') && lastText.length <= 140));
    const notes = slide.querySelector('aside.notes');
    out.push({
      id: slide.id,
      h,
      v: v ?? 0,
      title: (slide.querySelector('h1, h2, h3')?.textContent ?? '').trim(),
      kind,
      part: !!slide.querySelector('.ld-continued'),
      contentShare: Math.round((area / (W * H)) * 1000) / 1000,
      diagrams,
      hasNotes: !!notes && (notes.textContent ?? '').trim().length > 0,
      endsWithLeadIn,
      overflowPx: Math.max(0, slide.scrollHeight - H, slide.scrollWidth - W),
    });
  }
  return out;
}

export interface QualitySummary {
  decks: number;
  slides: number;
  diagrams: number;
  diagramsUnder14: number;
  diagramsUnder10: number;
  smallestLabelPx: number;
  parts: number;
  nearEmpty: number;
  sparse: number;
  leadInEnds: number;
  decksArrowReachesAll: number;
  contentSlides: number;
  contentSlidesWithNotes: number;
  overflowing: number;
}

/** Adds up decks. Notes are counted on content slides of document decks only (slide-first decks keep their own). */
export function summarise(decks: DeckQuality[]): QualitySummary {
  const all = decks.flatMap((d) => d.slides);
  const diagrams = all.flatMap((s) => s.diagrams).filter((d) => d.labels > 0);
  const documentContent = decks.filter((d) => d.mode !== 'slides').flatMap((d) => d.slides.filter((s) => s.kind === 'content'));
  return {
    decks: decks.length,
    slides: all.length,
    diagrams: diagrams.length,
    diagramsUnder14: diagrams.filter((d) => d.medianLabelPx < 14).length,
    diagramsUnder10: diagrams.filter((d) => d.medianLabelPx < 10).length,
    smallestLabelPx: diagrams.length ? Math.min(...diagrams.map((d) => d.medianLabelPx)) : 0,
    parts: all.filter((s) => s.part).length,
    nearEmpty: all.filter((s) => s.contentShare < 0.12).length,
    sparse: all.filter((s) => s.contentShare < 0.3).length,
    leadInEnds: all.filter((s) => s.endsWithLeadIn).length,
    decksArrowReachesAll: decks.filter((d) => d.arrowVisited >= d.slides.length).length,
    contentSlides: documentContent.length,
    contentSlidesWithNotes: documentContent.filter((s) => s.hasNotes).length,
    overflowing: all.filter((s) => s.overflowPx > 1).length,
  };
}

const pct = (n: number, of: number): string => (of ? `${((100 * n) / of).toFixed(1)}%` : '–');

/** The table: measure, value, target. */
export function formatSummary(s: QualitySummary): string {
  const rows: [string, string, string][] = [
    ['decks / slides / diagrams', `${s.decks} / ${s.slides} / ${s.diagrams}`, ''],
    ['diagrams with median label < 14 px', `${pct(s.diagramsUnder14, s.diagrams)} (${s.diagramsUnder14}); < 10 px: ${s.diagramsUnder10}; smallest ${s.smallestLabelPx} px`, '≤ 5%, none < 10 px'],
    ['continuation parts', `${pct(s.parts, s.slides)} (${s.parts})`, '≤ 15%'],
    ['near-empty slides (< 12%)', `${pct(s.nearEmpty, s.slides)} (${s.nearEmpty})`, '≤ 3%'],
    ['sparse slides (< 30%)', `${pct(s.sparse, s.slides)} (${s.sparse})`, '≤ 25%'],
    ['slides ending with a heading or lead-in', String(s.leadInEnds), '0'],
    ['decks where → reaches every slide', `${s.decksArrowReachesAll} of ${s.decks}`, 'all'],
    ['content slides with notes (documents)', `${pct(s.contentSlidesWithNotes, s.contentSlides)} (${s.contentSlidesWithNotes} of ${s.contentSlides})`, '≥ 80%'],
    ['slides overflowing 1280×720', String(s.overflowing), '0'],
  ];
  return ['| measure | value | target |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
