/**
 * What choosing diagram layouts costs at build time (issue 10): the course
 * built into a fresh cache with the layout variants and without them (cold),
 * then again from the warm cache, median of N runs each. Prints seconds and
 * the number of diagrams drawn; asserts nothing.
 *
 *   npx tsx bench/layout-cost.ts [--root slides] [--runs 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeSharedBrowser } from '../src/browser/browserService.ts';
import { buildSite } from '../src/site/buildSite.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
};
const ROOT = path.resolve(REPO_ROOT, option('root', 'slides'));
const RUNS = Number(option('runs', '3'));

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timeBuild(cacheDir: string, diagramVariants: boolean): Promise<{ seconds: number; figures: number; variants: number }> {
  const started = performance.now();
  const site = await buildSite(ROOT, { cacheDir, diagramVariants });
  const figures = [...site.figures.values()].flat();
  return { seconds: (performance.now() - started) / 1000, figures: figures.length, variants: figures.reduce((n, f) => n + f.length - 1, 0) };
}

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const variants of [false, true]) {
    const cold: number[] = [];
    const warm: number[] = [];
    let drawn = { figures: 0, variants: 0 };
    for (let run = 0; run < RUNS; run++) {
      const cacheDir = mkdtempSync(path.join(tmpdir(), 'ld-layout-cost-'));
      try {
        const first = await timeBuild(cacheDir, variants);
        cold.push(first.seconds);
        drawn = first;
        warm.push((await timeBuild(cacheDir, variants)).seconds);
      } finally {
        rmSync(cacheDir, { recursive: true, force: true });
      }
    }
    rows.push(`| ${variants ? 'with layout variants' : 'author\'s drawing only'} | ${drawn.figures} | ${drawn.variants} | ${median(cold).toFixed(2)} s | ${median(warm).toFixed(2)} s |`);
  }
  await closeSharedBrowser();
  console.log(`Course: ${path.relative(REPO_ROOT, ROOT) || ROOT} (median of ${RUNS}; render + layout pass, no Vite)\n`);
  console.log('| diagrams | count | variants drawn | cold | warm |\n|---|---|---|---|---|');
  console.log(rows.join('\n'));
}

await main();
