/**
 * Long code as a walkthrough, client side, in real Chromium: a deck of the
 * built sample course with two walkthrough slides made by the real renderer
 * (tests/support/walkthroughFixture.ts) spliced in after its first slide, the
 * way the build marks code too long for its slide. Checked: the code window
 * on the slide follows each step, in the speaker view and its NEXT preview
 * too; the reading view shows the code whole and undimmed; the print view
 * (PDF export, handouts) prints all of it, continued over pages, never cut
 * mid-line, in the final state and one step a page.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openDeck, test } from '../support/fixtures.ts';
import { addWalkthroughSlides, goToSlide, specLines, walkthroughSlides, windowFacts, type WalkthroughSlide } from '../support/walkthroughFixture.ts';

const DECK = 'module-07/slide-first/quick-reference.html';

let slides: WalkthroughSlide[];

test.beforeAll(async () => {
  slides = await walkthroughSlides();
});

async function openWithWalkthroughs(page: Page, url: string): Promise<void> {
  await addWalkthroughSlides(page, DECK, slides);
  await openDeck(page, url);
}

test('on the slide, the code window shows its lines and scrolls to each step, forward and back', async ({ page, siteUrl }) => {
  await openWithWalkthroughs(page, `${siteUrl}/${DECK}`);
  for (const slide of slides) {
    await goToSlide(page, slide.id);
    const first = await windowFacts(page, slide.id);
    expect(first.total, `${slide.id}: the code is longer than its window`).toBeGreaterThan(slide.window);
    expect(first.inView, `${slide.id}: the window shows the first ${slide.window} lines`).toEqual(specLines(`1-${slide.window}`));
    const seen = new Set<number>();
    for (const [n, spec] of slide.steps.entries()) {
      // Reduced motion (the suite's default): the window is there as soon as the key is handled.
      if (n > 0) await page.keyboard.press('ArrowRight');
      const facts = await windowFacts(page, slide.id);
      expect(facts.highlighted, `${slide.id} step ${n + 1}`).toEqual(specLines(spec));
      for (const line of facts.highlighted) expect(facts.inView, `${slide.id} step ${n + 1}: line ${line} is in the window`).toContain(line);
      expect(facts.inView.length).toBeLessThanOrEqual(slide.window);
      facts.inView.forEach((line) => seen.add(line));
    }
    expect(seen.size, `${slide.id}: stepping shows every line`).toBe(first.total);
    // Back one step: its lines are in view again.
    await page.keyboard.press('ArrowLeft');
    const back = await windowFacts(page, slide.id);
    for (const line of specLines(slide.steps.at(-2)!)) expect(back.inView).toContain(line);
  }
});

test('without reduced motion the window glides to the step and ends in the same place', async ({ page, siteUrl }) => {
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await openWithWalkthroughs(page, `${siteUrl}/${DECK}`);
  const slide = slides[0]!;
  await goToSlide(page, slide.id);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const wanted = specLines(slide.steps[2]!);
  await expect.poll(async () => (await windowFacts(page, slide.id)).inView).toEqual(expect.arrayContaining(wanted));
});

test('speaker view: the current slide and the NEXT preview show the code window where → takes it', async ({ page, siteUrl }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openWithWalkthroughs(page, `${siteUrl}/${DECK}?speaker`);
  await expect(page.locator('body[data-ld-speaker="ready"]')).toBeAttached();
  const slide = slides[0]!;
  await goToSlide(page, slide.id);
  for (let n = 1; n < slide.steps.length; n++) {
    await expect(page.locator('.ld-speaker-next .ld-speaker-label')).toHaveText('Next: same slide, next step');
    const preview = await windowFacts(page, slide.id, '.ld-preview-deck');
    expect(preview.highlighted, `NEXT before step ${n + 1}`).toEqual(specLines(slide.steps[n]!));
    await page.keyboard.press('ArrowRight');
    const shown = await windowFacts(page, slide.id);
    expect(shown.highlighted).toEqual(preview.highlighted);
    expect(shown.inView, `step ${n + 1}: the deck's window is the one NEXT showed`).toEqual(preview.inView);
    expect(Math.abs(shown.scrollTop - preview.scrollTop)).toBeLessThanOrEqual(1);
  }
});

/** Colours of the tokens of each line of slide `id`'s walkthrough (only the highlighted lines when `focused`). */
function tokenColours(page: Page, id: string, focused: boolean): Promise<Record<number, string[]>> {
  return page.evaluate(({ id, focused }) => {
    const pre = document.getElementById(id)!.querySelector('.code-block[data-ld-walkthrough] > pre')!;
    const out: Record<number, string[]> = {};
    for (const line of pre.querySelectorAll<HTMLElement>('.line')) {
      if (focused && !line.classList.contains('highlighted')) continue;
      out[Number(line.dataset.line)] = [...line.querySelectorAll('span')].map((s) => getComputedStyle(s).color);
    }
    return out;
  }, { id, focused });
}

test('reading view: the code is shown whole, no window, every line as it looks in focus', async ({ page, siteUrl }) => {
  // How each line looks while its step is the current one, on the slides.
  await openWithWalkthroughs(page, `${siteUrl}/${DECK}`);
  const inFocus: Record<string, Record<number, string[]>> = {};
  for (const slide of slides) {
    await goToSlide(page, slide.id);
    inFocus[slide.id] = {};
    for (let n = 0; n < slide.steps.length; n++) {
      if (n > 0) await page.keyboard.press('ArrowRight');
      Object.assign(inFocus[slide.id]!, await tokenColours(page, slide.id, true));
    }
  }

  await page.setViewportSize({ width: 390, height: 844 });
  await openDeck(page, `${siteUrl}/${DECK}`);
  await expect(page.locator('body')).toHaveClass(/reveal-scroll/);
  for (const slide of slides) {
    const facts = await page.evaluate((id) => {
      const pre = document.querySelector<HTMLElement>(`#${id} .code-block[data-ld-walkthrough] > pre`)!;
      return { overflowY: pre.scrollHeight - pre.clientHeight, highlighted: pre.querySelectorAll('.line.highlighted').length };
    }, slide.id);
    expect(facts.overflowY, `${slide.id}: every line shows, no inner scrolling`).toBeLessThanOrEqual(1);
    expect(facts.highlighted, `${slide.id}: no step is highlighted`).toBe(0);
    const colours = await tokenColours(page, slide.id, false);
    expect(Object.keys(colours)).toHaveLength(slide.lines.length);
    expect(colours, `${slide.id}: no line is dimmed`).toEqual(inFocus[slide.id]);
  }
});

interface PrintedPage {
  slide: string;
  title: string;
  lines: number[];
  /** A shown line reaches outside its code box or its page. */
  clipped: boolean;
}

async function printedPages(page: Page, siteUrl: string, withSteps: boolean): Promise<PrintedPage[]> {
  await openWithWalkthroughs(page, `${siteUrl}/${DECK}?print-pdf&pdfSeparateFragments=${withSteps}&showSlideNumber=print&margin=0`);
  await page.waitForFunction(() => document.documentElement.getAttribute('data-ld-print') === 'ready');
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.reveal .pdf-page')].map((p) => {
      const pre = p.querySelector('.code-block[data-ld-walkthrough] > pre');
      const shown = pre ? [...pre.querySelectorAll<HTMLElement>('.line')].filter((l) => l.getBoundingClientRect().height > 0) : [];
      const box = pre?.getBoundingClientRect();
      const pageBox = p.getBoundingClientRect();
      return {
        slide: p.dataset.ldSlide ?? '',
        title: p.querySelector('section h2')?.textContent?.trim() ?? '',
        lines: shown.map((l) => Number(l.dataset.line)),
        clipped: shown.some((l) => {
          const r = l.getBoundingClientRect();
          return r.bottom > Math.min(box!.bottom, pageBox.bottom) + 0.5 || r.top < box!.top - 0.5;
        }),
      };
    }),
  );
}

test('print, final state: the whole code over as many pages as it needs, continued, whole lines only; the PDF has every line in order', async ({ page, siteUrl }) => {
  const pages = await printedPages(page, siteUrl, false);
  for (const slide of slides) {
    const own = pages.filter((p) => p.slide === slide.id);
    expect(own.length, `${slide.id}: pages`).toBeGreaterThanOrEqual(Math.ceil(slide.lines.length / slide.window));
    expect(own.flatMap((p) => p.lines), `${slide.id}: every line once, in order`).toEqual(specLines(`1-${slide.lines.length}`));
    own.forEach((p, i) => {
      expect(p.lines.length, `${slide.id} page ${i + 1}: at most one window of lines`).toBeLessThanOrEqual(slide.window);
      expect(p.clipped, `${slide.id} page ${i + 1}: no line cut off`).toBe(false);
      expect(p.title, `${slide.id} page ${i + 1}: heading`).toBe(i === 0 ? slide.title : `${slide.title} (continued)`);
    });
    // Consecutive pages: the exporter counts them as one slide.
    const first = pages.findIndex((p) => p.slide === slide.id);
    expect(pages.slice(first, first + own.length).every((p) => p.slide === slide.id)).toBe(true);
  }

  // The same pages as a real PDF, read back.
  await page.emulateMedia({ media: 'print' });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ld-walkthrough-'));
  const file = path.join(dir, 'deck.pdf');
  await writeFile(file, await page.pdf({ width: '1280px', height: '720px', printBackground: true }));
  const pdfPages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
  expect(pdfPages).toBe(pages.length);
  const squash = (t: string): string => t.replace(/\s+/g, '');
  const text = squash(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }));
  for (const slide of slides) {
    let at = 0;
    for (const line of slide.lines.map(squash).filter((l) => l.length > 6)) {
      const found = text.indexOf(line, at);
      expect(found, `"${line}" is in the PDF after the line before it`).toBeGreaterThanOrEqual(at);
      at = found + line.length;
    }
  }
});

test('print with steps: one page per step, each showing the window at its step', async ({ page, siteUrl }) => {
  const pages = await printedPages(page, siteUrl, true);
  for (const slide of slides) {
    const own = pages.filter((p) => p.slide === slide.id);
    expect(own).toHaveLength(slide.steps.length);
    own.forEach((p, i) => {
      expect(p.lines.length).toBeLessThanOrEqual(slide.window);
      expect(p.clipped).toBe(false);
      expect(p.lines, `${slide.id} step ${i + 1} page shows the step`).toEqual(expect.arrayContaining(specLines(slide.steps[i]!)));
    });
  }
});
