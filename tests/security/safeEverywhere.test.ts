/**
 * `--safe` is honoured by every command that builds: a site built safe is
 * stamped so, `present` rebuilds it safe (and says so) when a lesson changed,
 * `present --safe` and `export --safe` never use a site built without it, and
 * export's cached site is keyed by it.
 */
import { utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { present } from '../../src/present/present.ts';
import { readBuildStamp, rebuildSafely } from '../../src/site/buildStamp.ts';
import { buildCourseSite } from '../../src/site/viteBuild.ts';
import { courseFingerprint, siteForExport } from '../../src/export/siteForExport.ts';
import { tempCourse, type TempCourse } from './tempCourse.ts';

const LESSON = 'module-01/lessons/01-a.md';
const RAW = '<script>window.pwned = 1</script>';

describe('--safe everywhere', () => {
  let course: TempCourse;
  let out: string;

  beforeAll(async () => {
    course = await tempCourse({ 'module-01/README.md': '# Module\n', [LESSON]: `# A\n\n## Raw\n\n${RAW}\n\nText.\n` });
    out = path.join(course.base, 'site');
    await buildCourseSite({ root: course.root, out, safe: true, fit: false, offline: false, cacheDir: false });
  });
  afterAll(() => course.remove());

  it('a safe build is stamped safe, and a rebuild of it stays safe unless asked otherwise', () => {
    expect(readBuildStamp(out)).toEqual({ safe: true });
    expect(rebuildSafely(out, false)).toEqual({ safe: true, keptFromSite: true });
    expect(rebuildSafely(path.join(course.base, 'nothing-here'), false)).toEqual({ safe: false, keptFromSite: false });
  });

  it('present rebuilds a changed lesson of a safe site with --safe, says so, and serves no raw script', async () => {
    const later = new Date(Date.now() + 5_000);
    await utimes(path.join(course.root, LESSON), later, later);
    const said: string[] = [];
    const server = await present({ root: course.root, out, port: 0, build: true, log: (line) => said.push(line) });
    try {
      expect(said.join('\n')).toMatch(/built with --safe, so it is rebuilt with --safe/);
      expect(readBuildStamp(out)).toEqual({ safe: true });
      const html = await (await fetch(`${server.url}/module-01/lessons/01-a.html`)).text();
      expect(html).not.toContain(RAW);
      expect(html).toContain('&lt;script&gt;');
    } finally {
      await server.close();
    }
  });

  it('present --safe and export --safe refuse a site built without --safe', async () => {
    const trusted = path.join(course.base, 'trusted');
    await buildCourseSite({ root: course.root, out: trusted, fit: false, offline: false, cacheDir: false });
    expect(readBuildStamp(trusted)).toEqual({ safe: false });
    await expect(present({ root: course.root, out: trusted, port: 0, build: false, safe: true })).rejects.toThrow(/not built with --safe/);
    await expect(siteForExport({ root: course.root, site: trusted, safe: true })).rejects.toThrow(/not built with --safe/);
  });

  it("export's cached site is keyed by --safe", async () => {
    expect(await courseFingerprint(course.root, '', true)).not.toBe(await courseFingerprint(course.root, '', false));
  });
});
