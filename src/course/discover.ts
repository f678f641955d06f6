/**
 * Finds the lesson documents of a course folder and says what each one is:
 * the course README, a module's README, a lesson, a lab, or another page
 * (SUMMARY.md and friends). Order: modules by number, then README, lessons,
 * labs, others, each by file name (or front matter `nav_order`).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
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

export async function findCourseFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!IGNORED_DIRS.has(entry.name)) await walk(full);
      } else if (/\.(md|markdown)$/i.test(entry.name)) {
        found.push(toPosix(path.relative(root, full)));
      }
    }
  }
  await walk(root);
  return found;
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
