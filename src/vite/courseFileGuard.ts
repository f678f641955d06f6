/**
 * The course jail (src/course/courseJail.ts) at Vite's two doors:
 *  - dev: a request for a file is answered only when the file is inside the
 *    course after symlinks (and no symlink at all under --safe), or one of
 *    this package's served folders; lesson sources (`.md`, `.mmd`), dotfiles
 *    and lessondeck's own caches are never served;
 *  - build: every file Vite is about to copy into the site passes the same
 *    check (the build fails, naming the file, rather than ship it).
 */
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { isInside, refusalOf, type CourseJail } from '../course/courseJail.ts';

export interface CourseFileGuard {
  /** Connect middleware for the dev server. */
  middleware: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  /** Throws when Vite must not copy this file into the built site. */
  assertCopyable: (file: string) => void;
}

/** Lesson sources and the like: a deck is served, never the markdown it was made from. */
const SOURCE_FILE = /\.(?:md|markdown|mmd)$/i;

/**
 * `packageDirs`: this package's folders the client needs. `viteDirs`: folders Vite itself writes
 * and serves (its dependency cache, `<course>/.vite` for a course outside any package), served
 * when the file really is in one of them; asked on each request, as Vite settles them late.
 */
export function courseFileGuard(jail: CourseJail, packageDirs: readonly string[], viteDirs: () => readonly string[] = () => []): CourseFileGuard {
  const realOf = (file: string): string => (existsSync(file) ? realpathSync(file) : path.resolve(file));
  const isPackageFile = (file: string): boolean => {
    const real = realOf(file);
    return packageDirs.some((dir) => isInside(dir, real)) && !real.split(path.sep).includes('.cache');
  };
  const isViteFile = (file: string): boolean => viteDirs().some((dir) => isInside(dir, file) && existsSync(dir) && isInside(realpathSync(dir), realOf(file)));

  /** Why this absolute path may not be served or copied, or undefined when it may. */
  const refusal = (file: string): string | undefined => {
    if (isViteFile(file) || (!isInside(jail.root, path.resolve(file)) && isPackageFile(file))) return undefined;
    return refusalOf(jail.checkAbsolute(file));
  };

  return {
    middleware(req, res, next) {
      const file = requestedFile(req.url ?? '/', jail.root);
      if (file === undefined) return next();
      const reason = SOURCE_FILE.test(file) && isInside(jail.root, file) ? 'lesson sources are not served; open the deck instead.' : exists(file) ? refusal(file) : undefined;
      if (!reason) return next();
      res.statusCode = SOURCE_FILE.test(file) ? 404 : 403;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(`Not served: ${reason}\n`);
    },
    assertCopyable(file) {
      const reason = refusal(file);
      if (reason) throw new Error(`lessondeck will not copy ${file} into the site: ${reason} Remove the reference to it from the course, or copy the file into the course.`);
    },
  };
}

/** The file a dev-server URL names: `/@fs/<absolute path>`, or a path under the course root; undefined for Vite's own URLs. */
function requestedFile(url: string, root: string): string | undefined {
  let pathname = url.split(/[?#]/)[0] ?? '/';
  try {
    pathname = decodeURIComponent(pathname);
  } catch {
    return undefined; // the traversal guard answers malformed escapes
  }
  if (pathname.startsWith('/@fs/')) return path.resolve(pathname.slice('/@fs'.length));
  if (pathname.startsWith('/@') || pathname.startsWith('/__') || pathname.endsWith('/')) return undefined;
  return path.join(root, pathname);
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
