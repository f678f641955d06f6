/**
 * The course home (issue 11): a root index.md or README.md is the course's own
 * page — its heading names the course, its opening text is on the index —
 * nothing is overwritten, and two files published
 * at one path are an error naming both.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/loadCourse.ts';
import { renderIndexPage } from '../../src/render/indexPage.ts';
import { loadTheme } from '../../src/render/themes.ts';

let root = '';

async function course(files: Record<string, string>): Promise<string> {
  root = await mkdtemp(path.join(tmpdir(), 'ld-home-'));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  return root;
}

afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the course home', () => {
  it('a Jekyll index.md names the course by its heading, not its nav label, and shows its text on the index', async () => {
    const loaded = await loadCourse(await course({
      '_config.yml': 'title: Site title\n',
      'index.md': '---\nlayout: home\ntitle: Home\nnav_order: 1\n---\n\n# Practical Networking\n{: .fs-9 }\n\nA short course on how packets find their way.\n\n## Before you start\n\nBring a laptop.\n',
      'README.md': '# Repository\n\nHow to run the site locally.\n',
      'module-01/lessons/01-a.md': '---\ntitle: 01 Addresses\nparent: Module 1\n---\n\n# Lesson 1: Addresses and Subnets\n\n## Bits\n\n- 32 of them\n',
    }));
    expect(loaded.title).toBe('Practical Networking');
    expect(loaded.homeHtml).toContain('A short course on how packets find their way.');
    expect(loaded.home).toMatchObject({ file: 'index.md', kind: 'course', page: 'index.html' });
    expect(loaded.decks.map((d) => [d.file, d.page])).toEqual(expect.arrayContaining([['README.md', 'README.html'], ['module-01/lessons/01-a.md', 'module-01/lessons/01-a.html']]));
    expect(loaded.decks.find((d) => d.file.endsWith('01-a.md'))!.deck.title).toBe('Lesson 1: Addresses and Subnets');
    const html = renderIndexPage(loaded, loadTheme('light')!);
    expect(html).toContain('<h1>Practical Networking</h1>');
    expect(html).toMatch(/<div class="ld-course-description ld-course-home"><p>A short course on how packets find their way.<\/p>/);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a README is the home when there is no index.md', async () => {
    const loaded = await loadCourse(await course({ 'README.md': '# Small Course\n\nJust one paragraph.\n', 'm/lessons/01.md': '# One\n\n## A\n\n- a\n' }));
    expect(loaded.home).toMatchObject({ file: 'README.md', kind: 'course', page: 'index.html' });
    expect(loaded.title).toBe('Small Course');
  });

  it('two files published at one path: an error naming both, the first one built', async () => {
    const loaded = await loadCourse(await course({
      'README.md': '# Course\n',
      'm/lessons/01-a.md': '# A from md\n\n## S\n\n- a\n',
      'm/lessons/01-a.markdown': '# A from markdown\n\n## S\n\n- b\n',
    }));
    const clash = loaded.diagnostics.find((d) => d.rule === 'output-clash');
    expect(clash).toMatchObject({ severity: 'error', file: 'm/lessons/01-a.md' });
    expect(clash!.message).toContain('"m/lessons/01-a.markdown"');
    expect(clash!.message).toContain('m/lessons/01-a.html');
    expect(loaded.decks.filter((d) => d.page === 'm/lessons/01-a.html')).toHaveLength(1);
  });
});
