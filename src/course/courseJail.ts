/**
 * The one rule for every file lessondeck reads, copies or serves on a
 * course's behalf: it must be inside the course root after symlinks are
 * resolved (realpath), compared by path segments (a sibling folder
 * `<course>-private/` is outside, though its name starts like the root's).
 * With `--safe` a course may not use symlinks at all, not even ones that
 * stay inside it. Hidden files (`.env`) are never part of a course. A refusal says why and what to do, for a located error.
 */
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';

export type JailVerdict =
  | { ok: true; full: string }
  | { ok: false; missing: true; full: string }
  | { ok: false; missing?: false; refused: string };

export interface CourseJail {
  /** The course root as given (resolved, not realpath'd). */
  readonly root: string;
  readonly safe: boolean;
  /** May this course-relative path (posix or native, `..` allowed) be read? */
  check: (relative: string) => JailVerdict;
  /** The same for an absolute path (e.g. one Vite is about to copy). */
  checkAbsolute: (full: string) => JailVerdict;
}

/** `child` is `parent` or inside it, by whole path segments. */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

export function courseJail(root: string, options: { safe?: boolean } = {}): CourseJail {
  const lexicalRoot = path.resolve(root);
  const safe = !!options.safe;
  let realRoot: string | undefined;
  const resolveRoot = (): string => (realRoot ??= existsSync(lexicalRoot) ? realpathSync(lexicalRoot) : lexicalRoot);

  const checkAbsolute = (full: string): JailVerdict => {
    const lexical = path.resolve(full);
    // A path may be spelled from the root as given or from its real path (Vite hands out real
    // paths; on macOS /tmp is /private/tmp): either way it is judged relative to the root.
    const base = isInside(lexicalRoot, lexical) || !isInside(resolveRoot(), lexical) ? lexicalRoot : resolveRoot();
    const shown = path.relative(base, lexical) || '.';
    if (!isInside(base, lexical)) {
      return { ok: false, refused: `"${shown}" is outside the course folder; lessondeck never reads files outside it. Copy the file into the course and point at the copy.` };
    }
    // Dotfiles (`.env`, `.git/…`) are no part of a course, as discovery skips them: never read or copied.
    if (shown.split(path.sep).some((segment) => segment.startsWith('.') && segment !== '.' && segment !== '..')) {
      return { ok: false, refused: `"${shown}" is a hidden file (its name or a folder's starts with "."); lessondeck never reads or copies hidden files. Rename it if it belongs to the course.` };
    }
    let real: string;
    try {
      real = realpathSync(lexical);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return brokenLink(lexical, shown) ?? { ok: false, missing: true, full: lexical };
      if (code === 'ELOOP') return { ok: false, refused: `"${shown}" is a symlink loop. Remove the symlink or point it at a real file inside the course.` };
      return { ok: false, refused: `"${shown}" cannot be read (${code ?? String(error)}). Check its permissions.` };
    }
    if (!isInside(resolveRoot(), real)) {
      return { ok: false, refused: `"${shown}" is a symlink to ${real}, outside the course folder; lessondeck never reads files outside it. Copy the file into the course instead of linking to it.` };
    }
    // Inside after realpath; under --safe it must also be reached without any symlink.
    if (safe && real !== path.join(resolveRoot(), shown === '.' ? '' : shown)) {
      return { ok: false, refused: `"${shown}" is (or passes through) a symlink, and --safe refuses symlinks in an untrusted course. Replace the symlink with the file itself.` };
    }
    return { ok: true, full: lexical };
  };

  return {
    root: lexicalRoot,
    safe,
    checkAbsolute,
    check: (relative) => checkAbsolute(path.resolve(lexicalRoot, relative)),
  };
}

/** A dangling symlink is not "missing": it says where it points. */
function brokenLink(lexical: string, shown: string): JailVerdict | undefined {
  try {
    if (!lstatSync(lexical).isSymbolicLink()) return undefined;
  } catch {
    return undefined;
  }
  return { ok: false, refused: `"${shown}" is a symlink whose target does not exist. Remove it or replace it with the file itself.` };
}

/** The refusal message of a verdict, or undefined when the path may be read (or is merely missing). */
export function refusalOf(verdict: JailVerdict): string | undefined {
  return !verdict.ok && !verdict.missing ? verdict.refused : undefined;
}
