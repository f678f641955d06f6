/**
 * `lessondeck check` with the real CLI: tests/fixtures/broken-course has one
 * of each problem (lines below are the lines in its files); the sample course
 * has none. `build --strict` fails on the same errors.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO_ROOT, runCli } from '../support/cli.ts';

const BROKEN = path.join(REPO_ROOT, 'tests/fixtures/broken-course');
const LESSON = 'module-01/lessons/01-broken.md';

/** file:line severity rule, as the planted faults are. */
const EXPECTED = [
  `${LESSON}:7 error mermaid-syntax`, // the line inside the diagram that mermaid rejects
  `${LESSON}:12 error broken-link`,
  `${LESSON}:13 error broken-anchor`,
  `${LESSON}:18 error missing-image`,
  `${LESSON}:22 warning unknown-language`,
  `${LESSON}:26 warning empty-slide`,
  `${LESSON}:30 error overflow`,
  'module-01/lessons/02-bad-front-matter.md:5 error front-matter',
];

interface Reported {
  file: string;
  line: number;
  column: number;
  severity: string;
  rule: string;
  message: string;
}

test.describe.configure({ mode: 'serial' });

test('check reports each planted fault at its file:line, as text and as JSON, and exits 1', async () => {
  test.setTimeout(180_000);
  const [json, text] = await Promise.all([runCli(['check', '--root', BROKEN, '--format', 'json']), runCli(['check', '--root', BROKEN])]);
  expect(json.code, json.stderr).toBe(1);
  const reported = JSON.parse(json.stdout) as Reported[];
  expect(reported.map((d) => `${d.file}:${d.line} ${d.severity} ${d.rule}`)).toEqual(EXPECTED);
  for (const d of reported) expect(Object.keys(d).sort()).toEqual(['column', 'file', 'line', 'message', 'rule', 'severity']);
  expect(reported.find((d) => d.rule === 'mermaid-syntax')!.message).toMatch(/Lexical error|Parse error/); // mermaid's own message

  expect(text.code).toBe(1);
  for (const d of reported) expect(text.stdout).toContain(`${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message.split('\n')[0]}`);
  expect(text.stdout.trimEnd().split('\n').pop()).toBe('6 error(s), 2 warning(s)');
});

test('build --strict fails on the same errors and leaves no output', async () => {
  test.setTimeout(180_000);
  const out = await mkdtemp(path.join(tmpdir(), 'ld-strict-'));
  try {
    const built = await runCli(['build', '--root', BROKEN, '--out', path.join(out, 'site'), '--strict']);
    expect(built.code).toBe(1);
    expect(existsSync(path.join(out, 'site'))).toBe(false);
    for (const line of EXPECTED.filter((e) => e.includes(' error '))) expect(built.stderr + built.stdout).toContain(line.split(' ')[0]!);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

test('check exits 0 on the sample course', async () => {
  test.setTimeout(180_000);
  const result = await runCli(['check', '--root', path.join(REPO_ROOT, 'slides')]);
  expect(result.stdout + result.stderr).not.toMatch(/: error: /);
  expect(result.code).toBe(0);
});
