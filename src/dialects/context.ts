/**
 * Which other tools' markdown a lesson is written for, decided once per file
 * from its front matter, its text and the course around it, and the switches
 * that change how it is read. Every dialect rule reads this from the
 * markdown-it env (`env.dialect`), so each rule stays a small pure function.
 */
import type { Diagnostic } from '../diagnostics.ts';
import { withoutFences } from './fences.ts';

export interface Dialects {
  /** Jekyll / just-the-docs page: Liquid is evaluated, front matter `title` is a navigation label. */
  jekyll: boolean;
  reveal: boolean;
  slidev: boolean;
  remark: boolean;
  marp: boolean;
}

export interface DialectDetection extends Dialects {
  /** Why the file is certainly slide-first (another slide tool's syntax or front matter), when it is. */
  slideEvidence?: string;
}

/** What the course says about every file (from loadCourse): e.g. a Jekyll site has `_config.yml`. */
export interface CourseDialectHints {
  jekyllSite?: boolean;
  /** Site URL (Jekyll permalink, `/docs/x/`) → course file, for `{{ site.baseurl }}/docs/x/` links. */
  siteUrls?: ReadonlyMap<string, string>;
  /** Course README / index front matter: course-wide switches. */
  courseFrontMatter?: Record<string, unknown>;
  /** Jekyll's `_config.yml`, for Liquid's `{{ site.title }}`. */
  site?: Record<string, unknown>;
  /** The config file's `dialects` switches: the defaults front matter overrides. */
  configSwitches?: Partial<DialectSwitches>;
}

/**
 * Switches a course or a lesson can set in front matter under `lessondeck:`
 * (lesson wins over the course README, which wins over the config file's
 * `dialects`). Read only through dialectSwitches.
 */
export interface DialectSwitches {
  /** Evaluate Liquid (`{{ site.baseurl }}`, `{% link %}`, `{% raw %}`). Default: in Jekyll pages. */
  liquid?: boolean;
  /** Raw `<script>` elements: dropped with a warning (default) or kept. */
  scripts: 'drop' | 'keep';
}

export interface RevealSeparators {
  separator?: RegExp;
  vertical?: RegExp;
  notes: RegExp;
}

export interface DialectContext {
  dialects: Dialects;
  /** Why the file is certainly slide-first, when another slide tool's syntax says so. */
  slideEvidence?: string;
  switches: DialectSwitches;
  /** True once the file is known to be read slide-first (the second parse). */
  slideFirst: boolean;
  reveal: RevealSeparators;
  /** Per-slide front matter (Slidev), by marker index; filled while parsing. */
  slideMeta: Record<string, unknown>[];
  /** Lesson front matter, for Liquid's `{{ page.x }}` and Marp's global directives. */
  frontMatter: Record<string, unknown>;
  siteUrls: ReadonlyMap<string, string>;
  site: Record<string, unknown>;
  diagnostics: Diagnostic[];
}

const SLIDEV_KEYS = ['highlighter', 'drawings', 'mdc', 'info', 'colorSchema', 'aspectRatio', 'canvasWidth', 'routerMode', 'monaco', 'download', 'exportFilename', 'fonts', 'themeConfig', 'addons', 'selectable', 'record', 'presenter', 'titleTemplate', 'hideInToc', 'clicks', 'transition'];
/** Slidev's own layout names (Jekyll's `default`/`page`/`post` are not evidence). */
export const SLIDEV_LAYOUTS = new Set(['cover', 'intro', 'center', 'two-cols', 'two-cols-header', 'image', 'image-left', 'image-right', 'iframe', 'iframe-left', 'iframe-right', 'quote', 'section', 'statement', 'fact', 'end', 'full', 'none']);
const REVEAL_KEYS = ['separator', 'verticalSeparator', 'notesSeparator', 'revealOptions', 'highlightTheme', 'preprocessor'];
const MARP_KEYS = ['marp', 'headingDivider', 'paginate', 'backgroundColor', 'backgroundImage'];
const JEKYLL_KEYS = ['nav_order', 'parent', 'grand_parent', 'has_children', 'nav_exclude', 'has_toc', 'permalink', 'nav_enabled', 'search_exclude'];

export function detectDialects(front: Record<string, unknown>, body: string, hints: CourseDialectHints = {}): DialectDetection {
  const has = (keys: string[]) => keys.some((k) => k in front);
  const layout = typeof front.layout === 'string' ? front.layout : '';
  const outsideCode = withoutFences(body);
  const slidev = has(SLIDEV_KEYS) || SLIDEV_LAYOUTS.has(layout)
    || /^::[a-z][\w-]*::\s*$/m.test(outsideCode) || /<v-clicks?\b|\sv-click\b/.test(outsideCode)
    || PER_SLIDE_FRONT_MATTER.test(outsideCode);
  const marp = front.marp === true || has(MARP_KEYS.slice(1)) && !slidev || /<!--\s*_?(class|paginate|header|footer|backgroundColor|backgroundImage|color)\s*:/.test(outsideCode);
  const reveal = has(REVEAL_KEYS) || /^\s*notes?:/im.test(outsideCode) || /<!--\s*\.(slide|element)\s*:/.test(outsideCode);
  const remark = /^\?\?\?\s*$/m.test(outsideCode) || /^\.[a-z][\w-]*(\.[\w-]+)*\[/m.test(outsideCode) || /^(class|name|layout|template|count|exclude|background-image): .+\n(?:(?:class|name|layout|template|count|exclude|background-image): .+\n)*\n?#/m.test(outsideCode);
  const revealStrong = has(REVEAL_KEYS) || /<!--\s*\.(slide|element)\s*:/.test(outsideCode);
  const remarkStrong = remark && !slidev && /^\?\?\?\s*$/m.test(outsideCode);
  const slideEvidence = slidev ? 'Slidev syntax (front matter, layouts, slots or clicks)'
    : marp ? 'Marp front matter or directives'
      : revealStrong ? 'reveal-md front matter or slide/element attribute comments'
        : remarkStrong ? 'remark ??? notes' : undefined;
  // A slide tool's deck in a Jekyll repository is still that tool's deck.
  const jekyll = !slideEvidence && (!!hints.jekyllSite || has(JEKYLL_KEYS) || /\{%-?\s*(raw|link|include|highlight|post_url)\b|\{\{-?\s*(site|page)\./.test(body));
  return { jekyll, reveal: reveal && !slidev && !marp, slidev, remark: remark && !slidev, marp, ...(slideEvidence ? { slideEvidence } : {}) };
}

/** `---` then YAML keys then `---`: Slidev's per-slide front matter (not at the top of the file). */
const PER_SLIDE_FRONT_MATTER = /\n---[ \t]*\n(?:[A-Za-z_][\w-]*:[^\n]*\n)+---[ \t]*\n/;

export function dialectSwitches(lesson: Record<string, unknown>, course: Record<string, unknown> = {}, config: Partial<DialectSwitches> = {}): DialectSwitches {
  const own = lessondeckKeys(lesson);
  const shared = lessondeckKeys(course);
  const liquid = own.liquid ?? shared.liquid ?? config.liquid;
  const scripts = own.scripts ?? shared.scripts ?? config.scripts;
  return {
    ...(typeof liquid === 'boolean' ? { liquid } : {}),
    scripts: scripts === 'keep' || scripts === true ? 'keep' : 'drop',
  };
}

function lessondeckKeys(front: Record<string, unknown>): Record<string, unknown> {
  const value = front.lessondeck;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function revealSeparators(front: Record<string, unknown>, file: string, diagnostics: Diagnostic[]): RevealSeparators {
  const compile = (key: string, flags: string): RegExp | undefined => {
    const source = front[key];
    if (typeof source !== 'string' || source === '') return undefined;
    try {
      return new RegExp(source, flags);
    } catch (error) {
      diagnostics.push({ file, line: 1, column: 1, severity: 'warning', rule: 'front-matter', message: `${key} "${source}" is not a valid regular expression (${(error as Error).message}); the default is used.` });
      return undefined;
    }
  };
  const separator = compile('separator', 'gm');
  const vertical = compile('verticalSeparator', 'gm');
  return { ...(separator ? { separator } : {}), ...(vertical ? { vertical } : {}), notes: compile('notesSeparator', 'im') ?? /^\s*notes?:/i };
}

export function createDialectContext(file: string, front: Record<string, unknown>, body: string, hints: CourseDialectHints = {}): DialectContext {
  const diagnostics: Diagnostic[] = [];
  const { slideEvidence, ...dialects } = detectDialects(front, body, hints);
  return {
    dialects,
    ...(slideEvidence ? { slideEvidence } : {}),
    switches: dialectSwitches(front, hints.courseFrontMatter, hints.configSwitches),
    slideFirst: false,
    reveal: revealSeparators(front, file, diagnostics),
    slideMeta: [],
    frontMatter: front,
    siteUrls: hints.siteUrls ?? new Map(),
    site: hints.site ?? {},
    diagnostics,
  };
}

/** Liquid is evaluated in Jekyll pages unless switched off, and anywhere it is switched on. */
export function liquidEnabled(ctx: DialectContext): boolean {
  return ctx.switches.liquid ?? ctx.dialects.jekyll;
}
