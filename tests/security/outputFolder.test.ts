/**
 * Interrupted, failed and overlapping builds leave no mess: a build killed
 * between the two renames of the swap gets its site restored by the next run,
 * dead builds' staging folders are removed, and two builds into one folder
 * never collide (the second fails at once with a clear message).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_STAMP_FILE } from '../../src/site/buildStamp.ts';
import { lockFileFor, lockOutput, recoverOutput } from '../../src/site/outputFolder.ts';
import { buildCourseSite } from '../../src/site/viteBuild.ts';
import { tempCourse, type TempCourse } from './tempCourse.ts';

/** The pid of a process that has exited (what a SIGKILLed build leaves in folder names). */
function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', '0']);
    child.once('exit', () => resolve(child.pid!));
  });
}

async function site(dir: string, text: string, stamped: boolean): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'index.html'), text);
  if (stamped) await writeFile(path.join(dir, BUILD_STAMP_FILE), '{"safe":false}');
}

describe('the output folder', () => {
  let course: TempCourse;
  beforeAll(async () => {
    course = await tempCourse({ 'm/lessons/01-a.md': '# A\n\n## One\n\nText.\n' });
  });
  afterAll(() => course.remove());

  it('killed between the renames: the finished new site is swapped in, leftovers removed', async () => {
    const out = path.join(course.base, 'out1');
    const pid = await deadPid();
    await site(`${out}.old-${pid}`, 'old', true);
    await site(`${out}.tmp-${pid}`, 'new', true);
    const done = await recoverOutput(out);
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).toBe('new');
    expect(done.join('\n')).toMatch(/restored/);
    expect((await readdir(course.base)).filter((n) => n.startsWith('out1.'))).toEqual([]);
  });

  it('killed mid-build (no stamp yet): the old site comes back, the half-built one goes', async () => {
    const out = path.join(course.base, 'out2');
    const pid = await deadPid();
    await site(`${out}.old-${pid}`, 'old', true);
    await site(`${out}.tmp-${pid}`, 'half', false);
    await recoverOutput(out);
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).toBe('old');
    expect(existsSync(`${out}.tmp-${pid}`)).toBe(false);
  });

  it('a second build into the same folder fails at once, naming the one that holds it', async () => {
    const out = path.join(course.base, 'out3');
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await writeFile(lockFileFor(out), `${holder.pid}\n`);
      await expect(lockOutput(out)).rejects.toThrow(new RegExp(`process ${holder.pid}\\) is writing`));
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    const lock = await lockOutput(out); // the holder is gone: its lock is taken over
    await expect(lockOutput(out)).rejects.toThrow(/Another build in this process/);
    await lock.release();
  });

  it('two concurrent builds into one folder: one builds, the other says why it did not', async () => {
    const out = path.join(course.base, 'out4');
    const build = () => buildCourseSite({ root: course.root, out, fit: false, offline: false, cacheDir: false });
    const results = await Promise.allSettled([build(), build()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)).toMatch(/Another build in this process is writing/);
    expect(existsSync(path.join(out, 'index.html'))).toBe(true);
    expect((await readdir(course.base)).filter((n) => n.startsWith('out4.'))).toEqual([]);
  });
});
