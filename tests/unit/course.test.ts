import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyEntry, sortEntries } from '../../src/course/discover.ts';
import { deckPathForFile, relativeUrl, resolveLink } from '../../src/course/links.ts';
import { fenceLanguages, loadCourse } from '../../src/course/loadCourse.ts';
import { parseDurationMinutes } from '../../src/course/frontMatter.ts';
import { createCodeHighlighter } from '../../src/render/highlight.ts';

describe('output layout', () => {
  it('maps markdown files to deck pages', () => {
    expect(deckPathForFile('module-07/lessons/01-packaging-distribution.md')).toBe('module-07/lessons/01-packaging-distribution.html');
    expect(deckPathForFile('module-07/README.md')).toBe('module-07/index.html');
    expect(deckPathForFile('README.md')).toBe('index.html');
    expect(deckPathForFile('module-07/SUMMARY.md')).toBe('module-07/SUMMARY.html');
  });

  it('computes relative URLs between pages', () => {
    expect(relativeUrl('module-07/lessons/01.html', 'module-07/labs/lab-01.html')).toBe('../labs/lab-01.html');
    expect(relativeUrl('module-07/index.html', 'index.html')).toBe('../index.html');
  });
});

describe('link rewriting', () => {
  const files = new Set(['module-07/README.md', 'module-07/lessons/01-a.md', 'module-07/lessons/02-b.md', 'module-07/labs/lab-01.md']);
  const from = 'module-07/lessons/01-a.md';

  it('rewrites .md links to deck pages and keeps anchors as reveal hashes', () => {
    expect(resolveLink('02-b.md', from, files)).toEqual({ href: './02-b.html' });
    expect(resolveLink('02-b.md#leader-election', from, files)).toEqual({ href: './02-b.html#/leader-election' });
    expect(resolveLink('../README.md', from, files)).toEqual({ href: '../index.html' });
    expect(resolveLink('../labs/lab-01.md', from, files)).toEqual({ href: '../labs/lab-01.html' });
    expect(resolveLink('#local', from, files)).toEqual({ href: '#/local' });
  });

  it('leaves external links, images and absolute paths alone', () => {
    for (const href of ['https://helm.sh/docs/', 'mailto:a@b.c', '../images/x.svg', '/abs.md', '//cdn/x.md']) expect(resolveLink(href, from, files)).toEqual({ href });
  });

  it('reports links to markdown files outside the course', () => {
    expect(resolveLink('../../module-06/README.md', from, files)).toEqual({ href: '../../module-06/index.html', broken: 'module-06/README.md' });
  });
});

describe('discovery', () => {
  it('classifies course files', () => {
    expect(classifyEntry('README.md').kind).toBe('course');
    expect(classifyEntry('module-07/README.md')).toEqual({ file: 'module-07/README.md', kind: 'module', moduleDir: 'module-07' });
    expect(classifyEntry('module-07/lessons/01-a.md').kind).toBe('lesson');
    expect(classifyEntry('module-07/labs/lab-01.md').kind).toBe('lab');
    expect(classifyEntry('module-07/SUMMARY.md').kind).toBe('page');
  });

  it('orders modules numerically, then README, lessons, labs, pages; nav_order wins', () => {
    const files = ['module-10/README.md', 'module-07/SUMMARY.md', 'module-07/labs/lab-01.md', 'module-07/lessons/10-z.md', 'module-07/lessons/02-b.md', 'module-07/README.md', 'module-09/README.md'];
    const sorted = sortEntries(files.map(classifyEntry)).map((e) => e.file);
    expect(sorted).toEqual(['module-07/README.md', 'module-07/lessons/02-b.md', 'module-07/lessons/10-z.md', 'module-07/labs/lab-01.md', 'module-07/SUMMARY.md', 'module-09/README.md', 'module-10/README.md']);
    const withOrder = sortEntries(['m/lessons/a.md', 'm/lessons/b.md'].map(classifyEntry), (e) => (e.file.endsWith('b.md') ? 1 : 2)).map((e) => e.file);
    expect(withOrder).toEqual(['m/lessons/b.md', 'm/lessons/a.md']);
  });

  it('finds every fence language named in a text', () => {
    expect([...fenceLanguages(['```bash\nx\n```\n~~~yaml\n~~~\n```mermaid\n```\n  ```go {1-3}\n'])].sort()).toEqual(['bash', 'go', 'yaml']);
  });

  it('reads durations in common spellings', () => {
    expect(parseDurationMinutes(45)).toBe(45);
    expect(parseDurationMinutes('45 min')).toBe(45);
    expect(parseDurationMinutes('1h 15m')).toBe(75);
    expect(parseDurationMinutes('1.5 hours')).toBe(90);
    expect(parseDurationMinutes('soon')).toBeUndefined();
  });
});

describe('loading a course folder', () => {
  let root = '';
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'lessondeck-course-'));
    await mkdir(path.join(root, 'module-01', 'lessons'), { recursive: true });
    await mkdir(path.join(root, 'module-01', 'labs'), { recursive: true });
    await mkdir(path.join(root, 'node_modules', 'x'), { recursive: true });
    await writeFile(path.join(root, 'README.md'), '---\ntitle: Test Course\nauthor: Someone\n---\n# Ignored Heading\n\nA course about testing.\n');
    await writeFile(path.join(root, 'module-01', 'README.md'), '# Module 1: Basics\n\n**Navigation:** [Course](../README.md)\n\n## Overview\n\n- [Lesson](lessons/01-intro.md)\n');
    await writeFile(path.join(root, 'module-01', 'lessons', '01-intro.md'), '---\nduration: 30\n---\n# Intro\n\n**Navigation:** [Module](../README.md) | [Next →](../labs/lab-01.md)\n\n## Code\n\n```rust\nfn main() {}\n```\n\n```klingon\nqapla\n```\n\nSee [missing](03-missing.md).\n');
    await writeFile(path.join(root, 'module-01', 'labs', 'lab-01.md'), '# Lab 1\n\n## Do it\n\n1. one\n2. two\n');
    await writeFile(path.join(root, 'node_modules', 'x', 'README.md'), '# not a lesson');
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it('builds the course model with titles, modules, pages and rewritten links', async () => {
    const course = await loadCourse(root, { highlighter: await createCodeHighlighter() });
    expect(course.title).toBe('Test Course'); // front matter wins over the heading
    expect(course.author).toBe('Someone');
    expect(course.decks.map((d) => d.file)).toEqual(['README.md', 'module-01/README.md', 'module-01/lessons/01-intro.md', 'module-01/labs/lab-01.md']);
    expect(course.modules).toHaveLength(1);
    expect(course.modules[0]!.title).toBe('Module 1: Basics');
    const intro = course.decks.find((d) => d.kind === 'lesson')!;
    expect(intro.page).toBe('module-01/lessons/01-intro.html');
    expect(intro.deck.durationMinutes).toBe(30);
    expect(intro.deck.nav).toEqual({ up: { href: '../index.html', label: 'Module' }, next: { href: '../labs/lab-01.html', label: 'Next' } });
    expect(intro.deck.slides.map((s) => s.html).join('')).toContain('class="shiki');
  });

  it('reports unknown languages and broken links with file:line', async () => {
    const course = await loadCourse(root, { highlighter: await createCodeHighlighter() });
    const rules = course.diagnostics.map((d) => `${d.file}:${d.line} ${d.rule}`);
    expect(rules).toContain('module-01/lessons/01-intro.md:14 unknown-language');
    expect(rules).toContain('module-01/lessons/01-intro.md:18 broken-link');
  });
});
