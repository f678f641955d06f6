/**
 * Course model → every page of the site as HTML strings, keyed by output path.
 * This is where diagrams meet the browser: all of a build's diagrams are
 * rendered in one batch per theme, through the shared browser service and
 * the content-hash cache.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import type { Course, CourseDeck } from '../course/loadCourse.ts';
import { relativeUrl } from '../course/links.ts';
import { relativeHref } from '../course/siteUrl.ts';
import { courseJail } from '../course/courseJail.ts';
import { guardPageAssets, refusedAssetDiagnostics } from './assetGuard.ts';
import { renderDeckPage } from '../render/deckPage.ts';
import { diagramFigure, insertDiagrams } from '../render/diagramHtml.ts';
import { renderIndexPage } from '../render/indexPage.ts';
import type { BrowserProvider, DiagramFontFace, DiagramRequest, DiagramResult } from '../render/mermaid.ts';
import { bestCaseLabelPx, layoutVariants, SECOND_ROUND_BELOW_LABEL_PX, VARIANTS_BELOW_LABEL_PX, type DiagramVariant } from '../render/diagramVariants.ts';
import { describeDiagram, renderDiagrams, resolveBrowser } from '../render/mermaid.ts';
import { describeDiagramEdges } from '../render/diagramDescription.ts';
import { withSpeakerScripts } from '../slides/speakerScript.ts';
import { fitCourseDecks } from '../fit/fitCourse.ts';
import type { FitDefaults } from '../fit/fitSettings.ts';
import { diagramInTwo } from '../render/diagramInTwo.ts';
import { withoutOverflowBesideBrokenDiagrams } from './overflowBesideBrokenDiagram.ts';
import type { Theme } from '../render/themes.ts';
import type { DiagramSource, FigureVariants } from '../slides/model.ts';
import { DEFAULT_THEME, loadTheme } from '../render/themes.ts';
import { exportLinks } from './exportLinks.ts';
import { foreignTheme } from '../dialects/themes.ts';
import { readSessions, sessionOf } from '../course/sessions.ts';

export interface RenderSiteOptions {
  browser?: BrowserProvider;
  cacheDir?: string | false;
  /** Theme for every deck, overriding front matter (CLI `--theme`). */
  theme?: string;
  /** Theme of decks whose front matter names none (config `theme`). */
  defaultTheme?: string;
  /** Fit settings of lessons whose front matter does not set them (config `fit`). */
  fitDefaults?: FitDefaults;
  /** Measure slides in the browser and split/scale what overflows (src/fit). Default true. */
  fit?: boolean;
  /** Link each deck's slides and handout PDFs (written by `build --pdf`). */
  /** Export formats to link (`build --pdf`). */
  pdfLinks?: readonly string[];
  /** Render other layouts of diagrams that would be small (see diagramVariants.ts) for the layout pass to choose from. Default true. */
  diagramVariants?: boolean;
  /** Untrusted course (`--safe`): no file a page names may be reached through a symlink. */
  safe?: boolean;
  /**
   * Slices these files again with the given diagram sources drawn as two diagrams each (see
   * render/diagramInTwo.ts); asked for diagrams no layout makes readable. Without it they stay whole.
   */
  recut?: (files: string[], cutInTwo: ReadonlySet<string>) => Promise<CourseDeck[]>;
}

export interface RenderedSite {
  /**
   * Output path (relative to the site root) → HTML, with diagram placeholders
   * still in it: Vite must not process the SVGs' `<style>` elements as page
   * CSS, so figures go in after Vite is done with the page (see insertFigures).
   */
  pages: Map<string, string>;
  /** Output path → the page's diagram figures (every layout variant), by placeholder index. */
  figures: Map<string, FigureVariants[]>;
  diagnostics: Diagnostic[];
}

/** A page's final HTML: its diagram placeholders replaced by SVG figures. */
export function insertFigures(site: Pick<RenderedSite, 'figures'>, page: string, html: string): string {
  const figures = site.figures.get(page);
  return figures ? insertDiagrams(html, figures) : html;
}

export async function renderSite(course: Course, options: RenderSiteOptions = {}): Promise<RenderedSite> {
  const diagnostics: Diagnostic[] = [...course.diagnostics];
  const themeOf = (entry?: CourseDeck) => pickTheme(options.theme ?? stringOf(entry?.deck.frontMatter.theme) ?? course.theme ?? options.defaultTheme, entry, diagnostics);
  const drawn: Diagnostic[] = [];
  const figures = await renderAllDiagrams(course.decks, themeOf, options, drawn);
  if (options.fit !== false) {
    const fit = (decks: CourseDeck[]) => fitCourseDecks(decks, { browser: () => resolveBrowser(options.browser), themeOf, figures, ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}), ...(options.fitDefaults ? { fitDefaults: options.fitDefaults } : {}) });
    let fitted = await fit(course.decks);
    const unreadable = unreadableDiagrams(course.decks, fitted.diagnostics);
    if (unreadable.size > 0 && options.recut) {
      // Drawn as two diagrams each: only these decks are sliced anew, their diagrams rendered and fitted again.
      const files = new Set(unreadable.keys());
      const fresh = await options.recut([...files], new Set([...unreadable.values()].flatMap((sources) => [...sources])));
      const changed = fresh.flatMap((deck) => {
        const entry = course.decks.find((e) => e.file === deck.file);
        return entry ? [Object.assign(entry, deck)] : [];
      });
      const redrawn: Diagnostic[] = [];
      for (const [file, deckFigures] of await renderAllDiagrams(changed, themeOf, options, redrawn)) figures.set(file, deckFigures);
      const refitted = await fit(changed);
      const recutFiles = new Set(changed.map((e) => e.file));
      drawn.splice(0, drawn.length, ...drawn.filter((d) => !recutFiles.has(d.file)), ...redrawn);
      fitted = { ...fitted, diagnostics: [...fitted.diagnostics.filter((d) => !recutFiles.has(d.file)), ...refitted.diagnostics] };
    }
    diagnostics.push(...drawn);
    const diagramErrors = diagnostics.filter((d) => d.rule === 'mermaid-syntax');
    diagnostics.push(...withoutOverflowBesideBrokenDiagrams(fitted.diagnostics, course.decks, diagramErrors));
    for (const entry of course.decks) entry.deck.diagnostics = withoutOverflowBesideBrokenDiagrams(entry.deck.diagnostics, course.decks, diagramErrors);
  } else {
    diagnostics.push(...drawn);
  }

  for (const entry of course.decks) entry.deck = withSpeakerScripts(entry.deck, diagramWords(entry.deck));

  const pages = new Map<string, string>();
  const pageFigures = new Map<string, FigureVariants[]>();
  // The course's session plan (home page front matter `sessions`): the speaker view and the index pace against it.
  const plannable = course.decks.filter((d) => d.kind === 'lesson' || d.kind === 'lab' || d.kind === 'page').map((d) => ({ file: d.file, page: d.page, title: d.deck.title, ...(d.deck.durationMinutes !== undefined ? { durationMinutes: d.deck.durationMinutes } : {}) }));
  const plan = readSessions(course.home?.deck.frontMatter.sessions, plannable, course.home?.file ?? 'README.md');
  diagnostics.push(...plan.diagnostics);
  const jail = courseJail(course.root, { safe: !!options.safe });
  // Vite copies whatever local file a page names: nothing outside the course gets that far.
  const setPage = (page: string, html: string, entry: CourseDeck | undefined): void => {
    const guarded = guardPageAssets(html, page, jail);
    if (entry) diagnostics.push(...refusedAssetDiagnostics(entry.file, guarded.refused, entry.deck.slides));
    pages.set(page, guarded.html);
  };
  for (const entry of course.decks) {
    if (entry.kind === 'course') continue; // the course README is the index page
    pageFigures.set(entry.page, figures.get(entry.file) ?? []);
    setPage(entry.page, renderDeckPage(entry.deck, {
      courseTitle: course.title,
      ...moduleTitle(course, entry),
      theme: themeOf(entry),
      slideHtml: entry.deck.slides.map((slide) => slide.html),
      indexHref: relativeUrl(entry.page, 'index.html'),
      ...(sessionOf(plan.sessions, entry.page) ? { session: sessionOf(plan.sessions, entry.page)! } : {}),
      ...(options.pdfLinks?.length ? { pdfLinks: exportLinks(path.posix.basename(entry.page), options.pdfLinks).map((l) => ({ label: l.label, href: relativeHref(l.file) })) } : {}),
    }), entry);
  }
  const formats = options.pdfLinks ?? [];
  const pdfLinks = formats.length ? { exportsFor: (entry: CourseDeck) => exportLinks(entry.page, formats) } : {};
  setPage('index.html', renderIndexPage(course, themeOf(undefined), { ...pdfLinks, sessions: plan.sessions }), course.home);
  return { pages, figures: pageFigures, diagnostics };
}

/** Every diagram of every deck with its layout variants, per deck file. */
async function renderAllDiagrams(decks: CourseDeck[], themeOf: (entry: CourseDeck) => Theme, options: RenderSiteOptions, diagnostics: Diagnostic[]): Promise<Map<string, FigureVariants[]>> {
  const byTheme = new Map<Theme, CourseDeck[]>();
  for (const entry of decks) {
    if (entry.deck.diagrams.length === 0) continue;
    const theme = themeOf(entry);
    byTheme.set(theme, [...(byTheme.get(theme) ?? []), entry]);
  }
  const figures = new Map<string, FigureVariants[]>();
  for (const [theme, entries] of byTheme) {
    const render = (requests: DiagramRequest[]) => renderDiagrams(requests, {
      mermaidConfig: theme.mermaid,
      fontFaces: DECK_FONTS,
      ...(options.browser ? { browser: options.browser } : {}),
      ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
    });
    const diagrams = entries.flatMap((e) => e.deck.diagrams);
    const results = await render(diagrams.map((d) => ({ source: d.source, where: d.where, ...(d.sourceStart ? { sourceStart: d.sourceStart } : {}) })));
    const variants = options.diagramVariants === false ? diagrams.map(() => []) : await renderLayoutVariants(diagrams, results, render);
    let next = 0;
    for (const entry of entries) {
      const deckResults: DiagramResult[] = results.slice(next, next + entry.deck.diagrams.length);
      const deckVariants = variants.slice(next, next + entry.deck.diagrams.length);
      next += entry.deck.diagrams.length;
      for (const r of deckResults) if (!r.ok) diagnostics.push(r.diagnostic);
      figures.set(entry.file, entry.deck.diagrams.map((d, i) => [
        diagramFigure(deckResults[i]!, d, i + 1),
        ...deckVariants[i]!.map((variant, k) => diagramFigure(variant, d, `${i + 1}v${k + 1}`)),
      ]));
    }
  }
  return figures;
}

/**
 * Other drawings of each diagram that would be small on any slide (see
 * diagramVariants.ts), rendered in two batches: the common layouts first,
 * then the costlier ones only for diagrams those leave small (a cold build
 * draws half as many). The layout pass picks. Variants that fail to render
 * are dropped: the author's drawing stands.
 */
async function renderLayoutVariants(diagrams: DiagramSource[], results: DiagramResult[], render: (requests: DiagramRequest[]) => Promise<DiagramResult[]>): Promise<DiagramResult[][]> {
  const bestOf = (drawn: DiagramResult[]): number => Math.max(0, ...drawn.map((r) => (r.ok ? (bestCaseLabelPx(r.svg) ?? 0) : 0)));
  const all = diagrams.map((d, i) => {
    const base = results[i];
    const best = base?.ok ? bestCaseLabelPx(base.svg) : undefined;
    return best !== undefined && best < VARIANTS_BELOW_LABEL_PX ? layoutVariants(d.source) : [];
  });
  const first = await renderBatch(diagrams, all.map((variants) => variants.filter((v) => !v.secondRound)), render);
  const later = all.map((variants, i) => (bestOf([results[i]!, ...first[i]!]) < SECOND_ROUND_BELOW_LABEL_PX ? variants.filter((v) => v.secondRound) : []));
  const second = await renderBatch(diagrams, later, render);
  return first.map((drawn, i) => [...drawn, ...second[i]!].filter((r) => r.ok));
}

/** Every wanted variant of every diagram in one render call; results grouped per diagram. */
async function renderBatch(diagrams: DiagramSource[], wanted: DiagramVariant[][], render: (requests: DiagramRequest[]) => Promise<DiagramResult[]>): Promise<DiagramResult[][]> {
  const requests = wanted.flatMap((variants, i) => variants.map((v) => ({ source: v.source, where: diagrams[i]!.where, ...(v.config ? { config: v.config } : {}) })));
  if (requests.length === 0) return diagrams.map(() => []);
  const rendered = await render(requests);
  let next = 0;
  return wanted.map((variants) => {
    const own = rendered.slice(next, next + variants.length);
    next += variants.length;
    return own;
  });
}

/**
 * Per deck file, the diagrams the layout pass found under the minimum label size in their most
 * readable layout (its `diagram-too-small` warnings) that can be drawn as two (diagramInTwo.ts).
 */
function unreadableDiagrams(decks: CourseDeck[], fitDiagnostics: Diagnostic[]): Map<string, Set<string>> {
  const unreadable = new Map<string, Set<string>>();
  for (const warning of fitDiagnostics) {
    if (warning.rule !== 'diagram-too-small') continue;
    const entry = decks.find((e) => e.file === warning.file);
    for (const diagram of entry?.deck.diagrams ?? []) {
      if (diagram.where.line !== warning.line || !diagramInTwo(diagram.source)) continue;
      unreadable.set(warning.file, (unreadable.get(warning.file) ?? new Set()).add(diagram.source));
    }
  }
  return unreadable;
}

/** What a deck's diagram N shows, in words, for the speaker script. */
function diagramWords(deck: CourseDeck['deck']): (index: number) => string {
  return (index) => {
    const diagram = deck.diagrams.find((d) => d.index === index);
    return diagram ? [describeDiagram(diagram.source), describeDiagramEdges(diagram.source)].filter(Boolean).join(': ') : '';
  };
}

function pickTheme(name: string | undefined, entry: CourseDeck | undefined, diagnostics: Diagnostic[]): Theme {
  const theme = loadTheme(name ?? DEFAULT_THEME) ?? (name ? loadTheme(foreignTheme(name) ?? '') : undefined);
  if (theme) return theme;
  if (entry && !diagnostics.some((d) => d.rule === 'unknown-theme' && d.file === entry.file)) {
    diagnostics.push({ file: entry.file, line: 1, column: 1, severity: 'warning', rule: 'unknown-theme', message: `Unknown theme "${name}"; using "${DEFAULT_THEME}". Available: light, dark, high-contrast.` });
  }
  return loadTheme(DEFAULT_THEME)!;
}


function moduleTitle(course: Course, entry: CourseDeck): { moduleTitle?: string } {
  const mod = course.modules.find((m) => m.dir === entry.moduleDir);
  return mod ? { moduleTitle: mod.title } : {};
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const require = createRequire(import.meta.url);
const interDir = path.join(path.dirname(require.resolve('@fontsource/inter/package.json')), 'files');
/** The deck's body font, so mermaid measures labels exactly as they will be drawn. */
const DECK_FONTS: DiagramFontFace[] = [400, 600, 700].map((weight) => ({ family: 'Inter', weight, file: path.join(interDir, `inter-latin-${weight}-normal.woff2`) }));
