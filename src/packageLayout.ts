/**
 * Where this package's own files are. The code runs from `src/` (TypeScript,
 * in this repo's unit tests) or from `dist/` (the compiled package, how the CLI
 * and every user run it); both sit directly under the package root, beside
 * `themes/` and `public/`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `src/` or `dist/`: the folder holding this file. */
export const CODE_DIR = path.dirname(fileURLToPath(import.meta.url));
export const PACKAGE_ROOT = path.dirname(CODE_DIR);
export const THEMES_DIR = path.join(PACKAGE_ROOT, 'themes');
/** The browser code the Vite plugin serves and bundles (TypeScript in src/, JavaScript in dist/). */
export const CLIENT_DIR = path.join(CODE_DIR, 'client');
/** The extension of this package's code files where it runs from. */
export const CODE_EXTENSION = path.extname(fileURLToPath(import.meta.url)) === '.ts' ? '.ts' : '.js';

/** A code file of this package, named as in src/ (`client/deck.ts`), as it exists where the code runs. */
export function codeFile(sourceName: string): string {
  return path.join(CODE_DIR, sourceName.replace(/\.ts$/, CODE_EXTENSION));
}
