/**
 * `lessondeck export` end to end: the real CLI prints decks of the site that
 * global-setup built (`--site`), in real Chromium, and the PDFs are checked
 * by reading them — poppler (pdftotext, pdfinfo, pdftoppm) for text, page
 * counts, metadata and pixels; pdf-lib for the bookmark outline and links.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { printPieces } from '../../src/client/codeWalkthrough.ts';
import { readOutline } from '../../src/export/outline.ts';
import { readStructure } from '../support/pdfStructure.ts';
import { readPng } from '../support/png.ts';
import { lookDifference } from '../support/pngCompare.ts';
import { strFromU8, unzipSync } from 'fflate';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(REPO_ROOT, 'bin', 'lessondeck.js');
const LESSON = 'module-07/lessons/01-packaging-distribution';
const SMALL_DECK = 'module-07/slide-first/quick-reference';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through playwright.config.ts`);
  return value;
}

interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

function startCli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<CliResult> } {
  // Own process group, so a kill reaches Chromium too.
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...extraEnv } });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, output })));
  return { child, done };
}

async function runCli(args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<CliResult> {
  const result = await startCli(args, extraEnv).done;
  expect(result.code, `lessondeck ${args.join(' ')}\n${result.output}`).toBe(0);
  return result;
}

const pdfText = (file: string, first?: number, last?: number): string =>
  execFileSync('pdftotext', [...(first ? ['-f', String(first)] : []), ...(last ? ['-l', String(last)] : []), file, '-'], { encoding: 'utf8' });

function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Object.fromEntries(out.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
}

const pageCount = (file: string): number => Number(pdfInfo(file)['Pages']);

/**
 * The smallest text on each page, in pt, from poppler's word boxes: a box is
 * the font's ascent + descent tall, 1.16 em (DejaVu) to 1.32 em (JetBrains
 * Mono) for the fonts here, so height / 1.16 over-states a size by at most 0.3 pt.
 */
function smallestTextPt(file: string): { page: number; pt: number; word: string }[] {
  const xml = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return xml.split('<page ').slice(1).map((pageXml, i) => {
    let smallest = { page: i + 1, pt: Infinity, word: '' };
    for (const m of pageXml.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      const pt = (Number(m[2]) - Number(m[1])) / 1.16;
      if (pt < smallest.pt) smallest = { page: i + 1, pt, word: m[3]! };
    }
    return smallest;
  });
}

async function checkTagged(file: string, what: string): Promise<{ types: Map<string, number>; alts: string[] }> {
  const structure = await readStructure(await readFile(file));
  expect(structure.tagged, `${what} is tagged`).toBe(true);
  expect(structure.lang, `${what} says its language`).toBe('en');
  const types = new Map<string, number>();
  for (const e of structure.elements) types.set(e.type, (types.get(e.type) ?? 0) + 1);
  return { types, alts: structure.elements.filter((e) => e.type === 'Figure').map((e) => e.alt ?? '') };
}

/** Share of non-white pixels of a page rendered small and grey (PGM). */
async function inkRatio(file: string, page: number): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ld-png-'));
  execFileSync('pdftoppm', ['-gray', '-r', '20', '-f', String(page), '-l', String(page), '-singlefile', file, path.join(dir, 'p')]);
  const pgm = await readFile(path.join(dir, 'p.pgm'));
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('not a PGM');
  const pixels = pgm.subarray(header[0].length);
  let ink = 0;
  for (const value of pixels) if (value < 200) ink++;
  return ink / pixels.length;
}

/** Whitespace-free, so line breaks in the PDF's text layer do not matter. */
const squash = (text: string): string => text.replace(/\s+/g, '').replace(/[‐-―]/g, '-');

function decodeEntities(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

interface DeckFacts {
  slideCount: number;
  /** Slide pages printed in the final state: one per slide, plus one per further piece of a walkthrough's code. */
  printedPages: number;
  titles: string[];
  notes: string[];
  /** Handout rows beyond one per printed page: a row for the code of each page with code, one per diagram. */
  detailRows: number;
  /** The diagrams' accessible names (their SVG <title>). */
  diagramNames: string[];
  tables: number;
}

/** Extra printed pages of the walkthroughs in a slide's HTML (printWalkthrough.ts: one page per piece of the code). */
function walkthroughExtraPages(sectionHtml: string): number {
  let extra = 0;
  for (const [, pre] of sectionHtml.matchAll(/<div class="code-block" data-ld-walkthrough[^>]*>(<pre[\s\S]*?<\/pre>)/g)) {
    const window = Number(/data-ld-window="(\d+)"/.exec(pre!)?.[1] ?? 14);
    const starts = (/data-steps="([^"]*)"/.exec(pre!)?.[1] ?? '').split('|').map((step) => Number.parseInt(step, 10)).filter((n) => n > 0);
    const lines = (pre!.match(/<span class="line[\s"]/g) ?? []).length;
    extra += printPieces(lines, window, starts).length - 1;
  }
  return extra;
}

/** What the built deck page says: leaf slides (sections with an id), their headings and notes. */
async function deckFacts(page: string): Promise<DeckFacts> {
  const html = await readFile(path.join(env('LESSONDECK_E2E_SITE_DIR'), `${page}.html`), 'utf8');
  const sections = [...html.matchAll(/<section id="[^"]+"[^>]*>([\s\S]*?)<\/section>/g)].map((m) => m[1]!);
  const titles = sections.map((s) => /<h[1-3][^>]*>([\s\S]*?)<\/h[1-3]>/.exec(s)?.[1] ?? '').map((t) => decodeEntities(t).trim()).filter(Boolean);
  // Written notes only: a speaker script copied from the slide's own words (ld-notes-from-slide) is on the slide too.
  const notes = sections.map((s) => /<aside class="notes">([\s\S]*?)<\/aside>/.exec(s)?.[1]).filter((n): n is string => !!n && !n.includes('ld-notes-from-slide')).map((n) => decodeEntities(n).replace(/\s+/g, ' ').trim());
  const diagramNames = sections.flatMap((s) => [...s.matchAll(/<svg[^>]*role="img"[^>]*>\s*<title[^>]*>([^<]*)<\/title>/g)].map((m) => decodeEntities(m[1]!).trim()));
  const detailRows = sections.reduce((n, s) => n + (s.includes('<pre') ? 1 + walkthroughExtraPages(s) : 0) + (s.match(/<svg[^>]*role="img"/g) ?? []).length, 0);
  const tables = sections.reduce((n, s) => n + (s.match(/<table/g) ?? []).length, 0);
  return { slideCount: sections.length, printedPages: sections.length + sections.reduce((n, section) => n + walkthroughExtraPages(section), 0), titles, notes, detailRows, diagramNames, tables };
}

let outDir: string;

test.beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'ld-export-'));
});

test('slides, handout and notes PDFs of a lesson: pages, text, notes where they belong, not blank', async () => {
  test.setTimeout(180_000);
  await runCli(['export', `slides/${LESSON}.md`, '--root', env('LESSONDECK_E2E_COURSE'), '--site', env('LESSONDECK_E2E_SITE_DIR'), '--out', outDir, '--format', 'slides,handout,student,notes']);
  const facts = await deckFacts(LESSON);
  const slides = path.join(outDir, `${LESSON}.pdf`);
  const handout = path.join(outDir, `${LESSON}.handout.pdf`);
  const student = path.join(outDir, `${LESSON}.student.pdf`);
  const notes = path.join(outDir, `${LESSON}.notes.pdf`);

  // One 16:9 page per slide (1280×720 CSS px = 960×540 pt), and a walkthrough's code continued on pages of its own.
  expect(facts.printedPages, 'the lesson has a walkthrough that continues').toBeGreaterThan(facts.slideCount);
  expect(pageCount(slides)).toBe(facts.printedPages);
  expect(pdfInfo(slides)['Page size']).toMatch(/^960 x 540 pts/);
  const slidesText = squash(pdfText(slides));
  for (const title of facts.titles) expect(slidesText, `slide title "${title}"`).toContain(squash(title));
  expect(slidesText).toContain(squash('FROM gcr.io/distroless/static:nonroot')); // a Dockerfile line
  expect(slidesText).toContain(squash('Catalog image')); // a label of the release-pipeline diagram (SVG text)
  expect(slidesText).not.toContain(squash('SIGN --> OCI')); // …drawn, not shown as mermaid source
  // Footer with course and lesson, and slide numbers, on a content page.
  const page5 = pdfText(slides, 5, 5);
  expect(page5).toContain('Building Kubernetes Operators');
  expect(page5).toMatch(/Packaging and Distribution/);
  expect(page5).toMatch(/\b5\s*$/);

  // Notes: in the handout and the speaker script, never on the slides.
  // A slide left with only its heading shows its notes' first sentence, so sample the second one.
  const samples = facts.notes.map((n) => /[.!?]\s+(\S.{40})/.exec(n)?.[1]).filter((n): n is string => !!n).slice(0, 4);
  expect(samples.length).toBeGreaterThan(2);
  const handoutText = squash(pdfText(handout));
  const notesText = squash(pdfText(notes));
  for (const sample of samples) {
    expect(handoutText, `handout has note "${sample}"`).toContain(squash(sample));
    expect(notesText, `script has note "${sample}"`).toContain(squash(sample));
    expect(slidesText, `slides lack note "${sample}"`).not.toContain(squash(sample));
  }
  // Handout: 3 rows per page: each slide (a picture) with its notes, then rows of its code as text and its
  // diagrams drawn large (a diagram too wide for a row gets a page of its own), header and footer.
  const handoutPages = pageCount(handout);
  expect(handoutPages).toBeGreaterThanOrEqual(Math.ceil((facts.printedPages + facts.detailRows) / 3));
  expect(handoutPages).toBeLessThanOrEqual(facts.printedPages + facts.detailRows);
  expect(handoutText).toContain(squash('FROM gcr.io/distroless/static:nonroot'));
  expect(handoutText, 'diagram labels are text').toContain(squash('Catalog image'));
  const handoutPage1 = pdfText(handout, 1, 1);
  expect(handoutPage1).toContain('Module 7');
  expect(handoutPage1).toMatch(new RegExp(`page 1 of ${handoutPages}`));
  expect(pdfInfo(handout)['Page size']).toMatch(/\(A4\)/);
  // A page with code has the code lines as text, and nothing on any page is smaller than 8 pt.
  const dockerfile = ['FROM gcr.io/distroless/static:nonroot', 'COPY --from=builder /src/manager /manager', 'USER 65532:65532'];
  const codePage = Array.from({ length: handoutPages }, (_, i) => i + 1).find((p) => squash(pdfText(handout, p, p)).includes(squash(dockerfile[0]!)));
  expect(codePage, 'a handout page shows the Dockerfile').toBeDefined();
  const codePageText = squash(pdfText(handout, codePage, codePage));
  for (const line of dockerfile) expect(codePageText, `code line "${line}"`).toContain(squash(line));
  const smallest = smallestTextPt(handout);
  expect(smallest[codePage! - 1]!.pt, `smallest text on the code page (${smallest[codePage! - 1]!.word})`).toBeGreaterThanOrEqual(8);
  for (const page of smallest) expect(page.pt, `smallest text on handout page ${page.page} ("${page.word}")`).toBeGreaterThanOrEqual(8);
  // Slide pictures are images (one per printed page); diagrams stay vector (their labels are text, above).
  const images = execFileSync('pdfimages', ['-list', handout], { encoding: 'utf8' }).trim().split('\n').slice(2);
  expect(images.length, 'one picture per slide page').toBe(facts.printedPages);
  // Student version: the same slides, ruled space instead of the speaker's notes.
  const studentText = squash(pdfText(student));
  expect(studentText).toContain(squash(dockerfile[0]!));
  for (const sample of samples) expect(studentText, `student handout lacks note "${sample}"`).not.toContain(squash(sample));
  expect(pdfText(student, 1, 1)).toMatch(/your notes/i);

  // Script: at least one page per slide.
  expect(pageCount(notes)).toBeGreaterThanOrEqual(facts.slideCount);

  for (const file of [slides, handout, student, notes]) {
    const ink = await inkRatio(file, 1);
    expect(ink, `${path.basename(file)} page 1 has ink`).toBeGreaterThan(0.01);
    expect(ink, `${path.basename(file)} page 1 is not a solid block`).toBeLessThan(0.9);
  }

  // Tagged: the slides' structure (headings, lists, tables, every diagram a figure named by its accessible name),
  // the language, and an outline with every slide title.
  const tagged = await checkTagged(slides, 'the slides PDF');
  for (const type of ['H1', 'H2', 'L', 'LI', 'Table', 'TR', 'Figure']) expect(tagged.types.get(type) ?? 0, `${type} elements`).toBeGreaterThan(0);
  expect(tagged.types.get('Table')).toBe(facts.tables);
  expect(facts.diagramNames.length, 'the lesson has diagrams').toBeGreaterThan(3);
  for (const name of facts.diagramNames) expect(tagged.alts.some((alt) => alt.includes(name.slice(0, 60))), `a figure with alternative text "${name.slice(0, 60)}…"`).toBe(true);
  expect(tagged.alts.filter((alt) => !alt), 'no figure without alternative text').toEqual([]);
  const outline = readOutline(await PDFDocument.load(await readFile(slides))).map((o) => squash(o.title));
  for (const title of facts.titles) expect(outline, `outline entry "${title}"`).toContain(squash(title));
  for (const [file, what] of [[handout, 'handout'], [student, 'student handout'], [notes, 'speaker script']] as const) {
    const sheet = await checkTagged(file, `the ${what}`);
    expect(sheet.alts.length, `${what}: slide pictures are figures`).toBeGreaterThanOrEqual(facts.slideCount);
    expect(sheet.alts.filter((alt) => !alt), `${what}: every figure has alternative text`).toEqual([]);
    expect(sheet.types.get('H2') ?? 0, `${what}: a heading per slide`).toBeGreaterThanOrEqual(facts.slideCount);
  }
});

for (const perPage of [1, 6] as const) {
  test(`handout with ${perPage} row(s) per page on Letter: one row per slide and per code or diagram detail`, async () => {
    test.setTimeout(120_000);
    const dir = path.join(outDir, `n${perPage}`);
    await runCli(['export', `slides/${SMALL_DECK}.md`, '--root', env('LESSONDECK_E2E_COURSE'), '--site', env('LESSONDECK_E2E_SITE_DIR'), '--out', dir, '--format', 'handout', '--per-page', String(perPage), '--paper', 'letter']);
    const facts = await deckFacts(SMALL_DECK);
    const handout = path.join(dir, `${SMALL_DECK}.handout.pdf`);
    const rows = facts.printedPages + facts.detailRows;
    expect(facts.detailRows, 'the deck has code').toBeGreaterThan(0);
    // One per page is exact; with more, a diagram that needs a page of its own may leave a page's last rows empty.
    if (perPage === 1) expect(pageCount(handout)).toBe(rows);
    else expect(pageCount(handout)).toBeGreaterThanOrEqual(Math.ceil(rows / perPage));
    expect(pdfInfo(handout)['Page size']).toMatch(/^612 x 792 pts/);
    expect(squash(pdfText(handout))).toContain(squash(facts.notes[0]!.slice(0, 50)));
    expect(existsSync(path.join(dir, `${SMALL_DECK}.pdf`)), 'only the handout was asked for').toBe(false);
  });
}

test('course PDF: contents with working links, an outline entry for every lesson, metadata', async () => {
  test.setTimeout(300_000);
  const dir = path.join(outDir, 'course');
  await runCli(['export', '--root', env('LESSONDECK_E2E_COURSE'), '--site', env('LESSONDECK_E2E_SITE_DIR'), '--out', dir, '--format', 'course']);
  const file = path.join(dir, 'course.pdf');
  const info = pdfInfo(file);
  expect(info['Title']).toBe('Building Kubernetes Operators');
  expect(info['Author']).toBeTruthy();
  expect(info['Subject']).toMatch(/controller/);
  expect(info['Keywords']).toContain('Module 7');

  const doc = await PDFDocument.load(await readFile(file));
  const outline = readOutline(doc);
  const site = env('LESSONDECK_E2E_SITE_DIR');
  const deckPages = (await readdir(path.join(site, 'module-07'), { recursive: true })).filter((f) => f.endsWith('.html'));
  const lessonTitles = await Promise.all(deckPages.map(async (p) => /<title>(.*?) · /.exec(await readFile(path.join(site, 'module-07', p), 'utf8'))![1]!.replace(/&amp;/g, '&')));
  expect(lessonTitles.length).toBe(11);
  for (const title of lessonTitles) expect(outline.some((item) => item.depth === 1 && item.title === title), `outline entry for "${title}"`).toBe(true);
  expect(outline[0]).toMatchObject({ title: 'Contents', pageIndex: 0 });
  expect(outline.some((item) => item.depth === 2 && item.title === 'Helm Charts for the Database Operator'), 'a ## section of lesson 7.1').toBe(true);

  // Every contents entry is a link to the first page of its lesson (the outline says which page that is).
  const annots = doc.getPage(0).node.lookup(PDFName.of('Annots'), PDFArray);
  const pageIndexOf = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i]));
  const targets = annots.asArray().map((ref) => pageIndexOf.get(doc.context.lookup(ref, PDFDict).lookup(PDFName.of('Dest'), PDFArray).get(0).toString()));
  const lessonStarts = outline.filter((i) => i.depth === 1).map((i) => i.pageIndex);
  expect(targets).toEqual(lessonStarts);
  // The page a link opens is that lesson's title slide.
  const lesson71 = outline.find((i) => i.title === 'Lesson 7.1: Packaging and Distribution')!;
  expect(pdfText(file, lesson71.pageIndex + 1, lesson71.pageIndex + 1)).toContain('Packaging');
  expect(await inkRatio(file, 1)).toBeGreaterThan(0.01);

  // Printed as one document: tagged across every deck — a heading per lesson, every diagram a named figure.
  const tagged = await checkTagged(file, 'the course PDF');
  expect(tagged.types.get('H1') ?? 0, 'an H1 per deck and the contents').toBeGreaterThanOrEqual(lessonTitles.length + 1);
  const names = (await Promise.all(deckPages.map((p) => deckFacts(`module-07/${p.replace(/\.html$/, '')}`)))).flatMap((f) => f.diagramNames);
  expect(names.length).toBeGreaterThan(10);
  for (const name of names) expect(tagged.alts.some((alt) => alt.includes(name.slice(0, 50))), `a figure named "${name.slice(0, 50)}…"`).toBe(true);
  expect(tagged.types.get('Table') ?? 0).toBeGreaterThan(0);
});

const xmlText = (xml: string): string => xml.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The text of each paragraph (`a:p`) of a DrawingML part: its runs joined. */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((p) => [...p[1]!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => xmlText(t[1]!)).join(''));
}

test('PPTX of a lesson: editable text runs, tables, SVG diagrams with PNG fallbacks, notes; LibreOffice converts it', async () => {
  test.setTimeout(180_000);
  const dir = path.join(outDir, 'pptx');
  // With the PNG export: each diagram's fallback must look like that place of its slide's picture.
  await runCli(['export', `slides/${LESSON}.md`, '--root', env('LESSONDECK_E2E_COURSE'), '--site', env('LESSONDECK_E2E_SITE_DIR'), '--out', dir, '--format', 'pptx,png']);
  const facts = await deckFacts(LESSON);
  const file = path.join(dir, `${LESSON}.pptx`);
  const zip = unzipSync(await readFile(file));
  const part = (name: string): string => strFromU8(zip[name] ?? new Uint8Array());
  const number = (name: string) => Number(/(\d+)\.xml$/.exec(name)![1]);
  const slideParts = Object.keys(zip).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).sort((a, b) => number(a) - number(b));
  expect(slideParts.length, 'one slide per printed page').toBe(facts.printedPages);

  const slideParagraphs = slideParts.map((name) => paragraphs(part(name)));
  const allText = squash(slideParagraphs.flat().join(''));
  for (const title of facts.titles) expect(allText, `slide title "${title}" as text`).toContain(squash(title));
  // A list item is a bulleted paragraph of runs; a code line is a paragraph of its own.
  const flat = slideParagraphs.flat();
  expect(flat).toContain('A manager container image, referenced by digest');
  expect(flat).toContain('FROM gcr.io/distroless/static:nonroot');
  expect(slideParts.some((name) => /<a:buChar [^>]*\/>/.test(part(name)))).toBe(true);
  expect(slideParts.some((name) => /<a:buAutoNum /.test(part(name))), 'numbered lists').toBe(true);
  // One paragraph-properties element per paragraph, first (as the schema wants).
  for (const name of slideParts) for (const p of part(name).matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)) expect(p[1]!.slice(1).includes('<a:pPr'), `${name}: a:pPr inside a paragraph`).toBe(false);
  // Theme fonts and colours: the heading font, the code font, syntax colours.
  expect(part(slideParts[1]!)).toContain('typeface="Inter"');
  expect(slideParts.some((name) => /typeface="JetBrains Mono" pitchFamily="49"/.test(part(name)))).toBe(true);

  // Tables are tables.
  const tableCount = slideParts.reduce((n, name) => n + (part(name).match(/<a:tbl>/g) ?? []).length, 0);
  expect(tableCount).toBe(facts.tables);

  // Diagrams: an SVG picture each, named by its accessible name, over a PNG that is the diagram itself.
  const slideSize = /<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(part('ppt/presentation.xml'))!.slice(1).map(Number);
  const slidePictures = (await readdir(path.join(dir, LESSON))).sort();
  expect(slidePictures.length, 'one PNG per PPTX slide').toBe(slideParts.length);
  let svgPictures = 0;
  for (const [index, name] of slideParts.entries()) {
    const xml = part(name);
    const rels = part(name.replace('slides/', 'slides/_rels/') + '.rels');
    for (const m of xml.matchAll(/<p:pic>[\s\S]*?<\/p:pic>/g)) {
      const pic = m[0];
      const svgId = /<asvg:svgBlip[^>]*r:embed="(rId\d+)"/.exec(pic)?.[1];
      if (!svgId) continue;
      svgPictures++;
      const pngId = /<a:blip r:embed="(rId\d+)"/.exec(pic)![1]!;
      const target = (id: string) => path.posix.normalize(path.posix.join('ppt/slides', new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1]!));
      expect(part(target(svgId))).toMatch(/^<svg[\s\S]*<\/svg>$/);
      const png = readPng(zip[target(pngId)]!);
      expect(png.width, 'the PNG fallback is the diagram at 1.5×').toBeGreaterThan(400);
      expect(png.ink, 'the PNG fallback is not blank').toBeGreaterThan(0.01);
      // The picture's place on the slide (EMU), in the slide's PNG.
      const slidePng = readPng(await readFile(path.join(dir, LESSON, slidePictures[index]!)));
      const [x, y, cx, cy] = /<a:off x="(-?\d+)" y="(-?\d+)"\/>\s*<a:ext cx="(\d+)" cy="(\d+)"/.exec(pic)!.slice(1).map(Number) as [number, number, number, number];
      const toPx = slidePng.width / slideSize[0]!;
      const place = { x: x * toPx, y: y * toPx, width: cx * toPx, height: cy * toPx };
      expect(lookDifference(png, slidePng, place), `${name}: the PNG fallback shows what the slide shows there`).toBeLessThan(15);
      const descr = xmlText(/<p:cNvPr [^>]*descr="([^"]*)"/.exec(pic)?.[1] ?? '');
      expect(facts.diagramNames.some((n) => descr.startsWith(n.slice(0, 40))), `alternative text "${descr.slice(0, 60)}"`).toBe(true);
    }
  }
  expect(svgPictures).toBe(facts.diagramNames.length);

  // Speaker notes in the notes pane.
  const notesText = squash(Object.keys(zip).filter((n) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n)).map((n) => paragraphs(part(n)).join('')).join(''));
  for (const note of facts.notes.slice(0, 4)) expect(notesText).toContain(squash(note.slice(0, 60)));

  // LibreOffice Impress opens it (own profile: runs at the same time do not share one) and keeps every title.
  const converted = await mkdtemp(path.join(os.tmpdir(), 'ld-soffice-'));
  execFileSync('soffice', [`-env:UserInstallation=file://${converted}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', converted, file], { timeout: 150_000, stdio: 'pipe' });
  const pdf = path.join(converted, `${path.basename(LESSON)}.pdf`);
  expect(pageCount(pdf)).toBe(facts.printedPages);
  const pdfAll = squash(pdfText(pdf));
  for (const title of facts.titles) expect(pdfAll, `LibreOffice shows "${title}"`).toContain(squash(title));
  expect(await inkRatio(pdf, 2)).toBeGreaterThan(0.005);
});

test('PNG of a lesson with steps: one 16:9 image per step, not blank, the folder written whole', async () => {
  test.setTimeout(120_000);
  const dir = path.join(outDir, 'png');
  await runCli(['export', `slides/${LESSON}.md`, '--root', env('LESSONDECK_E2E_COURSE'), '--site', env('LESSONDECK_E2E_SITE_DIR'), '--out', dir, '--format', 'slides,png', '--with-steps', '--scale', '0.5']);
  const facts = await deckFacts(LESSON);
  const folder = path.join(dir, LESSON);
  const images = (await readdir(folder)).sort();
  const steps = pageCount(path.join(dir, `${LESSON}.pdf`));
  expect(steps, 'the lesson has fragments: more steps than pages').toBeGreaterThan(facts.printedPages);
  expect(images).toEqual(Array.from({ length: steps }, (_, i) => `${String(i + 1).padStart(2, '0')}.png`));
  for (const name of images) {
    const png = readPng(await readFile(path.join(folder, name)));
    expect([png.width, png.height], name).toEqual([640, 360]);
    expect(png.ink, `${name} is not blank`).toBeGreaterThan(0.003);
  }
  expect((await readdir(path.dirname(folder))).filter((n) => n.endsWith('.tmp')), 'no temp folder left').toEqual([]);
});

test('an export killed mid-way leaves no partial PDF and keeps the previous one', async () => {
  test.setTimeout(180_000);
  const dir = path.join(outDir, 'killed');
  const previous = path.join(dir, 'module-07/lessons/03-high-availability.pdf');
  await mkdir(path.dirname(previous), { recursive: true });
  const old = await PDFDocument.create();
  old.addPage();
  await writeFile(previous, await old.save());

  const decks = ['lessons/02-rbac-security.md', 'lessons/03-high-availability.md', 'labs/lab-01-packaging-distribution.md'];
  const { child, done } = startCli(['export', ...decks.map((d) => `slides/module-07/${d}`), '--root', env('LESSONDECK_E2E_COURSE'), '--site', env('LESSONDECK_E2E_SITE_DIR'), '--out', dir, '--format', 'slides,handout']);
  const listPdfs = async () => (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.pdf'));
  // Kill as soon as the first new PDF is there (the others are being printed or written).
  await expect.poll(async () => (await listPdfs()).length, { timeout: 150_000, intervals: [50] }).toBeGreaterThan(1);
  process.kill(-child.pid!, 'SIGKILL');
  const result = await done;
  expect(result.signal, result.output).toBe('SIGKILL');

  const files = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of files.filter((e) => e.isFile())) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.name.endsWith('.pdf')) {
      // Parses completely (pdf-lib) and poppler agrees it is a PDF with pages.
      const doc = await PDFDocument.load(await readFile(file));
      expect(doc.getPageCount(), entry.name).toBeGreaterThan(0);
      expect(pageCount(file), entry.name).toBeGreaterThan(0);
    } else {
      expect(entry.name, 'only cleanly named temp files may be left').toMatch(/^\..+\.pdf\.\d+\.[0-9a-f]{8}\.tmp$/);
    }
  }
  // The previous PDF is either untouched or fully replaced.
  expect(pageCount(previous)).toBeGreaterThan(0);
  // Chromium went with the exporter: no browser of ours is left orphaned (adopted by init).
  await expect.poll(orphanedChromiums, { timeout: 10_000 }).toEqual([]);
});

/** Chromium processes started by lessondeck whose parent is gone (Linux /proc). */
async function orphanedChromiums(): Promise<string[]> {
  const orphans: string[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const [cmdline, stat] = await Promise.all([readFile(`/proc/${pid}/cmdline`, 'utf8'), readFile(`/proc/${pid}/stat`, 'utf8')]).catch(() => ['', '']);
    const parent = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
    if (cmdline.includes('lessondeck-chromium-') && parent === '1') orphans.push(`${pid} ${cmdline.split('\0')[0]}`);
  }
  return orphans;
}

test('no browser: a clear error naming the option, the variable and how to install one', async () => {
  const result = await startCli(['export', '--root', env('LESSONDECK_E2E_COURSE'), '--site', env('LESSONDECK_E2E_SITE_DIR'), '--out', outDir, '--browser', '/nonexistent/chromium']).done;
  expect(result.code).toBe(1);
  expect(result.output).toContain('--browser');
  expect(result.output).toContain('LESSONDECK_BROWSER');
  expect(result.output).toMatch(/apt-get install chromium/);
});

test('build --pdf slides,handout,pptx writes those exports next to each deck and links them', async () => {
  test.setTimeout(240_000);
  const course = await mkdtemp(path.join(os.tmpdir(), 'ld-pdf-course-'));
  await mkdir(path.join(course, 'module-01', 'lessons'), { recursive: true });
  await writeFile(path.join(course, 'README.md'), '---\ntitle: Tiny Course\nauthor: Test Author\n---\n# Tiny Course\n\nA course of one lesson.\n');
  await writeFile(path.join(course, 'module-01', 'README.md'), '# Module 1: Basics\n\n## Overview\n\n- One lesson\n');
  await writeFile(path.join(course, 'module-01', 'lessons', '01-intro.md'), [
    '# Lesson 1.1: Intro', '', '## First Point', '', '- alpha', '- beta', '', '<!-- notes -->', 'Say hello to the room before the first point.', '',
    '## Second Point', '', '```dockerfile', 'FROM scratch', '```', '',
  ].join('\n'));
  const site = path.join(course, 'site');
  const { output } = await runCli(['build', '--root', course, '--out', site, '--pdf', 'slides,handout,pptx']);
  for (const pdf of ['module-01/lessons/01-intro.pdf', 'module-01/lessons/01-intro.handout.pdf', 'module-01/index.pdf', 'module-01/index.handout.pdf']) {
    expect(pageCount(path.join(site, pdf)), pdf).toBeGreaterThan(0);
  }
  expect(Object.keys(unzipSync(await readFile(path.join(site, 'module-01/lessons/01-intro.pptx')))), 'a PPTX').toContain('ppt/presentation.xml');
  // The same progress lines as `export`.
  expect(output).toMatch(/wrote .*01-intro\.pptx \(\d+ pages?\)/);
  expect(pdfText(path.join(site, 'module-01/lessons/01-intro.handout.pdf'))).toContain('Say hello to the room');
  const index = await readFile(path.join(site, 'index.html'), 'utf8');
  expect(index).toContain('href="./module-01/lessons/01-intro.pdf"');
  expect(index).toContain('href="./module-01/lessons/01-intro.handout.pdf"');
  expect(index).toContain('href="./module-01/lessons/01-intro.pptx"');
  const deck = await readFile(path.join(site, 'module-01/lessons/01-intro.html'), 'utf8');
  expect(deck).toContain('href="./01-intro.pdf"');
  expect(deck).toContain('href="./01-intro.handout.pdf"');
  expect(deck).toContain('href="./01-intro.pptx"');
});
