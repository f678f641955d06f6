/**
 * Inputs that used to crash or mislead: a YAML alias bomb in front matter, a
 * diagram too big for mermaid (drawn as a tiny "Maximum text size" picture),
 * a missing course folder, an empty course. Each is a located diagnostic or a
 * clear error, never a crash or a silent success.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserService } from '../../src/browser/browserService.ts';
import { parseFrontMatter } from '../../src/course/frontMatter.ts';
import { loadCourse } from '../../src/course/loadCourse.ts';
import { refusalPicture, renderDiagrams } from '../../src/render/mermaid.ts';
import { tempCourse, type TempCourse } from './tempCourse.ts';

/** Nine levels of nine aliases each: 81 aliases in a few hundred bytes, 9^9 values when walked. */
function aliasBomb(): string {
  const levels = 'abcdefghi'.split('');
  const lines = [`a: &a [${Array(9).fill('"lol"').join(',')}]`, ...levels.slice(1).map((name, i) => `${name}: &${name} [${Array(9).fill(`*${levels[i]}`).join(',')}]`)];
  return ['---', ...lines, 'title: Bomb', '---', '# Bomb', '', 'Text.', ''].join('\n');
}

describe('inputs that crash or mislead', () => {
  let course: TempCourse;
  beforeAll(async () => {
    course = await tempCourse({ 'm/lessons/01-bomb.md': aliasBomb() });
  });
  afterAll(() => course.remove());

  it('a YAML alias bomb is a located front-matter error and the lesson still builds', async () => {
    const parsed = parseFrontMatter(aliasBomb(), 'x.md');
    expect(parsed.data).toEqual({});
    expect(parsed.diagnostics[0]).toMatchObject({ file: 'x.md', line: 1, severity: 'error', rule: 'front-matter' });
    const loaded = await loadCourse(course.root);
    expect(loaded.decks.find((d) => d.file === 'm/lessons/01-bomb.md')?.deck.title).toBe('Bomb');
    expect(loaded.diagnostics.some((d) => d.file === 'm/lessons/01-bomb.md' && d.rule === 'front-matter')).toBe(true);
  });

  it('a missing course folder is a clear error naming it and --root', async () => {
    const missing = path.join(course.base, 'no-such-course');
    const error = await loadCourse(missing).then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toContain(`${missing} does not exist`);
    expect(error?.message).toContain('--root');
  });

  it('an empty course warns that it has no decks', async () => {
    const empty = await tempCourse();
    try {
      await empty.write('README.md', '');
      const { rm } = await import('node:fs/promises');
      await rm(path.join(empty.root, 'README.md'));
      const loaded = await loadCourse(empty.root);
      expect(loaded.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', rule: 'empty-course' })]);
    } finally {
      await empty.remove();
    }
  });

  describe('a 3,000-node diagram', () => {
    let service: BrowserService;
    beforeAll(async () => {
      service = await BrowserService.launch();
    });
    afterAll(() => service?.close());

    it('is a located diagram error, not mermaid\'s tiny refusal picture', async () => {
      expect(refusalPicture('<svg><text>Maximum text size in diagram exceeded</text></svg>')).toMatch(/split it/);
      const source = ['graph TD', ...Array.from({ length: 3_000 }, (_, i) => `  n${i}[Node number ${i} of a very large diagram] --> n${i + 1}`)].join('\n');
      const [result] = await renderDiagrams([{ source, where: { file: 'm/lessons/01-a.md', line: 12 } }], { browser: () => Promise.resolve(service), mermaidConfig: { theme: 'default' }, cacheDir: false });
      expect(result?.ok).toBe(false);
      if (result && !result.ok) {
        expect(result.diagnostic).toMatchObject({ file: 'm/lessons/01-a.md', line: 12, severity: 'error' });
        expect(result.diagnostic.message).toMatch(/larger than Mermaid will draw/);
      }
    });
  });
});
