/**
 * Export benchmark. Prints numbers, asserts nothing.
 *
 *   npx tsx bench/export.ts [--runs 3] [--deck bench/decks/twelve-slides.md] [--formats slides,handout,pptx] [--deck-only]
 *
 * With the real CLI (`node bin/lessondeck.js export`, process start-up and
 * Chromium launch included, as a user sees it), in a temporary working
 * directory (its own caches), one format per run:
 *   1. a 12-slide deck with 4 Mermaid diagrams (bench/decks/twelve-slides.md,
 *      slide-first markdown, copied into a temporary course folder);
 *   2. the sample course (slides/): every deck.
 * Formats: the slides PDF untagged (`--no-tagged`) and tagged (the default),
 * the handout, the PPTX, the PNGs, and for the course the one-document course
 * PDF untagged and tagged. Each course is built once (`lessondeck build`, cold
 * caches: reported), then exported from that site (`--site`) several times
 * (median reported). Reports wall seconds (the CLI's own "in N s", which leaves
 * out Node's start-up, and the process's), pages, seconds per page, and the CPU
 * time of the process tree (user+sys, GNU time), plus the load average: on a
 * busy machine wall times grow, CPU times much less. The tagging overhead is
 * printed per course from the medians.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { unzipSync } from 'fflate';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO_ROOT, 'bin', 'lessondeck.js');
const DEFAULT_DECK = path.join(REPO_ROOT, 'bench', 'decks', 'twelve-slides.md');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

interface Run {
  seconds: number;
  /** The export's own time, from its last line ("… in N s"). */
  exportSeconds: number;
  cpuSeconds: number;
  pages: number;
  files: number;
}

function pdfPages(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? 0);
}

function listOutputs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(pdf|pptx|png)$/.test(f)).map((f) => path.join(dir, f));
}

/** Pages of an output: a PDF's pages, a PPTX's slides, one per PNG. */
function outputPages(file: string): number {
  if (file.endsWith('.pdf')) return pdfPages(file);
  if (file.endsWith('.pptx')) return Object.keys(unzipSync(readFileSync(file), { filter: (f) => /^ppt\/slides\/slide\d+\.xml$/.test(f.name) })).length;
  return 1;
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
      const own = / in ([\d.]+) s/.exec(output.split('\n').filter((l) => /^(Exported|Built) /.test(l)).at(-1) ?? '');
      const files = listOutputs(out);
      const pngFolders = new Set(files.filter((f) => f.endsWith('.png')).map((f) => path.dirname(f))).size;
      resolve({ seconds, exportSeconds: own ? Number(own[1]) : NaN, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN, pages: files.reduce((n, f) => n + outputPages(f), 0), files: files.filter((f) => !f.endsWith('.png')).length + pngFolders });
    });
  });
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface Format {
  label: string;
  args: string[];
}

const FORMATS: Record<string, Format> = {
  untagged: { label: 'slides PDF, untagged', args: ['--format', 'slides', '--no-tagged'] },
  slides: { label: 'slides PDF, tagged', args: ['--format', 'slides'] },
  handout: { label: 'handout (3 per page, tagged)', args: ['--format', 'handout'] },
  pptx: { label: 'PPTX', args: ['--format', 'pptx'] },
  png: { label: 'PNG (1280×720)', args: ['--format', 'png'] },
  'course-untagged': { label: 'course PDF, untagged', args: ['--format', 'course', '--no-tagged'] },
  course: { label: 'course PDF, tagged (one document)', args: ['--format', 'course'] },
};

async function measureCourse(label: string, work: string, course: string, files: string[], formats: string[], runs: number): Promise<void> {
  const site = path.join(work, `${path.basename(course)}-site`);
  const build = await runExport(work, ['build', '--root', course, '--out', site], path.join(work, 'none'));
  console.log(`\n## ${label} (site built in ${build.seconds.toFixed(1)} s, cold)\n`);
  console.log('| format | files | pages | export s (its own) | CLI s (median) | CPU s (user+sys) | s / page |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  const medians = new Map<string, number>();
  for (const name of formats) {
    const format = FORMATS[name];
    if (!format) throw new Error(`Unknown bench format ${name}: ${Object.keys(FORMATS).join(', ')}`);
    const out = path.join(work, `${path.basename(course)}-${name}`);
    const all: Run[] = [];
    for (let i = 0; i < runs; i++) {
      rmSync(out, { recursive: true, force: true });
      all.push(await runExport(work, ['export', ...files, '--root', course, '--site', site, '--out', out, ...format.args], out));
    }
    const own = median(all.map((r) => r.exportSeconds));
    medians.set(name, own);
    const { pages, files: count } = all[0]!;
    console.log(`| ${format.label} | ${count} | ${pages} | ${own.toFixed(2)} | ${median(all.map((r) => r.seconds)).toFixed(2)} | ${median(all.map((r) => r.cpuSeconds)).toFixed(2)} | ${(own / pages).toFixed(3)} |`);
  }
  for (const [tagged, untagged] of [['slides', 'untagged'], ['course', 'course-untagged']] as const) {
    const a = medians.get(tagged);
    const b = medians.get(untagged);
    if (a !== undefined && b !== undefined) console.log(`\n${FORMATS[tagged]!.label} vs untagged: ${(((a - b) / b) * 100).toFixed(0)} % more time`);
  }
}

async function main(): Promise<void> {
  const runs = Number(arg('runs', '3'));
  const deck = path.resolve(arg('deck', DEFAULT_DECK));
  const formats = arg('formats', 'untagged,slides,handout,pptx,png').split(',');
  const work = mkdtempSync(path.join(os.tmpdir(), 'ld-bench-export-'));
  console.log(`# lessondeck export benchmark (${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${runs} runs each)`);
  if (existsSync(deck)) {
    const course = path.join(work, 'deck-course');
    mkdirSync(course, { recursive: true });
    copyFileSync(deck, path.join(course, 'slides.md'));
    await measureCourse(`${path.basename(deck)}`, work, course, [path.join(course, 'slides.md')], formats, runs);
  } else {
    console.log(`\n(skipped: ${deck} not found)`);
  }
  if (process.argv.includes('--deck-only')) return;
  const sample = path.join(work, 'sample-course');
  cpSync(path.join(REPO_ROOT, 'slides'), sample, { recursive: true });
  await measureCourse('sample course (slides/), every deck', work, sample, [], [...formats, 'course-untagged', 'course'], Math.max(1, runs - 1));
  console.log(`\nload average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; outputs in ${work}`);
}

await main();
