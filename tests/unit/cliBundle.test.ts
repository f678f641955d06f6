/**
 * The CLI runs from an esbuild bundle of src/ (bin/cliBundle.js). These tests
 * bundle a small TypeScript program the way the CLI is bundled and run it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, utimes, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleForSources, sourcesFingerprint } from '../../bin/cliBundle.js';

let work: string;
let sources: { sourceDir: string; entry: string; cacheDir: string };

beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'ld-bundle-'));
  const sourceDir = path.join(work, 'src');
  await mkdir(path.join(sourceDir, 'nested'), { recursive: true });
  await writeFile(
    path.join(sourceDir, 'main.ts'),
    [
      "import { whereAmI } from './nested/where.ts';",
      'const greeting: string = `main at ${import.meta.url}`;',
      'console.log(greeting);',
      'console.log(whereAmI());',
      "const lazy = await import('./nested/lazy.ts');",
      'console.log(lazy.value);',
    ].join('\n'),
  );
  await writeFile(path.join(sourceDir, 'nested', 'where.ts'), 'export const whereAmI = (): string => `where at ${import.meta.url}`;\n');
  await writeFile(path.join(sourceDir, 'nested', 'lazy.ts'), "export const value: string = 'lazy loaded';\n");
  sources = { sourceDir, entry: path.join(sourceDir, 'main.ts'), cacheDir: path.join(work, 'cache') };
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

function run(file: string): string[] {
  return execFileSync(process.execPath, [file], { encoding: 'utf8' }).trim().split('\n');
}

describe('the CLI bundle', () => {
  it('runs the program with each file keeping its own import.meta.url, lazy imports split off', async () => {
    const entry = await bundleForSources(sources);
    expect(path.dirname(path.dirname(entry))).toBe(sources.cacheDir);
    expect(run(entry)).toEqual([
      `main at ${pathToFileURL(sources.entry).href}`,
      `where at ${pathToFileURL(path.join(sources.sourceDir, 'nested', 'where.ts')).href}`,
      'lazy loaded',
    ]);
    // The lazily imported module is a chunk of its own, not part of the entry.
    expect((await readdir(path.dirname(entry))).filter((f) => f.endsWith('.js')).length).toBeGreaterThan(1);
  });

  it('reuses a bundle while the sources are unchanged, and makes a new one after an edit', async () => {
    const first = await bundleForSources(sources);
    expect(await bundleForSources(sources)).toBe(first);

    const lazy = path.join(sources.sourceDir, 'nested', 'lazy.ts');
    const before = sourcesFingerprint(sources.sourceDir);
    await writeFile(lazy, "export const value: string = 'edited';\n");
    // Move the time on too: two writes within the file system's clock resolution could share one.
    await utimes(lazy, new Date(), new Date(Date.now() + 5_000));
    expect(sourcesFingerprint(sources.sourceDir)).not.toBe(before);

    const second = await bundleForSources(sources);
    expect(second).not.toBe(first);
    expect(run(second).at(-1)).toBe('edited');
  });

  it('sees a new source file', async () => {
    const before = sourcesFingerprint(sources.sourceDir);
    await writeFile(path.join(sources.sourceDir, 'nested', 'extra.ts'), 'export {};\n');
    expect(sourcesFingerprint(sources.sourceDir)).not.toBe(before);
  });
});
