/**
 * `lessondeck export`: the built site (built first when needed) is served on
 * 127.0.0.1 and printed by one shared Chromium, two decks at a time (a page
 * each). Per deck: the slides PDF, the handout, the speaker script; for the
 * course: one PDF with contents, outline and metadata. Every file is written
 * atomically.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { closeSharedBrowser, getSharedBrowser } from '../browser/browserService.ts';
import { findBrowserExecutable } from '../browser/findBrowser.ts';
import { loadCourse, type Course, type CourseDeck } from '../course/loadCourse.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { startStaticServer } from '../serve/staticServer.ts';
import { deckPdfFiles } from '../site/pdfPaths.ts';
import { removeStaleTempFiles, writeDirAtomic, writeFileAtomic } from './atomicWrite.ts';
import type { CourseDeckPdf, CoursePdfInput } from './coursePdf.ts';
import type { DeckContext, PerPage } from './handout.ts';
import { drawingsOfDeck, readDrawingsFile, type SlideDrawing } from '../present/drawingsFile.ts';
import { openPrintView, printDeck, printUrl, readPrintedContent, SLIDE_HEIGHT_PX, SLIDE_WIDTH_PX, type PrintedDeck } from './printDeck.ts';
import { createProgress, type DeckProgress } from './progress.ts';
import type { PaperName } from './sheets.ts';
import { siteForExport } from './siteForExport.ts';
import type { CourseSettings } from '../site/buildSite.ts';

export const EXPORT_FORMATS = ['slides', 'handout', 'student', 'notes', 'course', 'pptx', 'png'] as const;
/** Formats drawn from a page with a device scale factor (screenshots), not printed to PDF. */
const RASTER_FORMATS: readonly ExportFormat[] = ['pptx', 'png'];
/** Formats laid out on paper around the slides PDF (pdf-lib places the slides). */
const SHEET_FORMATS: readonly ExportFormat[] = ['handout', 'student', 'notes', 'course'];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `slides,handout` → ['slides', 'handout']; unknown names are an error that lists the valid ones. */
export function parseFormats(value: string): ExportFormat[] {
  const names = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = names.filter((n) => !(EXPORT_FORMATS as readonly string[]).includes(n));
  if (unknown.length || names.length === 0) throw new Error(`Unknown export format "${unknown.join(', ') || value}". Use one or more of: ${EXPORT_FORMATS.join(', ')} (comma-separated).`);
  return names as ExportFormat[];
}

export interface ExportOptions {
  /** Course folder. */
  root: string;
  /** Output folder for the PDFs. */
  out: string;
  /** Only these lesson files (paths relative to the cwd or to the root); default every deck. */
  files?: string[];
  formats: ExportFormat[];
  paper?: PaperName;
  perPage?: PerPage;
  /** Slides PDF and PNG: one page (image) per fragment step. */
  withSteps?: boolean;
  /** PNG: pixels per CSS px (1 = 1280×720). Default 1; the PPTX's diagram fallbacks use at least 2. */
  scale?: number;
  /** Tagged PDFs (structure tree, outline from headings, figure alternatives). Default true. */
  tagged?: boolean;
  browser?: string;
  /** A drawings file of `present` (drawingsFile.ts): its strokes are printed on their slides (PDFs, PNG). */
  withDrawings?: string;
  /** A built site to print from (skips building). */
  site?: string;
  theme?: string;
  /** Untrusted course (`--safe`): the site printed from is built safe (and a given --site must be). */
  safe?: boolean;
  /** The config file's course settings (title, lessons, fit…), for the site built first. */
  course?: CourseSettings;
  /** Decks printed at once, one page each. Default 2. */
  concurrency?: number;
  /** Progress bars (default: when stderr is a terminal). */
  progress?: boolean;
  log?: (line: string) => void;
}

/** A deck's export: the command's options and the pen drawings of this deck. */
type DeckExportOptions = ExportOptions & { drawn?: SlideDrawing[] };

export interface ExportedFile {
  path: string;
  pages: number;
}

export interface ExportResult {
  files: ExportedFile[];
  pages: number;
  seconds: number;
  siteBuilt: boolean;
  diagnostics: Diagnostic[];
}

export function selectDecks(course: Course, files: readonly string[] | undefined, cwd = process.cwd()): CourseDeck[] {
  const decks = course.decks.filter((d) => d.kind !== 'course');
  if (!files?.length) return decks;
  const root = path.resolve(course.root);
  return files.map((file) => {
    const candidates = [path.relative(root, path.resolve(cwd, file)), file].map((f) => f.split(path.sep).join('/'));
    const found = decks.find((d) => candidates.includes(d.file));
    if (!found) throw new Error(`${file} is not a lesson of the course in ${course.root}. Give a markdown file inside the course folder (e.g. ${decks[0]?.file ?? 'module-01/lessons/01-intro.md'}) or pick the course with --root.`);
    return found;
  });
}

function deckContext(course: Course, entry: CourseDeck): DeckContext {
  const mod = course.modules.find((m) => m.dir === entry.moduleDir);
  return {
    courseTitle: course.title,
    ...(mod && mod.title !== entry.deck.title ? { moduleTitle: mod.title } : {}),
    lessonTitle: entry.deck.title,
    ...(course.author ? { author: course.author } : {}),
  };
}

function stepsPerDeck(formats: readonly ExportFormat[]): number {
  const printsPdf = formats.some((f) => !RASTER_FORMATS.includes(f));
  return (printsPdf ? 1 : 0) + formats.filter((f) => f !== 'course').length;
}

/** Runs `work` over `items`, at most `limit` at a time, in order of start. */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index).catch((error: unknown) => errors.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length === 1) throw errors[0];
  if (errors.length) throw new Error(errors.map((e) => (e instanceof Error ? e.message : String(e))).join('\n'));
}

export async function exportCourse(options: ExportOptions): Promise<ExportResult> {
  const started = performance.now();
  const log = options.log ?? ((line: string) => console.error(line));
  const formats = [...new Set(options.formats)];
  const outDir = path.resolve(options.out);
  // Fail before building anything when there is no browser (clear message with the option and env var).
  const executablePath = findBrowserExecutable(options.browser ? { explicit: options.browser } : {});
  await removeStaleTempFiles(outDir);
  // A bad drawings file stops the export before anything is built or printed.
  const drawings = options.withDrawings ? await readDrawingsFile(options.withDrawings) : undefined;

  const site = await siteForExport({ root: options.root, ...pick(options, 'site', 'theme', 'browser', 'safe', 'course') });
  const course = await loadCourse(options.root, { ...(options.safe ? { safe: true } : {}), ...(options.course?.title ? { title: options.course.title } : {}), ...(options.course?.lessons ? { lessons: options.course.lessons } : {}) });
  const decks = selectDecks(course, options.files);
  if (decks.length === 0) throw new Error(`No lessons found in ${options.root}.`);

  const server = await startStaticServer({ root: site.dir });
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const progress = createProgress(decks.length * stepsPerDeck(formats) + (formats.includes('course') ? 1 : 0), options.progress ?? !!process.stderr.isTTY, log);
  const files: ExportedFile[] = [];
  const write = async (relative: string, bytes: Uint8Array, pages: number): Promise<void> => {
    await writeFileAtomic(path.join(outDir, relative), bytes);
    files.push({ path: path.join(outDir, relative), pages });
    progress.wrote(path.relative(process.cwd(), path.join(outDir, relative)), pages);
  };
  const writeDir: WriteDirOutput = async (relative, entries) => {
    await writeDirAtomic(path.join(outDir, relative), entries);
    files.push({ path: path.join(outDir, relative), pages: entries.length });
    progress.wrote(path.relative(process.cwd(), path.join(outDir, relative)) + path.sep, entries.length);
  };

  // Loaded while Chromium prints, and only when a format needs them.
  const pdfTools = formats.some((f) => SHEET_FORMATS.includes(f)) ? loadPdfTools() : undefined;
  pdfTools?.catch(() => undefined); // awaited (and its error reported) where it is used
  // pptxgenjs takes a moment to load: while Chromium starts.
  const pptxTools = formats.includes('pptx') ? import('./rasterDeck.ts') : undefined;
  pptxTools?.catch(() => undefined);
  try {
    // The first deck's print view loads in Chromium's start-up tab while Node is still loading Playwright.
    const startUrl = firstPrintUrl(`${server.url}/${decks[0]!.page}`, formats, options);
    const browser = await getSharedBrowser({ executablePath, allowOrigins: [server.url], maxPages: concurrency, poolSize: concurrency, ...(startUrl ? { startUrl } : {}) });
    const printed: PrintedDeck[] = new Array<PrintedDeck>(decks.length);
    await forEachLimited(decks, concurrency, async (entry, index) => {
      const deckProgress = progress.deck(entry.file, stepsPerDeck(formats));
      const url = `${server.url}/${entry.page}`;
      const ctx = deckContext(course, entry);
      try {
        // One page at a time per deck, so `concurrency` decks never wait on each other for pages.
        const deckOptions: DeckExportOptions = drawings ? { ...options, drawn: drawingsOfDeck(drawings, url) } : options;
        const final = await browser.withPage((page) => exportDeck(page, url, entry, ctx, formats, deckOptions, deckProgress, write, pdfTools));
        if (final) printed[index] = final;
        // PNGs need a device scale factor, which a page gets when it is made: a page of its own.
        if (formats.includes('png')) await browser.withPage((page) => exportPng(page, url, entry, deckOptions, deckProgress, writeDir), { viewport: SLIDE_VIEWPORT, deviceScaleFactor: options.scale ?? 1 });
      } catch (error) {
        throw deckError(entry, error);
      } finally {
        deckProgress.done();
      }
    });
    if (formats.includes('course')) {
      const { renderCoursePdf, countPages } = await pdfTools!;
      const pdf = await browser.withPage((page) => renderCoursePdf(page, courseInput(course, decks, printed), { tagged: options.tagged ?? true }));
      await write('course.pdf', pdf, await countPages(pdf));
    }
  } finally {
    progress.stop();
    await closeSharedBrowser();
    await server.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { files, pages: files.reduce((sum, f) => sum + f.pages, 0), seconds, siteBuilt: site.built, diagnostics: site.diagnostics };
}

/** The print view exportDeck opens first for these formats (none for PNGs alone: they print in a page of their own). */
function firstPrintUrl(deckUrl: string, formats: readonly ExportFormat[], options: DeckExportOptions): string | undefined {
  return opensPrintView(formats) ? printUrl(deckUrl, !wantsFinalState(formats, options)) : undefined;
}

/** Whether exportDeck opens the print view at all: a PDF or the PPTX is made from it (PNGs print in a page of their own). */
function opensPrintView(formats: readonly ExportFormat[]): boolean {
  return formats.includes('pptx') || formats.some((f) => !RASTER_FORMATS.includes(f));
}

/** Whether a deck is printed in its final state (every fragment shown), besides any one-page-per-step PDF. */
function wantsFinalState(formats: readonly ExportFormat[], options: DeckExportOptions): boolean {
  return formats.includes('pptx') || formats.some((f) => !RASTER_FORMATS.includes(f) && f !== 'slides') || !options.withSteps;
}

/** pdf-lib and the modules that assemble PDFs with it: only handouts, notes and the course PDF need them. */
async function loadPdfTools() {
  const [{ PDFDocument }, { renderHandout }, { renderNotesScript }, { renderCoursePdf }] = await Promise.all([
    import('pdf-lib'),
    import('./handout.ts'),
    import('./notesScript.ts'),
    import('./coursePdf.ts'),
  ]);
  const countPages = async (pdf: Uint8Array): Promise<number> => (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
  return { PDFDocument, renderHandout, renderNotesScript, renderCoursePdf, countPages };
}
type PdfTools = Awaited<ReturnType<typeof loadPdfTools>>;

type WriteOutput = (relative: string, bytes: Uint8Array, pages: number) => Promise<void>;
type WriteDirOutput = (relative: string, entries: { name: string; bytes: Uint8Array }[]) => Promise<void>;

/** A deck's failure names the lesson file, so the other decks' outputs are not blamed. */
function deckError(entry: CourseDeck, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${entry.file}: ${message}`, { cause: error });
}

async function exportDeck(
  page: Page,
  url: string,
  entry: CourseDeck,
  ctx: DeckContext,
  formats: readonly ExportFormat[],
  options: DeckExportOptions,
  progress: DeckProgress,
  write: WriteOutput,
  pdfTools: Promise<PdfTools> | undefined,
): Promise<PrintedDeck | undefined> {
  const tagged = options.tagged ?? true;
  const pdfFormats = formats.filter((f) => !RASTER_FORMATS.includes(f));
  const pptx = formats.includes('pptx');
  if (!opensPrintView(formats)) return undefined;
  const forHandouts = formats.includes('handout') || formats.includes('student');
  const final = wantsFinalState(formats, options) ? await printDeck(page, url, { tagged, pdf: pdfFormats.some((f) => f !== 'slides' || !options.withSteps), snapshot: formats.includes('course'), ...drawnOn(options) }) : undefined;
  const writeSlides = async (slides: PrintedDeck): Promise<void> => {
    const { slidesOutline, withOutline } = await import('./outline.ts');
    await write(deckPdfFiles(entry.page).slides, await withOutline(slides.pdf, slidesOutline(slides.slides)), slides.pageCount);
    progress.step('slides');
  };
  // The slides PDF is out first; then what else is read from the same laid-out print view, while the page shows it.
  if (final && formats.includes('slides') && !options.withSteps) await writeSlides(final);
  if (final && (pptx || forHandouts)) await readPrintedContent(page, final, { thumbnails: forHandouts });
  if (pptx) await exportPptx(page, final!, entry, ctx, progress, write);
  if (!pdfFormats.length) return final;
  const steps = options.withSteps && formats.includes('slides') ? await printDeck(page, url, { withSteps: true, tagged, ...drawnOn(options) }) : undefined;
  progress.step('printed');
  if (steps) await writeSlides(steps);
  if (!final || !pdfTools) return final;
  const { PDFDocument, renderHandout, renderNotesScript, countPages } = await pdfTools;
  const slidesDoc = formats.some((f) => f === 'handout' || f === 'student' || f === 'notes') ? await PDFDocument.load(final.pdf) : undefined;
  const paper = options.paper ?? 'a4';
  if (formats.includes('handout')) {
    const pdf = await renderHandout(page, final, ctx, { paper, perPage: options.perPage ?? 3, tagged }, slidesDoc);
    await write(deckPdfFiles(entry.page).handout, pdf, await countPages(pdf));
    progress.step('handout');
  }
  if (formats.includes('student')) {
    const pdf = await renderHandout(page, final, ctx, { paper, perPage: options.perPage ?? 3, tagged, student: true }, slidesDoc);
    await write(deckPdfFiles(entry.page).student, pdf, await countPages(pdf));
    progress.step('student handout');
  }
  if (formats.includes('notes')) {
    const pdf = await renderNotesScript(page, final, ctx, paper, slidesDoc, tagged);
    await write(deckPdfFiles(entry.page).notes, pdf, await countPages(pdf));
    progress.step('notes');
  }
  return final;
}

const SLIDE_VIEWPORT = { width: SLIDE_WIDTH_PX, height: SLIDE_HEIGHT_PX };

async function exportPptx(page: Page, printed: PrintedDeck, entry: CourseDeck, ctx: DeckContext, progress: DeckProgress, write: WriteOutput): Promise<void> {
  const { pptxFromPrintView } = await import('./rasterDeck.ts');
  const subject = [ctx.courseTitle, ctx.moduleTitle].filter(Boolean).join(' · ');
  const { pptx, slides } = await pptxFromPrintView(page, printed.content ?? [], { title: ctx.lessonTitle, ...(ctx.author ? { author: ctx.author } : {}), subject, lang: printed.lang });
  await write(deckPdfFiles(entry.page).pptx, pptx, slides);
  progress.step('pptx');
}

function drawnOn(options: DeckExportOptions): { drawings?: SlideDrawing[] } {
  return options.drawn?.length ? { drawings: options.drawn } : {};
}

async function exportPng(page: Page, url: string, entry: CourseDeck, options: DeckExportOptions, progress: DeckProgress, writeDir: WriteDirOutput): Promise<void> {
  const { pageImages } = await import('./pageImages.ts');
  await openPrintView(page, url, { withSteps: !!options.withSteps, ...drawnOn(options) });
  const images = await pageImages(page);
  const digits = Math.max(2, String(images.length).length);
  await writeDir(deckPdfFiles(entry.page).png, images.map((bytes, i) => ({ name: `${String(i + 1).padStart(digits, '0')}.png`, bytes })));
  progress.step('png');
}

function courseInput(course: Course, decks: CourseDeck[], printed: PrintedDeck[]): CoursePdfInput {
  const readme = course.decks.find((d) => d.kind === 'course');
  const keywords = [...frontMatterList(readme?.deck.frontMatter.keywords), ...frontMatterList(readme?.deck.frontMatter.tags), ...course.modules.map((m) => m.title)];
  const items: CourseDeckPdf[] = decks.map((entry, i) => {
    const mod = course.modules.find((m) => m.dir === entry.moduleDir);
    return { title: entry.deck.title, ...(mod ? { module: { dir: mod.dir, title: mod.title } } : {}), printed: printed[i]! };
  });
  return {
    info: {
      title: course.title,
      ...(course.author ? { author: course.author } : {}),
      subject: course.description || course.title,
      keywords: [...new Set(keywords)],
      lang: printed[0]?.lang ?? 'en',
    },
    description: course.description,
    decks: items,
  };
}

function frontMatterList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

function pick<T extends object, K extends keyof T>(obj: T, ...keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (obj[key] !== undefined) out[key] = obj[key];
  return out;
}
