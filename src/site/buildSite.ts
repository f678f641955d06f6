/**
 * One call from a course folder to rendered pages: load + slice (with shiki),
 * then render diagrams and pages. Shared by the Vite plugin (dev and build).
 */
import type { Diagnostic } from '../diagnostics.ts';
import path from 'node:path';
import { DeckCache } from '../course/deckCache.ts';
import { loadCourse, type Course, type CourseDeck, type LoadCourseOptions } from '../course/loadCourse.ts';
import { getSharedBrowser } from '../browser/browserService.ts';
import type { CodeHighlighter } from '../render/highlight.ts';
import type { FigureVariants } from '../slides/model.ts';
import { renderSite, type RenderSiteOptions } from './renderSite.ts';
import { lintCourse } from '../check/lintCourse.ts';
import type { LessonFileFilter } from '../course/lessonFilter.ts';
import type { DeckMode } from '../slides/model.ts';
import type { FitDefaults } from '../fit/fitSettings.ts';
import type { DialectSwitches } from '../dialects/context.ts';

export interface SiteOptions {
  theme?: string;
  /** Browser executable (CLI `--browser`); otherwise found as findBrowser describes. */
  browser?: string;
  /** Diagram cache directory, or false for none. */
  cacheDir?: string | false;
  /** Untrusted course: escape raw HTML instead of keeping it (CLI `--safe`). */
  safe?: boolean;
  /** Escape raw HTML in these files only (decks whose HTML Vite could not build; see viteBuild.ts). */
  safeFiles?: string[];
  /** Measure and fit slides in the browser (default true). */
  fit?: boolean;
  /** Link each deck's exports of these formats from the index and the deck (`build --pdf`). */
  pdfLinks?: readonly string[];
  /** Let the layout pass try other drawings of small diagrams (default true). */
  diagramVariants?: boolean;
  /** Course settings from the config file (src/config); front matter overrides them per lesson. */
  course?: CourseSettings;
}

/** What a config file says about the course's content, as the build takes it. */
export interface CourseSettings {
  title?: string;
  defaultTheme?: string;
  lessons?: LessonFileFilter;
  defaultMode?: DeckMode;
  fit?: FitDefaults;
  dialects?: Partial<DialectSwitches>;
}

export interface Site {
  course: Course;
  /** Page HTML with diagram placeholders; see insertFigures. */
  pages: Map<string, string>;
  figures: Map<string, FigureVariants[]>;
  diagnostics: Diagnostic[];
}

let highlighter: Promise<CodeHighlighter> | undefined;

export async function buildSite(root: string, options: SiteOptions = {}): Promise<Site> {
  const { course: settings } = options;
  const loadOptions: LoadCourseOptions = {
    // Loaded and made on first need only: a rebuild whose lessons are all cached never loads shiki.
    highlighter: () => (highlighter ??= import('../render/highlight.ts').then(({ createCodeHighlighter }) => createCodeHighlighter())),
    ...(options.cacheDir !== false ? { cache: new DeckCache<CourseDeck>(options.cacheDir ? path.join(options.cacheDir, 'decks') : undefined) } : {}),
    ...(options.safe ? { safe: true } : {}),
    ...(options.safeFiles?.length ? { safeFiles: options.safeFiles } : {}),
    ...(settings?.title ? { title: settings.title } : {}),
    ...(settings?.lessons ? { lessons: settings.lessons } : {}),
    ...(settings?.defaultMode ? { defaultMode: settings.defaultMode } : {}),
    ...(settings?.dialects ? { switches: settings.dialects } : {}),
  };
  const course = await loadCourse(root, loadOptions);
  const renderOptions: RenderSiteOptions = {
    browser: () => getSharedBrowser(options.browser ? { executablePath: options.browser } : {}),
    ...(options.theme ? { theme: options.theme } : {}),
    ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
    ...(options.fit === false ? { fit: false } : {}),
    ...(options.pdfLinks?.length ? { pdfLinks: options.pdfLinks } : {}),
    ...(options.diagramVariants === false ? { diagramVariants: false } : {}),
    ...(options.safe ? { safe: true } : {}),
    ...(settings?.defaultTheme ? { defaultTheme: settings.defaultTheme } : {}),
    ...(settings?.fit ? { fitDefaults: settings.fit } : {}),
    recut: async (files, cutInTwo) => (await loadCourse(root, { ...loadOptions, only: files, cutInTwo })).decks,
  };
  const site = await renderSite(course, renderOptions);
  // Anchors, images and ids are checked on the final (fitted) decks.
  return { course, pages: site.pages, figures: site.figures, diagnostics: [...site.diagnostics, ...lintCourse(course)] };
}
