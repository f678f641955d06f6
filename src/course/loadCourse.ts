/**
 * Reads a course folder into deck models: discovery, front matter, slicing
 * with build-time code highlighting, link rewriting. Diagrams are still
 * placeholders here; rendering them needs the browser (see src/site).
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import type { CodeHighlighter } from '../render/highlight.ts';
import { parseFenceInfo } from '../render/fenceInfo.ts';
import type { Deck } from '../slides/model.ts';
import { sliceLesson } from '../slides/slice.ts';
import { createMarkdown } from '../slides/markdown.ts';
import type { MarkdownIt } from 'markdown-it';
import { htmlToText } from '../search/htmlText.ts';
import type { CourseEntry } from './discover.ts';
import { classifyEntry, findCourseFiles, sortEntries } from './discover.ts';
import { parseFrontMatter } from './frontMatter.ts';
import { deckPathForFile, linkTarget, resolveLink } from './links.ts';
import { fillDurationsFromModules } from './moduleDurations.ts';
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
  /** Sliced decks from earlier builds (see deckCache.ts); none by default. */
  cache?: DeckCache<CourseDeck>;
}

export async function loadCourse(root: string, options: LoadCourseOptions = {}): Promise<Course> {
  const files = await findCourseFiles(root);
  const known = new Set(files);
  const texts = new Map<string, string>();
  for (const file of options.only ?? files) texts.set(file, await readFile(path.join(root, file), 'utf8'));

  const sliced = new Map<string, CourseDeck>();
  const cacheInput = (file: string, text: string): DeckCacheInput => ({ file, text, knownFiles: known, safe: !!options.safe, highlighted: !!options.highlighter });
  if (options.cache) {
    for (const [file, text] of texts) {
      const hit = await options.cache.get(cacheInput(file, text), relativeReader(root, file));
      // Front matter is parsed again: JSON would turn its YAML dates into strings.
      if (hit) sliced.set(file, { ...hit, deck: { ...hit.deck, frontMatter: parseFrontMatter(text, file).data } });
    }
  }
  const toSlice = [...texts].filter(([file]) => !sliced.has(file));
  if (toSlice.length > 0) {
    const highlighter = typeof options.highlighter === 'function' ? await options.highlighter() : options.highlighter;
    await highlighter?.loadLanguages(fenceLanguages(toSlice.map(([, text]) => text)));
    const markdown = options.safe ? createMarkdown({ html: false }) : undefined;
    for (const [file, text] of toSlice) {
      const reads = new Map<string, string | undefined>();
      const deck = sliceCourseFile({ root, file, text, known, reads, ...(highlighter ? { highlighter } : {}), ...(markdown ? { markdown } : {}) });
      await options.cache?.set(cacheInput(file, text), reads, deck);
      sliced.set(file, deck);
    }
  }
  const decks = [...texts.keys()].map((file) => sliced.get(file)!);
  fillDurationsFromModules(decks, files, (file) => texts.get(file) ?? readFileSync(path.join(root, file), 'utf8'));
  const ordered = sortEntries(decks, (d) => numberValue(d.deck.frontMatter.nav_order));
  return assembleCourse(root, ordered, files);
}

interface SliceCourseFileInput {
  root: string;
  file: string;
  text: string;
  known: ReadonlySet<string>;
  highlighter?: CodeHighlighter;
  markdown?: MarkdownIt;
  /** Filled with the files the lesson pulled in (e.g. a `.mmd` diagram) and their text, for the deck cache. */
  reads?: Map<string, string | undefined>;
}

function sliceCourseFile({ root, file, text, known, highlighter, markdown, reads }: SliceCourseFileInput): CourseDeck {
  const diagnostics: Diagnostic[] = [];
  const links: CourseLink[] = [];
  const readRelative = relativeReader(root, file);
  const deck = sliceLesson({
    file,
    text,
    ...(markdown ? { markdown } : {}),
    ...(highlighter ? { renderCode: (code, info, where) => highlighter.highlight(code, parseFenceInfo(info), where) } : {}),
    resolveLink: (href, line) => {
      const result = resolveLink(href, file, known);
      const target = result.broken ? undefined : linkTarget(href, file);
      if (target) links.push({ href, line, target: target.file, ...(target.anchor ? { anchor: target.anchor } : {}) });
      if (result.broken) diagnostics.push({ file, line, column: 1, severity: 'error', rule: 'broken-link', message: `Link "${href}" points to ${result.broken}, which is not in the course. Fix the path or add the file.` });
      return result.href;
    },
    readRelative: (relative) => {
      const content = readRelative(relative);
      reads?.set(relative, content);
      return content;
    },
  });
  deck.diagnostics.push(...uniqueBy(diagnostics, (d) => `${d.line}:${d.message}`));
  return { ...classifyEntry(file), deck, page: deckPathForFile(file), links: uniqueBy(links, (l) => `${l.line}:${l.href}`) };
}

/** Reads a file named relative to a lesson, only inside the course. */
function relativeReader(root: string, file: string): (relative: string) => string | undefined {
  return (relative) => {
    const full = path.resolve(root, path.dirname(file), relative);
    return full.startsWith(path.resolve(root)) && existsSync(full) ? readFileSync(full, 'utf8') : undefined;
  };
}

function assembleCourse(root: string, decks: CourseDeck[], allFiles: string[]): Course {
  const courseReadme = decks.find((d) => d.kind === 'course');
  const readmeText = courseReadme ? undefined : readCourseReadme(root, allFiles);
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
    decks,
    modules: [...modules.values()],
    diagnostics: decks.flatMap((d) => d.deck.diagnostics),
  };
}

function readCourseReadme(root: string, files: string[]): { data: Record<string, unknown> } | undefined {
  const readme = files.find((f) => /^readme\.md$/i.test(f));
  return readme ? parseFrontMatter(readFileSync(path.join(root, readme), 'utf8'), readme) : undefined;
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
