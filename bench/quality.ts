/**
 * Slide-quality benchmark (issue 10). Builds a course, opens every deck in
 * Chromium at 1280×720 and prints the measures of the "decks worth teaching
 * from" table: diagram label size, continuation parts, near-empty and sparse
 * slides, slides ending on a lead-in, → reaching every slide, notes; plus
 * slides per lesson and the worst slides of each kind. Asserts nothing.
 *
 *   npx tsx bench/quality.ts [--root slides] [--site DIR (already built)] [--sheets DIR] [--json FILE]
 *
 * `--sheets DIR` also writes one contact sheet (PNG) per deck: every slide,
 * fragments shown, in reading order.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../src/browser/browserService.ts';
import { findBrowserExecutable } from '../src/browser/findBrowser.ts';
import { startStaticServer } from '../src/serve/staticServer.ts';
import { formatSummary, measureOpenDeck, summarise, type DeckQuality } from '../tests/support/deckQuality.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};

function deckPages(site: string): string[] {
  const pages: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== 'assets') walk(full);
      } else if (name.endsWith('.html') && readFileSync(full, 'utf8').includes('class="reveal"')) pages.push(path.relative(site, full).split(path.sep).join('/'));
    }
  };
  walk(site);
  return pages;
}

async function openDeck(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady() === true, undefined, { timeout: 30_000 });
  await page.evaluate(() => document.fonts.ready);
}

async function contactSheet(page: Page, deck: DeckQuality, file: string): Promise<void> {
  const shots: string[] = [];
  for (const slide of deck.slides) {
    await page.evaluate(({ h, v }) => {
      const reveal = (window as unknown as { Reveal: { slide(h: number, v: number, f: number): void; getCurrentSlide(): HTMLElement } }).Reveal;
      reveal.slide(h, v, Number.MAX_SAFE_INTEGER);
      reveal.getCurrentSlide().querySelectorAll('.fragment').forEach((f) => f.classList.add('visible'));
    }, slide);
    shots.push((await page.screenshot({ type: 'jpeg', quality: 70 })).toString('base64'));
  }
  const sheet = await page.context().newPage();
  const cells = deck.slides.map((s, i) => `<figure><img src="data:image/jpeg;base64,${shots[i]}"><figcaption>${i + 1}. ${s.title.replace(/</g, '&lt;')} · ${Math.round(s.contentShare * 100)}%${s.hasNotes ? ' · notes' : ''}</figcaption></figure>`);
  await sheet.setViewportSize({ width: 1700, height: 400 });
  await sheet.setContent(`<style>body{margin:8px;font:12px sans-serif;display:grid;grid-template-columns:repeat(5,1fr);gap:6px}figure{margin:0}img{width:100%;border:1px solid #999}figcaption{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}</style>${cells.join('')}`);
  await sheet.screenshot({ path: file, fullPage: true });
  await sheet.close();
}

async function main(): Promise<void> {
  const root = path.resolve(option('root') ?? path.join(REPO_ROOT, 'slides'));
  let site = option('site');
  let temp: string | undefined;
  let buildSeconds: number | undefined;
  if (!site) {
    temp = mkdtempSync(path.join(tmpdir(), 'ld-quality-'));
    site = path.join(temp, 'site');
    const started = performance.now();
    try {
      execFileSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'lessondeck.js'), 'build', '--root', root, '--out', site], { cwd: REPO_ROOT, stdio: 'ignore' });
    } catch {
      // Diagnostics are not what is measured; a build that wrote a site is measured anyway.
    }
    buildSeconds = (performance.now() - started) / 1000;
  }
  const sheets = option('sheets');
  if (sheets) mkdirSync(sheets, { recursive: true });
  const server = await startStaticServer({ root: site });
  const browser = await chromium.launch({ executablePath: findBrowserExecutable(), args: [...CHROMIUM_ARGS] });
  const decks: DeckQuality[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    for (const deckPage of deckPages(site)) {
      await openDeck(page, `${server.url}/${deckPage}`);
      const deck = await measureOpenDeck(page);
      deck.url = deckPage;
      decks.push(deck);
      if (sheets) await contactSheet(page, deck, path.join(sheets, `${deckPage.replace(/\.html$/, '').replace(/\//g, '__')}.png`));
    }
  } finally {
    await browser.close();
    await server.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
  }

  const summary = summarise(decks);
  console.log(`Course: ${root}${buildSeconds !== undefined ? ` (built in ${buildSeconds.toFixed(1)} s)` : ''}\n`);
  console.log(formatSummary(summary));
  console.log('\nSlides per deck (parts, sparse < 30%, notes on content slides, → reached):');
  for (const d of decks) {
    const content = d.slides.filter((s) => s.kind === 'content');
    console.log(`  ${d.url}: ${d.slides.length} slides, ${d.slides.filter((s) => s.part).length} parts, ${d.slides.filter((s) => s.contentShare < 0.3).length} sparse, notes ${content.filter((s) => s.hasNotes).length}/${content.length}, → ${d.arrowVisited}/${d.slides.length}`);
  }
  const all = decks.flatMap((d) => d.slides.map((s) => ({ deck: d.url, ...s })));
  const worst = <T>(items: T[], key: (t: T) => number, n = 5): T[] => [...items].sort((a, b) => key(a) - key(b)).slice(0, n);
  console.log('\nEmptiest slides:');
  for (const s of worst(all, (s) => s.contentShare)) console.log(`  ${(s.contentShare * 100).toFixed(1)}%  ${s.deck}#/${s.id}`);
  console.log('Smallest diagram labels:');
  for (const s of worst(all.filter((s) => s.diagrams.length), (s) => Math.min(...s.diagrams.map((d) => d.medianLabelPx)))) console.log(`  ${Math.min(...s.diagrams.map((d) => d.medianLabelPx))} px  ${s.deck}#/${s.id}`);
  const leadIns = all.filter((s) => s.endsWithLeadIn);
  if (leadIns.length) console.log(`Ending with a heading or lead-in:\n${leadIns.slice(0, 10).map((s) => `  ${s.deck}#/${s.id}`).join('\n')}`);
  const json = option('json');
  if (json) writeFileSync(json, JSON.stringify({ summary, decks }, null, 2));
}

await main();
