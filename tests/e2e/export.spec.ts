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
  return { slideCount: sections.length, printedPages: sections.length + sections.reduce((n, section) => n + walkthroughExtraPages(section), 0), titles, notes };
}

let outDir: string;

test.beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'ld-export-'));
});

test('slides, handout and notes PDFs of a lesson: pages, text, notes where they belong, not blank', async () => {
  test.setTimeout(180_000);
  await runCli(['export', `slides/${LESSON}.md`, '--root', env('LESSONDECK_E2E_COURSE'), '--site', env('LESSONDECK_E2E_SITE_DIR'), '--out', outDir, '--format', 'slides,handout,notes']);
  const facts = await deckFacts(LESSON);
  const slides = path.join(outDir, `${LESSON}.pdf`);
  const handout = path.join(outDir, `${LESSON}.handout.pdf`);
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
  // Handout: 3 per page, vector slide pages (their text is in the handout's text layer), header and footer.
  expect(pageCount(handout)).toBe(Math.ceil(facts.printedPages / 3));
  expect(handoutText).toContain(squash('FROM gcr.io/distroless/static:nonroot'));
  const handoutPage1 = pdfText(handout, 1, 1);
  expect(handoutPage1).toContain('Module 7');
  expect(handoutPage1).toMatch(new RegExp(`page 1 of ${Math.ceil(facts.printedPages / 3)}`));
  expect(pdfInfo(handout)['Page size']).toMatch(/\(A4\)/);
  // Script: at least one page per slide.
  expect(pageCount(notes)).toBeGreaterThanOrEqual(facts.slideCount);

  for (const file of [slides, handout, notes]) {
    const ink = await inkRatio(file, 1);
    expect(ink, `${path.basename(file)} page 1 has ink`).toBeGreaterThan(0.01);
    expect(ink, `${path.basename(file)} page 1 is not a solid block`).toBeLessThan(0.9);
  }
  // Handout pages with a diagram keep it as vector text, not an image.
  const images = execFileSync('pdfimages', ['-list', handout], { encoding: 'utf8' }).trim().split('\n').slice(2);
  expect(images, 'no raster images in the handout').toEqual([]);
});

for (const perPage of [1, 6] as const) {
  test(`handout with ${perPage} slide(s) per page on Letter has ceil(slides / ${perPage}) pages`, async () => {
    test.setTimeout(120_000);
    const dir = path.join(outDir, `n${perPage}`);
    await runCli(['export', `slides/${SMALL_DECK}.md`, '--root', env('LESSONDECK_E2E_COURSE'), '--site', env('LESSONDECK_E2E_SITE_DIR'), '--out', dir, '--format', 'handout', '--per-page', String(perPage), '--paper', 'letter']);
    const facts = await deckFacts(SMALL_DECK);
    const handout = path.join(dir, `${SMALL_DECK}.handout.pdf`);
    expect(pageCount(handout)).toBe(Math.ceil(facts.printedPages / perPage));
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

test('build --pdf writes slides and handout PDFs next to each deck and links them', async () => {
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
  await runCli(['build', '--root', course, '--out', site, '--pdf']);
  for (const pdf of ['module-01/lessons/01-intro.pdf', 'module-01/lessons/01-intro.handout.pdf', 'module-01/index.pdf', 'module-01/index.handout.pdf']) {
    expect(pageCount(path.join(site, pdf)), pdf).toBeGreaterThan(0);
  }
  expect(pdfText(path.join(site, 'module-01/lessons/01-intro.handout.pdf'))).toContain('Say hello to the room');
  const index = await readFile(path.join(site, 'index.html'), 'utf8');
  expect(index).toContain('href="./module-01/lessons/01-intro.pdf"');
  expect(index).toContain('href="./module-01/lessons/01-intro.handout.pdf"');
  const deck = await readFile(path.join(site, 'module-01/lessons/01-intro.html'), 'utf8');
  expect(deck).toContain('href="./01-intro.pdf"');
  expect(deck).toContain('href="./01-intro.handout.pdf"');
});
