/**
 * The course in the themes other than the first, for the accessibility scans
 * (a11y.spec.ts). Those themes change colours only, so they are scanned on a lab
 * (every kind of block the sample course has: prose, lists, tables, callouts,
 * code, a diagram, expected output, and the lab progress bar) and on the deck
 * with code steps. All of them are built as ONE site: a copy of the course in
 * which each theme has its own copy of those decks' module folders
 * (`module-07-dark/…`), the theme set in each deck's front matter. One build
 * instead of one per theme; global-setup.ts runs it beside the suite's own.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { themeNames } from '../../src/render/themes.ts';
import { courseDecks, decksOfEachKind, type CourseFile } from './course.ts';

/** Under the suite's site: one server (one origin) serves every theme. */
export const THEMED_SITE_DIR = 'a11y-themes';

export interface ThemedDecks {
  /** The lab scanned in every theme. */
  lab: CourseFile | undefined;
  /** The deck with code steps (```dockerfile {…}). */
  stepped: CourseFile | undefined;
  /** Themes after the first, built into the themed site. */
  themes: string[];
}

export function themedDecks(courseRoot: string): ThemedDecks {
  const decks = courseDecks(courseRoot);
  return {
    lab: decksOfEachKind(decks, 1).find((d) => d.kind === 'lab'),
    stepped: decks.find((d) => readFileSync(path.join(courseRoot, d.file), 'utf8').includes('```dockerfile {')),
    themes: themeNames().slice(1),
  };
}

/** The page of `deck` in `theme` on the themed site, relative to the suite's site. */
export function themedPage(deck: CourseFile, theme: string): string {
  const [top, ...rest] = deck.page.split('/');
  return `${THEMED_SITE_DIR}/${[`${top}-${theme}`, ...rest].join('/')}`;
}

/**
 * The stepped deck in another theme is only scanned on its code step-through
 * slide: its copy keeps the title and the `##` section holding the stepped
 * listing (a whole lesson's diagrams, drawn again in each theme, were most of
 * this build's time).
 */
function onlySteppedSection(markdown: string): string {
  const lines = markdown.split('\n');
  const at = lines.findIndex((line) => line.startsWith('```dockerfile {'));
  if (at < 0) return markdown;
  let start = at;
  while (start > 0 && !lines[start]!.startsWith('## ')) start--;
  let end = at;
  while (end < lines.length && !(end > at && lines[end]!.startsWith('## '))) end++;
  const title = lines.findIndex((line) => line.startsWith('# '));
  return [...lines.slice(0, title + 1), '', ...lines.slice(start, end)].join('\n');
}

function withTheme(markdown: string, theme: string): string {
  const lines = markdown.split('\n');
  if (lines[0]?.trim() !== '---') return `---\ntheme: ${theme}\n---\n${markdown}`;
  const kept = lines.filter((line, i) => i === 0 || !/^theme\s*:/.test(line));
  return [kept[0], `theme: ${theme}`, ...kept.slice(1)].join('\n');
}

/**
 * Builds the themed site into `out` with `build` (the suite's runBuild); the caller moves it to
 * `<site>/a11y-themes` once the suite's own build, which replaces its folder whole, is done.
 */
export async function buildThemedSite(courseRoot: string, out: string, build: (root: string, out: string) => Promise<void>): Promise<void> {
  const { lab, stepped, themes } = themedDecks(courseRoot);
  const kept = [...new Set([lab, stepped].filter((d): d is CourseFile => !!d))];
  if (!kept.length || !themes.length || existsSync(path.join(out, 'index.html'))) return;
  const copy = mkdtempSync(path.join(tmpdir(), 'ld-themed-course-'));
  try {
    const modules = [...new Set(kept.map((d) => d.file.split('/')[0]!))];
    const keptFiles = new Set(kept.map((d) => d.file));
    for (const theme of themes) {
      for (const mod of modules) {
        const target = path.join(copy, `${mod}-${theme}`);
        cpSync(path.join(courseRoot, mod), target, { recursive: true });
        for (const deck of courseDecks(courseRoot).filter((d) => d.file.startsWith(`${mod}/`))) {
          const file = path.join(target, deck.file.slice(mod.length + 1));
          const source = readFileSync(file, 'utf8');
          if (keptFiles.has(deck.file)) writeFileSync(file, withTheme(deck.file === stepped?.file && deck.file !== lab?.file ? onlySteppedSection(source) : source, theme));
          else rmSync(file);
        }
      }
    }
    await build(copy, out);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
