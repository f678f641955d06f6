/**
 * Facts about a course folder read straight from its markdown, independent of
 * lessondeck's own code, so e2e tests can compare the built site against them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface CourseFile {
  /** Path relative to the course root, with forward slashes: module-07/lessons/01-x.md */
  file: string;
  /** Page the build is expected to write, relative to the output root. */
  page: string;
  kind: 'module' | 'lesson' | 'lab' | 'slide-first' | 'other';
}

/** All markdown files under `root`, sorted, as forward-slash relative paths. */
export function listMarkdown(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.toLowerCase().endsWith('.md')) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out;
}

/** `OUT/<path without .md>.html`; a module's README.md becomes `<module>/index.html`. */
export function expectedPage(file: string): string {
  if (/(^|\/)README\.md$/i.test(file)) return file.replace(/README\.md$/i, 'index.html');
  return file.replace(/\.md$/i, '.html');
}

function kindOf(file: string): CourseFile['kind'] {
  if (/(^|\/)README\.md$/i.test(file)) return 'module';
  if (/(^|\/)lessons\//.test(file)) return 'lesson';
  if (/(^|\/)labs\//.test(file)) return 'lab';
  if (/(^|\/)slide-first\//.test(file)) return 'slide-first';
  return 'other';
}

/** Every deck the index must reach: every .md except the course's own README.md. */
export function courseDecks(root: string): CourseFile[] {
  return listMarkdown(root)
    .filter((file) => file.toLowerCase() !== 'readme.md')
    .map((file) => ({ file, page: expectedPage(file), kind: kindOf(file) }));
}

/** Splits off YAML front matter (`---` on line 1 up to the next `---`/`...` line). */
export function stripFrontMatter(text: string): { body: string; frontMatterLines: number } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return { body: lines.join('\n'), frontMatterLines: 0 };
  const end = lines.findIndex((line, i) => i > 0 && (line.trim() === '---' || line.trim() === '...'));
  if (end < 0) return { body: lines.join('\n'), frontMatterLines: 0 };
  return { body: lines.slice(end + 1).join('\n'), frontMatterLines: end + 1 };
}

/**
 * Lines that are exactly `---` outside front matter and outside fenced code
 * blocks (``` or ~~~ fences, CommonMark rules: a fence closes with the same
 * character, at least as long, and nothing after it but spaces).
 */
export function countSlideSeparators(text: string, separator = '---'): number {
  const { body } = stripFrontMatter(text);
  let fence: { char: string; length: number } | undefined;
  let count = 0;
  for (const line of body.split('\n')) {
    const opener = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (fence) {
      if (opener && opener[1]![0] === fence.char && opener[1]!.length >= fence.length && opener[2]!.trim() === '') fence = undefined;
      continue;
    }
    if (opener) {
      // A backtick fence's info string may not contain backticks.
      if (opener[1]![0] === '`' && opener[2]!.includes('`')) continue;
      fence = { char: opener[1]![0]!, length: opener[1]!.length };
      continue;
    }
    if (line.trimEnd() === separator) count++;
  }
  return count;
}

/** Number of `---` lines inside fenced code blocks (outside front matter). */
export function countSeparatorsInFences(text: string, separator = '---'): number {
  const { body } = stripFrontMatter(text);
  const all = body.split('\n').filter((line) => line.trimEnd() === separator).length;
  return all - countSlideSeparators(text, separator);
}

export function readCourseFile(root: string, file: string): string {
  return readFileSync(path.join(root, file), 'utf8');
}

export interface FencedBlock {
  info: string;
  lines: string[];
}

/** Fenced code blocks of the body (front matter excluded), same fence rules as countSlideSeparators. */
export function fencedBlocks(text: string): FencedBlock[] {
  const { body } = stripFrontMatter(text);
  const blocks: FencedBlock[] = [];
  let open: { char: string; length: number; block: FencedBlock } | undefined;
  for (const line of body.split('\n')) {
    const fence = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (open) {
      if (fence && fence[1]![0] === open.char && fence[1]!.length >= open.length && fence[2]!.trim() === '') {
        blocks.push(open.block);
        open = undefined;
      } else {
        open.block.lines.push(line);
      }
      continue;
    }
    if (fence && !(fence[1]![0] === '`' && fence[2]!.includes('`'))) {
      open = { char: fence[1]![0]!, length: fence[1]!.length, block: { info: fence[2]!.trim(), lines: [] } };
    }
  }
  return blocks;
}

/**
 * Up to `perKind` decks of each kind (module page, lesson, lab, slide-first, other), in course
 * order: for checks whose outcome depends on the kind of deck, not on each lesson's words.
 */
export function decksOfEachKind(decks: readonly CourseFile[], perKind: number): CourseFile[] {
  const taken = new Map<CourseFile['kind'], number>();
  return decks.filter((deck) => {
    const count = taken.get(deck.kind) ?? 0;
    taken.set(deck.kind, count + 1);
    return count < perKind;
  });
}
