/**
 * Build benchmark for the sample course. Prints numbers, asserts nothing.
 *
 *   npx tsx bench/build.ts [--course slides] [--runs 3] [--cold-runs 1] [--shared-cache]
 *
 * Measures, with the real CLI (`node bin/lessondeck.js build`, so process
 * start-up is included, as a user would see it):
 *   - cold build: node_modules/.cache/lessondeck removed first (diagram and
 *     layout caches empty, so every diagram is rendered in Chromium),
 *   - warm rebuild: nothing changed since the previous build,
 *   - rebuild after touching one lesson: one lesson's text changed (a comment
 *     appended, so content hashes change, not just the mtime).
 * and, for the built site, the JS and CSS each deck page loads (scripts,
 * modulepreloads and stylesheets referenced by its HTML; fonts and images
 * excluded), raw and gzip-compressed.
 *
 * The course is copied to a temporary folder first (the touched lesson is
 * never one in slides/) and the builds run with that folder as the working
 * directory, so the caches the bench clears are its own
 * (<tmp>/node_modules/.cache/lessondeck): a dev server or test run going on in
 * the checkout keeps its cache. --shared-cache runs in the repository instead
 * and clears the real node_modules/.cache/lessondeck.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO_ROOT, 'bin', 'lessondeck.js');

interface Args {
  course: string;
  runs: number;
  coldRuns: number;
  sharedCache: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { course: 'slides', runs: 3, coldRuns: 1, sharedCache: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--course') args.course = value();
    else if (arg === '--runs') args.runs = Math.max(1, Number(value()));
    else if (arg === '--cold-runs') args.coldRuns = Math.max(1, Number(value()));
    else if (arg === '--shared-cache') args.sharedCache = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('npx tsx bench/build.ts [--course slides] [--runs 3] [--cold-runs 1] [--shared-cache]');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  return args;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs one CLI build; resolves with wall-clock seconds. Build output is kept for errors only. */
function build(courseRoot: string, outDir: string, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, 'build', '--root', courseRoot, '--out', outDir], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve(seconds);
      else reject(new Error(`build failed (exit ${code}):\n${output}`));
    });
  });
}

function listFiles(dir: string, ext: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(ext)) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

interface PageWeight {
  page: string;
  jsFiles: number;
  cssFiles: number;
  jsRaw: number;
  jsGzip: number;
  cssRaw: number;
  cssGzip: number;
}

/** JS and CSS a built page references: <script src>, <link rel=modulepreload|stylesheet href>. */
function pageWeight(siteDir: string, htmlFile: string): PageWeight {
  const html = readFileSync(htmlFile, 'utf8');
  const refs = new Set<string>();
  for (const tag of html.matchAll(/<(script|link)\b[^>]*>/gi)) {
    const text = tag[0];
    const url = /\b(?:src|href)\s*=\s*["']([^"']+)["']/i.exec(text)?.[1];
    if (!url || /^(?:[a-z]+:)?\/\//i.test(url) || url.startsWith('data:')) continue;
    if (tag[1]!.toLowerCase() === 'link' && !/\brel\s*=\s*["']?(?:stylesheet|modulepreload)\b/i.test(text)) continue;
    const file = path.resolve(path.dirname(htmlFile), url.split(/[?#]/)[0]!);
    if (/\.(?:js|mjs|css)$/i.test(file)) refs.add(file);
  }
  const weight: PageWeight = { page: path.relative(siteDir, htmlFile).split(path.sep).join('/'), jsFiles: 0, cssFiles: 0, jsRaw: 0, jsGzip: 0, cssRaw: 0, cssGzip: 0 };
  for (const file of refs) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    const gz = gzipSync(bytes, { level: 9 }).length;
    if (file.endsWith('.css')) {
      weight.cssFiles++;
      weight.cssRaw += bytes.length;
      weight.cssGzip += gz;
    } else {
      weight.jsFiles++;
      weight.jsRaw += bytes.length;
      weight.jsGzip += gz;
    }
  }
  return weight;
}

const kb = (bytes: number): string => (bytes / 1024).toFixed(1);
const sec = (s: number): string => s.toFixed(2);

function table(headers: string[], rows: string[][], align: ('l' | 'r')[]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(headers), line(align.map((a) => (a === 'r' ? '---:' : ':---'))), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sourceCourse = path.resolve(REPO_ROOT, args.course);
  if (!existsSync(sourceCourse)) throw new Error(`no course folder ${sourceCourse}`);

  const work = mkdtempSync(path.join(os.tmpdir(), 'lessondeck-bench-'));
  const courseRoot = path.join(work, 'course');
  const outDir = path.join(work, 'site');
  const cwd = args.sharedCache ? REPO_ROOT : work;
  const cacheDir = path.join(cwd, 'node_modules', '.cache', 'lessondeck');
  cpSync(sourceCourse, courseRoot, { recursive: true });

  const lessons = listFiles(courseRoot, '.md').filter((f) => /[\\/]lessons[\\/]/.test(f));
  const touched = lessons[0] ?? listFiles(courseRoot, '.md')[0]!;

  console.log(`lessondeck build bench — ${path.relative(REPO_ROOT, sourceCourse) || '.'} (${listFiles(courseRoot, '.md').length} markdown files), node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`work dir ${work}; cache ${cacheDir}\n`);

  try {
    const cold: number[] = [];
    for (let i = 0; i < args.coldRuns; i++) {
      rmSync(cacheDir, { recursive: true, force: true });
      cold.push(await build(courseRoot, outDir, cwd));
      console.log(`cold build ${i + 1}/${args.coldRuns}: ${sec(cold.at(-1)!)} s`);
    }
    const warm: number[] = [];
    for (let i = 0; i < args.runs; i++) {
      warm.push(await build(courseRoot, outDir, cwd));
      console.log(`warm rebuild ${i + 1}/${args.runs}: ${sec(warm.at(-1)!)} s`);
    }
    const touchedRuns: number[] = [];
    for (let i = 0; i < args.runs; i++) {
      appendFileSync(touched, `\n<!-- bench edit ${Date.now()}-${i} -->\n`);
      touchedRuns.push(await build(courseRoot, outDir, cwd));
      console.log(`rebuild after editing ${path.relative(courseRoot, touched)} ${i + 1}/${args.runs}: ${sec(touchedRuns.at(-1)!)} s`);
    }

    const spread = (v: number[]): string => (v.length > 1 ? `${sec(Math.min(...v))}–${sec(Math.max(...v))}` : '');
    console.log('\n### Build time (seconds, wall clock, CLI start to exit)\n');
    console.log(
      table(
        ['Build', 'Runs', 'Median s', 'Min–max s'],
        [
          ['cold (cache cleared)', String(cold.length), sec(median(cold)), spread(cold)],
          ['warm (nothing changed)', String(warm.length), sec(median(warm)), spread(warm)],
          [`one lesson edited (${path.basename(touched)})`, String(touchedRuns.length), sec(median(touchedRuns)), spread(touchedRuns)],
        ],
        ['l', 'r', 'r', 'r'],
      ),
    );

    const weights = listFiles(outDir, '.html').map((file) => pageWeight(outDir, file));
    const total = (w: PageWeight): number => w.jsGzip + w.cssGzip;
    console.log('\n### JS and CSS per page (KiB; fonts and images excluded; gzip -9)\n');
    console.log(
      table(
        ['Page', 'JS files', 'JS raw', 'JS gzip', 'CSS files', 'CSS raw', 'CSS gzip', 'Total gzip'],
        weights.map((w) => [w.page, String(w.jsFiles), kb(w.jsRaw), kb(w.jsGzip), String(w.cssFiles), kb(w.cssRaw), kb(w.cssGzip), kb(total(w))]),
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
    const assets = path.join(outDir, 'assets');
    const all = existsSync(assets) ? readdirSync(assets) : [];
    const sum = (re: RegExp): number => all.filter((n) => re.test(n)).reduce((n, name) => n + statSync(path.join(assets, name)).size, 0);
    console.log(`\nassets/: ${kb(sum(/\.m?js$/))} KiB JS, ${kb(sum(/\.css$/))} KiB CSS, ${kb(sum(/\.(woff2?|ttf|otf)$/))} KiB fonts (not counted above), ${all.length} files`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
