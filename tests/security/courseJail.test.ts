/**
 * Nothing outside the course root (after realpath) is ever read, copied or
 * served: symlinked images, lessons and `.mmd` files, `../../` paths, the
 * `#.mmd` suffix trick, a sibling `<course>-private/` folder, dotfiles; under
 * --safe no symlink at all. Every refusal is a located error.
 */
import { readdir, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courseJail, isInside } from '../../src/course/courseJail.ts';
import { loadCourse } from '../../src/course/loadCourse.ts';
import { buildSite } from '../../src/site/buildSite.ts';
import { buildCourseSite } from '../../src/site/viteBuild.ts';
import { guardPageAssets } from '../../src/site/assetGuard.ts';
import { courseFileGuard } from '../../src/vite/courseFileGuard.ts';
import { tempCourse, type TempCourse } from './tempCourse.ts';

const SECRET = 'SECRET-7f3a9c';
const LESSON = 'module-01/lessons/01-a.md';

/** Lines of the attack lesson, so each refusal can be checked at its line. */
const ATTACKS = [
  '# Lesson', '',
  '## Images', '',
  '![chart](images/chart.png)', // 5: symlink to a file outside
  '', '![up](../../../outside/secret.txt)', // 7: ../ out of the course
  '', '![sib](../../../course-private/secret.png)', // 9: sibling folder whose name starts like the root's
  '', '![d](x.mmd)', // 11: .mmd symlink outside
  '', '![env](../../.env#.mmd)', // 13: suffix trick on a dotfile
  '', '![in](images/inside.svg)', // 15: symlink inside the course (refused only under --safe)
  '', '![ok](images/ok.svg)', // 17: a plain image
  '',
].join('\n');

describe('the course jail', () => {
  let course: TempCourse;

  beforeAll(async () => {
    course = await tempCourse({
      'module-01/README.md': '# Module\n',
      [LESSON]: ATTACKS,
      'module-01/lessons/images/ok.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
      '.env': `TOKEN=${SECRET}\n`,
    });
    await course.write('../outside/secret.txt', SECRET);
    await course.write('../outside/passwd.md', `# ${SECRET}\n`);
    await course.write('../outside/d.mmd', `graph TD\n  ${SECRET}-->B\n`);
    await course.write('../course-private/secret.png', SECRET);
    await course.link('module-01/lessons/images/chart.png', path.join(course.base, 'outside/secret.txt'));
    await course.link('module-01/lessons/x.mmd', path.join(course.base, 'outside/d.mmd'));
    await course.link('module-01/lessons/02-appendix.md', path.join(course.base, 'outside/passwd.md'));
    await course.link('module-01/lessons/loop.md', 'loop.md');
    await course.link('module-01/lessons/images/inside.svg', 'ok.svg');
  });
  afterAll(() => course.remove());

  it('judges a path the same whether it is spelled from the root as given or from its real path', async () => {
    const viaLink = path.join(course.base, 'course-link');
    const { symlink } = await import('node:fs/promises');
    await symlink(course.root, viaLink);
    const jail = courseJail(viaLink, { safe: true });
    expect(jail.checkAbsolute(path.join(course.root, 'module-01/lessons/images/ok.svg')).ok).toBe(true);
    expect(jail.checkAbsolute(path.join(viaLink, 'module-01/lessons/images/ok.svg')).ok).toBe(true);
    expect(jail.checkAbsolute(path.join(course.root, 'module-01/lessons/images/inside.svg')).ok).toBe(false);
  });

  it('compares by path segments, not by string prefix', () => {
    expect(isInside('/a/course', '/a/course-private/x')).toBe(false);
    expect(isInside('/a/course', '/a/course/x')).toBe(true);
    expect(courseJail(course.root).check('../course-private/secret.png')).toMatchObject({ ok: false });
  });

  it('refuses each attack at its line, reads none of them, and keeps the plain image', async () => {
    const loaded = await loadCourse(course.root);
    const refused = loaded.diagnostics.filter((d) => d.rule === 'unsafe-path');
    expect(refused.filter((d) => d.file === LESSON).map((d) => d.line)).toEqual([5, 7, 9, 11, 13]);
    for (const d of refused) expect(d.severity).toBe('error');
    expect(refused.find((d) => d.line === 5)!.message).toMatch(/symlink to .*outside the course folder.*Copy the file/);
    const deck = loaded.decks.find((d) => d.file === LESSON)!.deck;
    expect(deck.diagrams, 'neither the .mmd symlink nor the #.mmd trick is read as a diagram').toEqual([]);
    expect(JSON.stringify(loaded)).not.toContain(SECRET);
    expect(deck.slides.map((s) => s.html).join('')).toContain('images/ok.svg');
    expect(deck.slides.map((s) => s.html).join('')).toContain('images/inside.svg');
  });

  it('a symlinked lesson out of the course, or a symlink loop, is no deck: a located error', async () => {
    const loaded = await loadCourse(course.root);
    expect(loaded.decks.map((d) => d.file)).not.toContain('module-01/lessons/02-appendix.md');
    const notBuilt = loaded.diagnostics.filter((d) => d.message.startsWith('Not built'));
    expect(notBuilt.map((d) => `${d.file}:${d.line}`).sort()).toEqual(['module-01/lessons/02-appendix.md:1', 'module-01/lessons/loop.md:1']);
    expect(notBuilt.find((d) => d.file.endsWith('loop.md'))!.message).toContain('symlink loop');
  });

  it('--safe refuses symlinks inside the course too', async () => {
    const loaded = await loadCourse(course.root, { safe: true });
    const lines = loaded.diagnostics.filter((d) => d.rule === 'unsafe-path' && d.file === LESSON).map((d) => d.line);
    expect(lines).toEqual([5, 7, 9, 11, 13, 15]);
    expect(loaded.diagnostics.find((d) => d.line === 15)!.message).toContain('--safe refuses symlinks');
  });

  it('raw HTML naming a file outside is rewritten before Vite sees it, and reported', async () => {
    const jail = courseJail(course.root);
    const html = `<img src="../../../outside/secret.txt"><link rel="stylesheet" href="/../outside/x.css"><div style="background:url('../../../course-private/secret.png')"></div><img srcset="images/ok.svg 1x, images/chart.png 2x"><a href="../../../outside/secret.txt">kept</a>`;
    const guarded = guardPageAssets(html, 'module-01/lessons/01-a.html', jail);
    expect(guarded.html.replace(/<a [^>]*>/, '')).not.toMatch(/outside\/|course-private|chart\.png/);
    expect(guarded.html).toContain('<a href="../../../outside/secret.txt">');
    expect(guarded.html).toContain('images/ok.svg 1x');
    expect(guarded.refused.map((r) => r.url)).toHaveLength(4);
  });

  it('Vite is never allowed to copy a file from outside, and the dev server never serves one', () => {
    const guard = courseFileGuard(courseJail(course.root), []);
    expect(() => guard.assertCopyable(path.join(course.root, 'module-01/lessons/images/chart.png'))).toThrow(/will not copy .*chart\.png.*symlink/);
    expect(() => guard.assertCopyable(path.join(course.base, 'outside/secret.txt'))).toThrow(/outside the course/);
    expect(() => guard.assertCopyable(path.join(course.root, 'module-01/lessons/images/ok.svg'))).not.toThrow();
    const serve = (url: string) => {
      const answer = { status: 0, next: false };
      const res = { statusCode: 200, setHeader: () => undefined, end: () => void (answer.status = res.statusCode) } as unknown as ServerResponse & { statusCode: number };
      guard.middleware({ url } as IncomingMessage, res, () => void (answer.next = true));
      return answer.next ? 'next' : answer.status;
    };
    expect(serve('/module-01/lessons/images/chart.png')).toBe(403);
    expect(serve(`/@fs${path.join(course.base, 'outside/secret.txt')}`)).toBe(403);
    expect(serve('/.env')).toBe(403);
    expect(serve('/module-01/lessons/01-a.md')).toBe(404);
    expect(serve('/module-01/lessons/images/ok.svg')).toBe('next');
    expect(serve('/module-01/lessons/01-a.html')).toBe('next');
  });

  it("Vite's own dependency cache inside a course (a course in no package) is still served", async () => {
    await course.write('.vite/deps/reveal.js', 'export {}');
    const viteDir = path.join(course.root, '.vite');
    const guard = courseFileGuard(courseJail(course.root), [], () => [viteDir]);
    let next = false;
    guard.middleware({ url: '/.vite/deps/reveal.js?v=1' } as IncomingMessage, {} as ServerResponse, () => void (next = true));
    expect(next).toBe(true);
  });

  it('a real build copies nothing from outside into the site, and check-level errors name the lines', async () => {
    const out = path.join(course.base, 'site');
    const built = await buildCourseSite({ root: course.root, out, fit: false, offline: false, cacheDir: false });
    expect(built.diagnostics.filter((d) => d.rule === 'unsafe-path').length).toBeGreaterThanOrEqual(5);
    const files = (await readdir(out, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    for (const file of files) expect((await readFile(path.join(file.parentPath, file.name))).includes(SECRET), file.name).toBe(false);
    expect(files.some((f) => f.name.startsWith('ok-') && f.name.endsWith('.svg'))).toBe(true);
    expect((await buildSite(course.root, { fit: false, cacheDir: false })).diagnostics.some((d) => d.rule === 'unsafe-path')).toBe(true);
  });
});
