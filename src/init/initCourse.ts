/**
 * `lessondeck init [dir]`: writes a ready course (see templates.ts) into a
 * folder, new or existing, and refuses before writing anything if any of its
 * files already exists there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../packageLayout.ts';
import { courseTemplate } from './templates.ts';

export interface InitOptions {
  title?: string;
}

export class InitConflictError extends Error {
  constructor(readonly dir: string, readonly existing: string[]) {
    super(`lessondeck init writes nothing: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''} in ${path.relative(process.cwd(), dir) || '.'}. Pick an empty folder: lessondeck init <new-folder>`);
    this.name = 'InitConflictError';
  }
}

/** Writes the course; returns the files written (posix paths relative to `dir`). */
export async function initCourse(dir: string, options: InitOptions = {}): Promise<string[]> {
  const files = courseTemplate({ title: options.title ?? 'My course', packageName: packageNameFor(dir), lessondeckRange: `^${ownVersion()}` });
  const existing = Object.keys(files).filter((file) => existsSync(path.join(dir, file)));
  if (existing.length) throw new InitConflictError(dir, existing);
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(dir, file);
    await mkdir(path.dirname(target), { recursive: true });
    // `wx`: fail rather than overwrite a file that appeared meanwhile.
    await writeFile(target, text, { flag: 'wx' });
  }
  return Object.keys(files);
}

/** `My Course!` → `my-course`: a valid npm name from the folder name. */
export function packageNameFor(dir: string): string {
  const name = path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|[-]+$/g, '');
  return name || 'course';
}

function ownVersion(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
