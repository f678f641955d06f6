/**
 * The package build: compiles src/ into dist/ (JavaScript and .d.ts) with
 * tsc, copies the client's CSS beside its compiled code (Vite bundles both
 * into each course's site), and prebuilds the layout page script
 * (dist/fit/page.js) so an installed lessondeck never needs esbuild.
 *
 *   node scripts/build-package.mjs          incremental (nothing to do when dist/ is newer than src/)
 *   node scripts/build-package.mjs --clean  from scratch (prepack does this)
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const BUILD_INFO = path.join(ROOT, 'node_modules', '.cache', 'lessondeck', 'tsconfig.build.tsbuildinfo');
/** Written last: dist/ is complete and as new as its mtime. */
const STAMP = path.join(DIST, '.built');
const INPUTS = [path.join(ROOT, 'src'), path.join(ROOT, 'tsconfig.json'), path.join(ROOT, 'tsconfig.build.json'), fileURLToPath(import.meta.url)];

const files = (dir) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
const newestInput = () => Math.max(...INPUTS.flatMap((input) => (statSync(input).isDirectory() ? files(input) : [input])).map((f) => statSync(f).mtimeMs));
const clean = process.argv.includes('--clean');

// Tests and scripts call this before running the CLI: a fresh dist/ costs them a few stat calls, not a tsc run.
if (!clean && existsSync(STAMP) && statSync(STAMP).mtimeMs >= newestInput()) process.exit(0);

// tsc's incremental state describes dist/: without dist/ it would emit nothing.
if (clean || !existsSync(path.join(DIST, 'cli.js'))) {
  rmSync(DIST, { recursive: true, force: true });
  rmSync(BUILD_INFO, { force: true });
}

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });

// tsc rewrites `./x.ts` imports to `./x.js` in JavaScript but not in declarations.
for (const file of files(DIST).filter((f) => f.endsWith('.d.ts'))) {
  const text = readFileSync(file, 'utf8');
  const rewritten = text.replace(/((?:from|import\()\s*'\.{1,2}\/[^']*?)\.ts'/g, "$1.js'");
  if (rewritten !== text) writeFileSync(file, rewritten);
}

const clientSource = path.join(ROOT, 'src', 'client');
for (const css of files(clientSource).filter((f) => f.endsWith('.css'))) {
  const target = path.join(DIST, 'client', path.relative(clientSource, css));
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(css, target);
}

const { bundleLayoutPage } = await import(pathToFileURL(path.join(DIST, 'fit', 'pageScript.js')).href);
writeFileSync(path.join(DIST, 'fit', 'page.js'), await bundleLayoutPage());
writeFileSync(STAMP, `${new Date().toISOString()}\n`);
