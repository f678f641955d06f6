/**
 * PDF export benchmark. Prints numbers, asserts nothing.
 *
 *   npx tsx bench/export.ts [--runs 3] [--deck /work/shared/peers/decks/revealmd/slides.md]
 *
 * With the real CLI (`node bin/lessondeck.js export`, process start-up and
 * Chromium launch included, as a user sees it), in a temporary working
 * directory (its own caches):
 *   1. one 12-slide deck with 4 Mermaid diagrams (the peers' benchmark deck,
 *      slide-first markdown, copied into a temporary course folder): slides PDF;
 *   2. the sample course (slides/): every deck's slides and handout PDFs.
 * Each course is built once (`lessondeck build`, cold caches: reported), then
 * exported from that site (`--site`) several times (median reported), so the
 * numbers do not depend on whether the export's own site cache was fresh.
 * Reports seconds, pages, seconds per page, and the CPU time of the process
 * tree (user+sys, GNU time), plus the load average: on a busy machine wall
 * times grow, CPU times much less.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO_ROOT, 'bin', 'lessondeck.js');
const DEFAULT_DECK = '/work/shared/peers/decks/revealmd/slides.md';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

interface Run {
  seconds: number;
  cpuSeconds: number;
  pages: number;
  files: number;
}

function pdfPages(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? 0);
}

function listPdfs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.pdf')).map((f) => path.join(dir, f));
}

/** Runs the CLI: wall time, and user+sys of the process and its children via GNU time when present. */
function runExport(cwd: string, args: string[], out: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const useTime = existsSync('/usr/bin/time');
    const command = useTime ? '/usr/bin/time' : process.execPath;
    const argv = useTime ? ['-f', 'LD_CPU %U %S', process.execPath, CLI, ...args] : [CLI, ...args];
    const child = spawn(command, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`lessondeck ${args.join(' ')} exited with ${code}:\n${output}`));
      const cpu = /LD_CPU ([\d.]+) ([\d.]+)/.exec(output);
      const files = listPdfs(out);
      resolve({ seconds, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN, pages: files.reduce((n, f) => n + pdfPages(f), 0), files: files.length });
    });
  });
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measure(label: string, work: string, course: string, files: string[], formats: string, runs: number): Promise<void> {
  const site = path.join(work, `${path.basename(course)}-site`);
  const out = path.join(work, `${path.basename(course)}-pdf`);
  const build = await runExport(work, ['build', '--root', course, '--out', site], out);
  const args = ['export', ...files, '--root', course, '--site', site, '--out', out, '--format', formats];
  const all: Run[] = [];
  for (let i = 0; i < runs; i++) all.push(await runExport(work, args, out));
  const seconds = median(all.map((r) => r.seconds));
  const cpu = median(all.map((r) => r.cpuSeconds));
  const { pages, files: pdfs } = all[0]!;
  console.log(`| ${label} | ${pdfs} | ${pages} | ${build.seconds.toFixed(1)} | ${seconds.toFixed(2)} | ${cpu.toFixed(2)} | ${(seconds / pages).toFixed(3)} | ${((build.seconds + seconds) / pages).toFixed(3)} |`);
}

async function main(): Promise<void> {
  const runs = Number(arg('runs', '3'));
  const deck = arg('deck', DEFAULT_DECK);
  const work = mkdtempSync(path.join(os.tmpdir(), 'ld-bench-export-'));
  console.log(`# lessondeck export benchmark (${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})\n`);
  console.log('| what | PDFs | pages | site build s (cold, once) | export s (median of runs, from the built site) | export CPU s (user+sys) | export s / page | build + export s / page |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  if (existsSync(deck)) {
    const course = path.join(work, 'deck-course');
    mkdirSync(course, { recursive: true });
    copyFileSync(deck, path.join(course, 'slides.md'));
    await measure(`12-slide deck, 4 diagrams (${path.basename(path.dirname(deck))}/${path.basename(deck)}): slides`, work, course, [path.join(course, 'slides.md')], 'slides', runs);
  } else {
    console.log(`| (skipped: ${deck} not found) | | | | | | | |`);
  }
  const sample = path.join(work, 'sample-course');
  cpSync(path.join(REPO_ROOT, 'slides'), sample, { recursive: true });
  await measure('sample course (slides/): slides + handouts of every deck', work, sample, [], 'slides,handout', Math.max(1, runs - 1));
  console.log(`\nload average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; outputs in ${work}`);
}

await main();
