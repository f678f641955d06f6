/**
 * Tiny throwaway courses for the security tests: a folder of files written
 * from a map (path → text), plus symlinks, removed after the test file.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface TempCourse {
  /** The folder that holds the course (and whatever the test puts beside it). */
  base: string;
  /** The course root, `<base>/course`. */
  root: string;
  write: (relative: string, text: string) => Promise<string>;
  link: (relative: string, target: string) => Promise<void>;
  remove: () => Promise<void>;
}

export async function tempCourse(files: Record<string, string> = {}): Promise<TempCourse> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'lessondeck-sec-'));
  const root = path.join(base, 'course');
  const write = async (relative: string, text: string): Promise<string> => {
    const full = path.resolve(root, relative);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, text);
    return full;
  };
  const link = async (relative: string, target: string): Promise<void> => {
    const full = path.resolve(root, relative);
    await mkdir(path.dirname(full), { recursive: true });
    await symlink(target, full);
  };
  await mkdir(root, { recursive: true });
  for (const [relative, text] of Object.entries({ 'README.md': '# Course\n\nA tiny course.\n', ...files })) await write(relative, text);
  return { base, root, write, link, remove: () => rm(base, { recursive: true, force: true }) };
}
