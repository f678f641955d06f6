/**
 * Reads a course folder into deck models: discovery, front matter, slicing
 * with build-time code highlighting, link rewriting. Diagrams are still
 * placeholders here; rendering them needs the browser (see src/site).
 */
import { readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import type { CodeHighlighter } from '../render/highlight.ts';
import { parseFenceInfo } from '../render/fenceInfo.ts';
import type { Deck, DeckMode } from '../slides/model.ts';
import { sliceLesson } from '../slides/slice.ts';
import { createMarkdown } from '../slides/markdown.ts';
import type { MarkdownIt } from 'markdown-it';
import { htmlToText } from '../search/htmlText.ts';
import type { CourseEntry } from './discover.ts';
import { classifyEntry, discoverCourseFiles, sortEntries } from './discover.ts';
import { courseJail, refusalOf, type CourseJail } from './courseJail.ts';
import { parseFrontMatter } from './frontMatter.ts';
import { deckPathForFile, linkTarget, resolveLink } from './links.ts';
import { isDangerousHref } from './siteUrl.ts';
import type { CourseDialectHints, DialectSwitches } from '../dialects/context.ts';
import { jekyllUrlsOf } from '../dialects/jekyllLinks.ts';
import { fillDurationsFromModules } from './moduleDurations.ts';
import { filterLessonFiles, type LessonFileFilter } from './lessonFilter.ts';
import type { DeckCache, DeckCacheInput } from './deckCache.ts';

/** A link from a lesson to a lesson (or to an anchor in its own deck), for `check`. */
export interface CourseLink {
  href: string;
  line: number;
  target: string;
  anchor?: string;
}

export interface CourseDeck extends CourseEntry {
  deck: Deck;
  /** Links to course files found while slicing. */
  links?: CourseLink[];
  /** Output page relative to the site root, e.g. `module-07/lessons/01-x.html`. */
  page: string;
}

export interface CourseModule {
  dir: string;
  title: string;
  readme?: CourseDeck;
  decks: CourseDeck[];
}

export interface Course {
  root: string;
  title: string;
  description: string;
  /**
   * The course's own page: root `index.md` (as Jekyll and GitHub Pages serve it), else root
   * `README.md`. Its title names the course and its opening text is shown on the index.
   */
  home?: CourseDeck;
  /** The home page's opening text as HTML (what its title slide shows under the title). */
  homeHtml?: string;
  author?: string;
  theme?: string;
  /** Every deck in course order. */
  decks: CourseDeck[];
  modules: CourseModule[];
  diagnostics: Diagnostic[];
}

export interface LoadCourseOptions {
  /** A highlighter, or a function that makes one: called only when some lesson has to be sliced (not cached). */
  highlighter?: CodeHighlighter | (() => Promise<CodeHighlighter>);
  /** Only these files (relative to root) are sliced; others are still known for links. */
  only?: string[];
  /** Untrusted course: raw HTML in the markdown is escaped, not kept (CLI `--safe`). */
  safe?: boolean;
  /** These files only get the `safe` treatment (a deck whose raw HTML Vite could not build). */
  safeFiles?: readonly string[];
  /** Sliced decks from earlier builds (see deckCache.ts); none by default. */
  cache?: DeckCache<CourseDeck>;
  /** The course title (config `title`), instead of the course README's heading. */
  title?: string;
  /** Which markdown files are pages (config `lessons`); default all. */
  lessons?: LessonFileFilter;
  /** How a lesson without front matter `mode` is cut (config `slides.mode`); default detected per file. */
  defaultMode?: DeckMode;
  /** Dialect switches of the config file (front matter `lessondeck:` blocks win). */
  switches?: Partial<DialectSwitches>;
  /** Diagram sources to draw as two diagrams (the build found none of their layouts readable); such decks bypass the cache. */
  cutInTwo?: ReadonlySet<string>;
}

export async function loadCourse(root: string, options: LoadCourseOptions = {}): Promise<Course> {
  const jail = courseJail(root, { safe: !!options.safe });
  const discovered = await discoverCourseFiles(root, jail).catch((error: unknown) => {
    throw missingCourseError(root, error);
  });
  const files = filterLessonFiles(discovered.files, options.lessons);
  const refused = discovered.refused;
  const known = new Set(files);
  const texts = new Map<string, string>();
  for (const file of options.only ?? files) texts.set(file, await readFile(path.join(root, file), 'utf8'));
  const homeFile = findHomeFile(files);
  const dialectHints = { ...courseDialectHints(jail, files, texts, homeFile), ...(options.switches ? { configSwitches: options.switches } : {}) };

  const sliced = new Map<string, CourseDeck>();
  // The course-wide dialect hints change how every file reads, so they are part of each cache key.
  const hintsKey = JSON.stringify({ jekyll: dialectHints.jekyllSite, site: dialectHints.site, urls: [...(dialectHints.siteUrls ?? [])], course: dialectHints.courseFrontMatter?.lessondeck, config: options.switches, mode: options.defaultMode });
  const cacheInput = (file: string, text: string): DeckCacheInput => ({ file, text: `${text}\u0000${hintsKey}`, knownFiles: known, safe: !!options.safe || !!options.safeFiles?.includes(file), highlighted: !!options.highlighter });
  const cache = options.cutInTwo?.size ? undefined : options.cache;
  if (cache) {
    for (const [file, text] of texts) {
      const hit = await cache.get(cacheInput(file, text), relativeReader(jail, file));
      // Front matter is parsed again: JSON would turn its YAML dates into strings.
      if (hit) sliced.set(file, { ...hit, deck: { ...hit.deck, frontMatter: parseFrontMatter(text, file).data } });
    }
  }
  const toSlice = [...texts].filter(([file]) => !sliced.has(file));
  if (toSlice.length > 0) {
    const highlighter = typeof options.highlighter === 'function' ? await options.highlighter() : options.highlighter;
    await highlighter?.loadLanguages(fenceLanguages(toSlice.map(([, text]) => text)));
    const safeMarkdown = options.safe || options.safeFiles?.length ? createMarkdown({ html: false }) : undefined;
    for (const [file, text] of toSlice) {
      const markdown = options.safe || options.safeFiles?.includes(file) ? safeMarkdown : undefined;
      const reads = new Map<string, string | undefined>();
      const deck = sliceCourseFile({ jail: fileJail(jail, options, file), file, text, known, reads, dialectHints, homeFile, ...(highlighter ? { highlighter } : {}), ...(markdown ? { markdown } : {}), ...(options.defaultMode ? { defaultMode: options.defaultMode } : {}), ...(options.cutInTwo ? { cutInTwo: options.cutInTwo } : {}) });
      await cache?.set(cacheInput(file, text), reads, deck);
      sliced.set(file, deck);
    }
  }
  const all = [...texts.keys()].map((file) => sliced.get(file)!);
  const decks = withoutOutputClashes(all);
  fillDurationsFromModules(decks, files, (file) => texts.get(file) ?? readFileSync(path.join(root, file), 'utf8'));
  const ordered = sortEntries(decks, (d) => numberValue(d.deck.frontMatter.nav_order));
  const course = assembleCourse(root, ordered, files, homeFile);
  course.diagnostics.push(...refused, ...emptyCourseWarning(root, files));
  return options.title ? { ...course, title: options.title } : course;
}

/** A deck set aside as `safe` (its raw HTML failed Vite) gets the --safe symlink rule too. */
function fileJail(jail: CourseJail, options: LoadCourseOptions, file: string): CourseJail {
  return !jail.safe && options.safeFiles?.includes(file) ? courseJail(jail.root, { safe: true }) : jail;
}

/** A course folder that is not there (or not a folder): what was looked for and how to point at the right one. */
function missingCourseError(root: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new Error(`The course folder ${path.resolve(root)} ${code === 'ENOENT' ? 'does not exist' : 'is not a folder'}. Give the folder that holds the course's markdown with --root (e.g. --root slides).`, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}

/** A course without a single lesson document builds an empty index: say so, it is nearly always the wrong --root. */
function emptyCourseWarning(root: string, files: string[]): Diagnostic[] {
  if (files.length > 0) return [];
  return [{ file: '.', line: 1, column: 1, severity: 'warning', rule: 'empty-course', message: `No markdown files found in ${path.resolve(root)}, so the site has no decks. Check --root: it should be the folder with the course's README.md and module folders.` }];
}

/** Root `index.md` is the home (as Jekyll serves it); else root `README.md`. */
function findHomeFile(files: string[]): string | undefined {
  return files.find((f) => /^index\.(md|markdown)$/i.test(f)) ?? files.find((f) => /^readme\.md$/i.test(f));
}

/** Where a course file is published; the home's extra page and a README beside an index.md included. */
function pageForFile(file: string, homeFile: string | undefined): string {
  if (file === homeFile) return 'index.html';
  if (homeFile && /^readme\.md$/i.test(file)) return 'README.html';
  return deckPathForFile(file);
}

/**
 * Two sources that would be published at one path (`a.md` and `a.markdown`, a module's
 * `README.md` and `index.md`, a `home.md` beside a home deck): an error naming both; the
 * first one in course order is built, nothing is overwritten.
 */
function withoutOutputClashes(decks: CourseDeck[]): CourseDeck[] {
  const byPage = new Map<string, CourseDeck>();
  const kept: CourseDeck[] = [];
  for (const entry of [...decks].sort((a, b) => a.file.localeCompare(b.file))) {
    const first = byPage.get(entry.page);
    if (!first) {
      byPage.set(entry.page, entry);
      kept.push(entry);
      continue;
    }
    first.deck.diagnostics.push({ file: entry.file, line: 1, column: 1, severity: 'error', rule: 'output-clash', message: `"${entry.file}" and "${first.file}" would both be published as ${entry.page}; "${first.file}" is built and "${entry.file}" is not. Rename or remove one of them.` });
  }
  return decks.filter((d) => kept.includes(d));
}

/** What the course says about its files' dialects: a Jekyll site (`_config.yml`), its URLs, course switches. */
function courseDialectHints(jail: CourseJail, files: string[], texts: Map<string, string>, homeFile: string | undefined): CourseDialectHints {
  const root = jail.root;
  // A `_config.yml` symlinked out of the course is not read (it is no file of the course).
  const configFile = ['_config.yml', '_config.yaml'].map((f) => path.join(root, f)).find((f) => jail.checkAbsolute(f).ok);
  const site = configFile ? readYamlFile(configFile) : undefined;
  const siteUrls = new Map<string, string>();
  for (const file of files) {
    const text = texts.get(file);
    const permalink = text !== undefined ? parseFrontMatter(text, file).data.permalink : undefined;
    for (const url of jekyllUrlsOf(file, permalink)) if (!siteUrls.has(url)) siteUrls.set(url, file);
  }
  const homeText = homeFile ? texts.get(homeFile) ?? readFileSync(path.join(root, homeFile), 'utf8') : undefined;
  return {
    ...(configFile ? { jekyllSite: true, site: site ?? {} } : {}),
    siteUrls,
    ...(homeText !== undefined ? { courseFrontMatter: parseFrontMatter(homeText, homeFile!).data } : {}),
  };
}

function readYamlFile(file: string): Record<string, unknown> | undefined {
  const text = readFileSync(file, 'utf8');
  return parseFrontMatter(`---\n${text.replace(/^---\s*\n/, '').replace(/\n(---|\.\.\.)\s*$/, '')}\n---\n`, path.basename(file)).data;
}

interface SliceCourseFileInput {
  jail: CourseJail;
  file: string;
  text: string;
  known: ReadonlySet<string>;
  highlighter?: CodeHighlighter;
  markdown?: MarkdownIt;
  /** Filled with the files the lesson pulled in (e.g. a `.mmd` diagram) and their text, for the deck cache. */
  reads?: Map<string, string | undefined>;
  dialectHints?: CourseDialectHints;
  homeFile?: string;
  defaultMode?: DeckMode;
  cutInTwo?: ReadonlySet<string>;
}

function sliceCourseFile({ jail, file, text, known, highlighter, markdown, reads, dialectHints, homeFile, defaultMode, cutInTwo }: SliceCourseFileInput): CourseDeck {
  const diagnostics: Diagnostic[] = [];
  const links: CourseLink[] = [];
  const readRelative = relativeReader(jail, file);
  const deck = sliceLesson({
    file,
    text,
    ...(dialectHints ? { dialectHints } : {}),
    ...(markdown ? { markdown } : {}),
    ...(defaultMode ? { defaultMode } : {}),
    ...(cutInTwo ? { cutInTwo } : {}),
    ...(highlighter ? { renderCode: (code, info, where) => highlighter.highlight(code, parseFenceInfo(info), where) } : {}),
    resolveLink: (href, line) => {
      const result = resolveLink(href, file, known);
      const target = result.broken ? undefined : linkTarget(href, file);
      if (target) links.push({ href, line, target: target.file, ...(target.anchor ? { anchor: target.anchor } : {}) });
      if (result.broken) diagnostics.push({ file, line, column: 1, severity: 'error', rule: 'broken-link', message: `Link "${href}" points to ${result.broken}, which is not in the course. Fix the path or add the file.` });
      // Checked after rewriting: whatever the rewrite made of it, a link never runs script.
      if (isDangerousHref(result.href)) {
        diagnostics.push({ file, line, column: 1, severity: 'error', rule: 'unsafe-link', message: `Link "${href}" would become "${result.href}", which runs script or opens local files; it was replaced by "#". Link to a page or an http(s) address instead.` });
        return '#';
      }
      return result.href;
    },
    readRelative: (relative) => {
      const content = readRelative(relative);
      reads?.set(relative, content);
      return content;
    },
    refusePath: (relative) => refusalOf(jail.check(besideLesson(file, relative))),
  });
  deck.diagnostics.push(...uniqueBy(diagnostics, (d) => `${d.line}:${d.message}`));
  return { ...homeEntry(file, homeFile), deck, links: uniqueBy(links, (l) => `${l.line}:${l.href}`) };
}

/** The home is the course entry: the index page shows its title and opening text. A README beside a root index.md is an ordinary page. */
function homeEntry(file: string, homeFile: string | undefined): CourseEntry & { page: string } {
  if (file === homeFile) return { file, kind: 'course', page: 'index.html' };
  const entry = classifyEntry(file);
  return { ...entry, ...(entry.kind === 'course' ? { kind: 'page' as const } : {}), page: pageForFile(file, homeFile) };
}

/** Reads a file named relative to a lesson, only inside the course (see courseJail.ts); undefined otherwise. */
function relativeReader(jail: CourseJail, file: string): (relative: string) => string | undefined {
  return (relative) => {
    const verdict = jail.check(besideLesson(file, relative));
    return verdict.ok && statSync(verdict.full).isFile() ? readFileSync(verdict.full, 'utf8') : undefined;
  };
}

/** A path a lesson names, relative to the course root: `/x` is from the root (as Vite reads it), anything else from the lesson's folder. */
function besideLesson(file: string, relative: string): string {
  return relative.startsWith('/') ? relative.replace(/^\/+/, '') : path.posix.join(path.posix.dirname(file), relative);
}

function assembleCourse(root: string, decks: CourseDeck[], allFiles: string[], homeFile: string | undefined): Course {
  const courseReadme = decks.find((d) => d.file === homeFile);
  const readmeText = courseReadme ? undefined : readCourseReadme(root, allFiles, homeFile);
  const front = courseReadme?.deck.frontMatter ?? readmeText?.data ?? {};
  const modules = new Map<string, CourseModule>();
  for (const deck of decks) {
    if (!deck.moduleDir) continue;
    const mod = modules.get(deck.moduleDir) ?? { dir: deck.moduleDir, title: titleFromDir(deck.moduleDir), decks: [] };
    if (deck.kind === 'module') {
      mod.readme = deck;
      mod.title = deck.deck.title;
    }
    mod.decks.push(deck);
    modules.set(deck.moduleDir, mod);
  }
  const author = typeof front.author === 'string' ? front.author : undefined;
  const theme = typeof front.theme === 'string' ? front.theme : undefined;
  return {
    root,
    title: courseReadme?.deck.title ?? (typeof front.title === 'string' ? front.title : path.basename(path.resolve(root))),
    description: typeof front.description === 'string' ? front.description : courseReadme ? firstParagraph(courseReadme) : '',
    ...(author ? { author } : {}),
    ...(theme ? { theme } : {}),
    ...(courseReadme ? { home: courseReadme, ...homeIntro(courseReadme) } : {}),
    decks,
    modules: [...modules.values()],
    diagnostics: decks.flatMap((d) => d.deck.diagnostics),
  };
}

function readCourseReadme(root: string, files: string[], homeFile: string | undefined): { data: Record<string, unknown> } | undefined {
  const readme = homeFile ?? files.find((f) => /^readme\.md$/i.test(f));
  return readme ? parseFrontMatter(readFileSync(path.join(root, readme), 'utf8'), readme) : undefined;
}

/** The home's title slide without its heading: the course's own words for the index page. */
function homeIntro(home: CourseDeck): { homeHtml?: string } {
  const first = home.deck.slides[0];
  if (!first || first.kind !== 'title') return {};
  const html = first.html.replace(/^<h1[^>]*>[\s\S]*?<\/h1>/, '').replace(/<!--ld-diagram:\d+-->/g, '').trim();
  return html ? { homeHtml: html } : {};
}

function firstParagraph(entry: CourseDeck): string {
  const titleSlide = entry.deck.slides[0];
  const match = /<p>(.*?)<\/p>/s.exec(`${titleSlide?.html ?? ''}${titleSlide?.notesHtml ?? ''}`);
  return match ? htmlToText(match[1]!) : '';
}

/** Every fence language named in these texts, so the highlighter can load them up front. */
export function fenceLanguages(texts: Iterable<string>): Set<string> {
  const langs = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(/^[ \t]*(?:`{3,}|~{3,})[ \t]*([^\s`{]+)/gm)) langs.add(match[1]!.toLowerCase());
  }
  langs.delete('mermaid');
  return langs;
}

function numberValue(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function titleFromDir(dir: string): string {
  return dir.replace(/[-_]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase()).replace(/\b0+(\d)/, '$1');
}

/** One entry per key: a link on a line is reported (and recorded) once. */
function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && seen.add(key(item)));
}
