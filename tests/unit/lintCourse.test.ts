/**
 * The course-wide lint (src/check/lintCourse.ts) on a real course folder:
 * anchors must be slide ids of the target deck, images must exist in the
 * course, and no two slides of a deck may share an id.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintCourse } from '../../src/check/lintCourse.ts';
import { loadCourse, type Course } from '../../src/course/loadCourse.ts';

let root = '';
let course: Course;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ld-lint-'));
  await mkdir(path.join(root, 'm', 'lessons'), { recursive: true });
  await mkdir(path.join(root, 'm', 'images'), { recursive: true });
  await writeFile(path.join(root, 'm', 'images', 'here.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(path.join(root, 'm', 'lessons', '01-a.md'), [
    '# A', '', '## Links', '',
    '- [ok](02-b.md#leader-election)', // line 5
    '- [bad anchor](02-b.md#no-such)', // line 6
    '- [same deck](#links)', // line 7
    '- [same deck, bad](#nowhere)', // line 8
    '- [encoded](02-b.md#leader%2Delection)', // line 9
    '', '## Pictures', '',
    '![ok](../images/here.svg)', // line 13
    '', '![missing](../images/gone.png)', // line 15
    '', '![outside](../../../etc/passwd.png)', // line 17
    '', '![remote](https://example.com/x.png)', '',
  ].join('\n'));
  await writeFile(path.join(root, 'm', 'lessons', '02-b.md'), '# B\n\n## Leader Election\n\n- text\n');
  course = await loadCourse(root);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('lintCourse', () => {
  it('reports anchors that are no slide id of their target, at the link line', () => {
    const found = lintCourse(course).filter((d) => d.rule === 'broken-anchor').map((d) => `${d.file}:${d.line}`);
    expect(found).toEqual(['m/lessons/01-a.md:6', 'm/lessons/01-a.md:8']);
  });

  it('reports images missing from the course, never remote ones; one outside it is refused where it is named', () => {
    const found = lintCourse(course).filter((d) => d.rule === 'missing-image');
    expect(found.map((d) => `${d.line} ${d.severity}`)).toEqual(['15 error']);
    expect(found[0]!.message).toContain('m/images/gone.png');
    expect(course.diagnostics.filter((d) => d.rule === 'unsafe-path').map((d) => `${d.line} ${d.severity}`)).toEqual(['17 error']);
  });

  it('reports a slide id used twice in a deck', () => {
    const deck = course.decks.find((d) => d.file.endsWith('02-b.md'))!;
    const twice = { ...course, decks: [{ ...deck, deck: { ...deck.deck, slides: [...deck.deck.slides, { ...deck.deck.slides[1]! }] } }] };
    const found = lintCourse(twice).filter((d) => d.rule === 'duplicate-id');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: 'm/lessons/02-b.md', line: 3, severity: 'error' });
  });
});
