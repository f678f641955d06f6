/**
 * Finds the lesson documents of a course folder and says what each one is:
 * the course README, a module's README, a lesson, a lab, or another page
 * (SUMMARY.md and friends). Order: modules by number, then README, lessons,
 * labs, others, each by file name (or front matter `nav_order`).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import { courseJail, type CourseJail } from './courseJail.ts';
import { toPosix } from './links.ts';

export type EntryKind = 'course' | 'module' | 'lesson' | 'lab' | 'page';

export interface CourseEntry {
  /** Relative to the course root, posix separators. */
  file: string;
  kind: EntryKind;
  /** Top-level folder of a module (`module-07`), when the file is in one. */
  moduleDir?: string;
}

const IGNORED_DIRS = new Set(['node_modules', 'dist', '_site', 'public', 'themes']);

export interface FoundCourseFiles {
  files: string[];
  /** Markdown files left out: symlinks out of the course (or any symlink under --safe), loops, dangling links. */
  refused: Diagnostic[];
}

/**
 * Every lesson document of the course. A symlinked `.md` is a lesson only
 * when it resolves inside the course (and never under --safe); symlinked
 * folders are not walked (a loop could never end).
 */
export async function discoverCourseFiles(root: string, jail: CourseJail = courseJail(root)): Promise<FoundCourseFiles> {
  const found: string[] = [];
  const refused: Diagnostic[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!IGNORED_DIRS.has(entry.name)) await walk(full);
      } else if (/\.(md|markdown)$/i.test(entry.name)) {
        const file = toPosix(path.relative(root, full));
        const verdict = entry.isSymbolicLink() ? jail.check(file) : ({ ok: true } as const);
        if (verdict.ok) found.push(file);
        else refused.push({ file, line: 1, column: 1, severity: 'error', rule: 'unsafe-path', message: `Not built: ${verdict.missing ? `"${file}" is a symlink whose target does not exist. Remove it or replace it with the file itself.` : verdict.refused}` });
      }
    }
  }
  await walk(root);
  return { files: found, refused };
}

/** The lesson documents only (see discoverCourseFiles for what is left out). */
export async function findCourseFiles(root: string): Promise<string[]> {
  return (await discoverCourseFiles(root)).files;
}

export function classifyEntry(file: string): CourseEntry {
  const parts = file.split('/');
  const name = parts[parts.length - 1]!.toLowerCase();
  if (parts.length === 1) return { file, kind: name === 'readme.md' ? 'course' : 'page' };
  const top = parts[0]!;
  // Any top-level folder groups its files like a module; `module-NN` is the usual name.
  const base = { file, moduleDir: top };
  if (parts.length === 2 && name === 'readme.md') return { ...base, kind: 'module' };
  if (parts.includes('lessons')) return { ...base, kind: 'lesson' };
  if (parts.includes('labs')) return { ...base, kind: 'lab' };
  return { ...base, kind: 'page' };
}

const KIND_ORDER: Record<EntryKind, number> = { course: 0, module: 1, lesson: 2, lab: 3, page: 4 };

/** Sorts entries in course order; `navOrder` (front matter `nav_order`) wins within a kind. */
export function sortEntries<T extends CourseEntry>(entries: T[], navOrder: (entry: T) => number | undefined = () => undefined): T[] {
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  return [...entries].sort((a, b) => {
    const byModule = collator.compare(a.moduleDir ?? '', b.moduleDir ?? '');
    if (byModule !== 0) return a.moduleDir === undefined ? -1 : b.moduleDir === undefined ? 1 : byModule;
    const byKind = KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
    if (byKind !== 0) return byKind;
    const orderA = navOrder(a) ?? Number.POSITIVE_INFINITY;
    const orderB = navOrder(b) ?? Number.POSITIVE_INFINITY;
    if (orderA !== orderB) return orderA - orderB;
    return collator.compare(a.file, b.file);
  });
}
