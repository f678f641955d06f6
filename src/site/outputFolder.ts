/**
 * The output folder's life around a build. A build writes `OUT.tmp-PID` and
 * swaps it in with two renames (OUT → `OUT.old-PID`, staging → OUT); this
 * module makes that safe when builds die or overlap:
 *  - a lock (`OUT.lock`, holding the builder's pid) lets one build at a time
 *    write OUT; a second one fails at once, saying who holds it; a lock whose
 *    process is gone is taken over;
 *  - before building, whatever a dead build left is put right: OUT restored
 *    when it was killed between the two renames (the complete new site if its
 *    build stamp was written, else the old one), and every other `.tmp-PID` /
 *    `.old-PID` of a dead process removed (they also hold the disk space a
 *    full disk needs back).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { processIsAlive } from '../processIsAlive.ts';
import { BUILD_STAMP_FILE } from './buildStamp.ts';

export interface OutputLock {
  release: () => Promise<void>;
}

/** Where a build of this process writes the site before swapping it in. */
export function stagingDirFor(outDir: string): string {
  return `${outDir}.tmp-${process.pid}`;
}

export function lockFileFor(outDir: string): string {
  return `${outDir}.lock`;
}

/** Output folders this process is building into (two builds in one process share a pid). */
const heldHere = new Set<string>();

/** One build per output folder: fails with a clear message while another live build holds it. */
export async function lockOutput(outDir: string): Promise<OutputLock> {
  const lockFile = lockFileFor(outDir);
  if (heldHere.has(lockFile)) throw new Error(`Another build in this process is writing ${outDir}. Wait for it to finish, or build into another folder with --out.`);
  heldHere.add(lockFile); // before any await, so a second build in this process sees it
  try {
    return await takeLockFile(outDir, lockFile);
  } catch (error) {
    heldHere.delete(lockFile);
    throw error;
  }
}

async function takeLockFile(outDir: string, lockFile: string): Promise<OutputLock> {
  await mkdir(path.dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockFile, `${process.pid}\n`, { flag: 'wx' });
      return {
        release: async () => {
          heldHere.delete(lockFile);
          await rm(lockFile, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
      if (holder > 0 && holder !== process.pid && processIsAlive(holder)) {
        throw new Error(`Another lessondeck build (process ${holder}) is writing ${outDir}. Wait for it to finish, or build into another folder with --out. (If no such build is running, remove ${lockFile}.)`, { cause: error });
      }
      await rm(lockFile, { force: true }); // its build is gone: take the lock over
    }
  }
  throw new Error(`Could not lock ${outDir} for building (${lockFile} keeps coming back). Make sure no other build writes there, then try again.`);
}

const LEFTOVER = /^(.*)\.(tmp|old)-(\d+)$/;

/** Puts right what dead builds left beside `outDir`; returns what it did, for the log. */
export async function recoverOutput(outDir: string): Promise<string[]> {
  const dir = path.dirname(outDir);
  const base = path.basename(outDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  const leftovers = names
    .map((name) => ({ name, match: LEFTOVER.exec(name) }))
    .filter((l) => l.match?.[1] === base && Number(l.match[3]) !== process.pid && !processIsAlive(Number(l.match[3])))
    .map((l) => ({ full: path.join(dir, l.name), kind: l.match![2] as 'tmp' | 'old' }));
  const done: string[] = [];
  if (!existsSync(outDir)) {
    // Killed between the renames: a staging folder with its stamp is the finished new site.
    const restore = leftovers.find((l) => l.kind === 'tmp' && existsSync(path.join(l.full, BUILD_STAMP_FILE))) ?? leftovers.find((l) => l.kind === 'old');
    if (restore) {
      await rename(restore.full, outDir);
      done.push(`restored ${outDir} from ${path.basename(restore.full)} (a build was interrupted while swapping it in)`);
    }
  }
  for (const leftover of leftovers) {
    if (!existsSync(leftover.full)) continue;
    await rm(leftover.full, { recursive: true, force: true });
    done.push(`removed ${path.basename(leftover.full)} (left by a build that did not finish)`);
  }
  return done;
}
