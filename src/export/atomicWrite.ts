/**
 * Atomic file output: write a temp file in the target's folder, then rename it
 * over the target. A reader (or an interrupted export) sees the old file or the
 * new one, never half of one. Temp names end in `.tmp`, never `.pdf`, so a
 * crash leaves nothing that looks like a finished PDF; the next run removes
 * temp files whose process is gone.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { processIsAlive } from '../processIsAlive.ts';

const TEMP_PATTERN = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  try {
    await writeFile(temp, data);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * A folder of files replaced as a whole: written into a temp folder beside
 * it, then swapped in with two renames (the old folder is moved aside first,
 * as a rename cannot replace a folder that has files). Readers see the old
 * set or the new set of files, never a mix.
 */
export async function writeDirAtomic(target: string, entries: { name: string; bytes: Uint8Array }[]): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  const old = tempPathFor(target);
  try {
    await mkdir(temp);
    await Promise.all(entries.map((entry) => writeFile(path.join(temp, entry.name), entry.bytes)));
    const hadOld = await rename(target, old).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    await rename(temp, target);
    if (hadOld) await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

/** Removes temp files (and temp folders of writeDirAtomic) left in `dir` (recursively) by writers that were killed. */
export async function removeStaleTempFiles(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const match = TEMP_PATTERN.exec(path.basename(entry));
    if (!match || processIsAlive(Number(match[2]))) continue;
    await rm(path.join(dir, entry), { force: true, recursive: true });
    removed.push(entry);
  }
  return removed;
}
