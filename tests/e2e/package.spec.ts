/**
 * lessondeck as an instructor gets it: `npm pack`, installed from the tarball
 * into a fresh project, then a course made by `lessondeck init` is built,
 * checked, exported and served, through the CLI, the Vite plugin in the
 * project's own vite.config and the programmatic API (its types too), with
 * nothing on stderr.
 * (dist/ is brought up to date by the global setup; the tarball is packed
 * from it without running prepack's clean rebuild again.)
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { freePort, REPO_ROOT } from '../support/cli.ts';

const run = promisify(execFile);
/** Plain output: Playwright sets FORCE_COLOR, which Node warns about beside NO_COLOR. */
const { FORCE_COLOR: _color, ...quietEnv } = process.env;
const ENV = { ...quietEnv, NO_COLOR: '1', npm_config_update_notifier: 'false' };
const LESSON = 'module-01/lessons/01-images-and-containers';

let work: string;
test.afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Runs a command; resolves with its output, rejects with it (and the exit code) on failure. */
async function sh(cwd: string, command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const started = performance.now();
  const result = await run(command, args, { cwd, env: ENV, maxBuffer: 64 * 1024 * 1024 });
  // Where the time goes, for whoever keeps the suite fast (never asserted).
  console.log(`[package] ${path.basename(command)} ${args.slice(0, 2).map((a) => path.basename(a)).join(' ')}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

test('the packed package installs and builds an init-made course (CLI, vite plugin, API)', async () => {
  // npm downloads what its cache does not have: time for the network, not an assertion on speed.
  test.setTimeout(300_000);
  work = await mkdtemp(path.join(os.tmpdir(), 'ld-package-'));

  const packed = await sh(REPO_ROOT, 'npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work]);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  const shipped = info!.files.map((f) => f.path);
  expect(shipped).toContain('dist/index.d.ts');
  expect(shipped).toContain('dist/fit/page.js');
  expect(shipped.filter((f) => /^(src|tests|bench|scripts|slides)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);

  const project = path.join(work, 'project');
  await sh(work, 'mkdir', [project]);
  await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'instructor', private: true, type: 'module' }));
  // The project starts with hard links of this checkout's packages (seconds, where extracting ~200 MB
  // of tarballs again took 60-95 s of the suite). npm still decides the tree from the tarball's
  // dependencies alone: it removes every package lessondeck does not need (all dev tools), so a
  // dependency the package forgot to declare is gone and the steps below fail as they would for a
  // user; the versions are the lock file's, as in this checkout.
  await sh(work, 'cp', ['-al', path.join(REPO_ROOT, 'node_modules'), path.join(project, 'node_modules')]);
  await rm(path.join(project, 'node_modules', '.package-lock.json'), { force: true });
  await rm(path.join(project, 'node_modules', '.cache'), { recursive: true, force: true });
  const install = await sh(project, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(work, info!.filename)]);
  for (const devTool of ['eslint', 'vitest', '@playwright/test']) expect(existsSync(path.join(project, 'node_modules', devTool)), `npm removed ${devTool}: lessondeck does not depend on it`).toBe(false);
  expect(install.stderr, 'npm install prints no warning (EBADENGINE, install scripts…)').toBe('');

  const init = await sh(project, 'npx', ['lessondeck', 'init', 'course', '--title', 'Packaged course']);
  expect(init.stderr).toBe('');
  const course = path.join(project, 'course');
  // The course's own `npm install` would fetch lessondeck from the registry; it uses the project's instead.
  await symlink(path.join(project, 'node_modules'), path.join(course, 'node_modules'));

  const built = await sh(course, 'npx', ['lessondeck', 'build']);
  expect(built.stderr, 'build prints no warning (PLUGIN_TIMINGS, diagnostics…)').toBe('');
  const deck = await readFile(path.join(course, 'dist', `${LESSON}.html`), 'utf8');
  expect(deck).toContain('<figure class="diagram"');
  expect(deck).toContain('data-lang="docker"'); // the Dockerfile, highlighted
  expect(await readFile(path.join(course, 'dist', 'index.html'), 'utf8')).toContain('Packaged course');

  const checked = await sh(course, 'npm', ['run', '--silent', 'check']);
  expect(checked.stdout).toContain('No problems found.');

  const exported = await sh(course, 'npx', ['lessondeck', 'export', `${LESSON}.md`, '--format', 'slides']);
  // Export reports each file it writes on stderr (progress); anything else would be a warning.
  expect(exported.stderr.split('\n').filter((line) => line && !line.startsWith('wrote '))).toEqual([]);
  expect(existsSync(path.join(course, 'pdf', `${LESSON}.pdf`))).toBe(true);

  // The Vite plugin from the project's own config file.
  await writeFile(path.join(course, 'vite.config.mjs'), "import { defineConfig } from 'vite';\nimport { lessondeck } from 'lessondeck/vite';\n\nexport default defineConfig({ plugins: [lessondeck()], build: { outDir: 'vite-dist' } });\n");
  const viteBuilt = await sh(course, 'npx', ['vite', 'build', '--logLevel', 'warn']);
  expect(viteBuilt.stderr).toBe('');
  expect(existsSync(path.join(course, 'vite-dist', `${LESSON}.html`))).toBe(true);

  // The programmatic API, typed config helper included.
  await writeFile(path.join(course, 'api.mjs'), "import { build, defineConfig } from 'lessondeck';\nconst result = await build(defineConfig({ outDir: 'api-dist' }));\nconsole.log(JSON.stringify({ outDir: result.outDir, errors: result.diagnostics.filter((d) => d.severity === 'error').length }));\n");
  const api = await sh(course, 'node', ['api.mjs']);
  expect(api.stderr).toBe('');
  expect(JSON.parse(api.stdout)).toEqual({ outDir: path.join(course, 'api-dist'), errors: 0 });

  // The types: a TypeScript project type-checks against the installed declarations.
  await writeFile(path.join(course, 'typed.ts'), "import { check, defineConfig, type LessondeckConfig } from 'lessondeck';\nimport { lessondeck } from 'lessondeck/vite';\n\nconst config: LessondeckConfig = defineConfig({ fit: { longCode: 'split' } });\nvoid check(config).then((all) => all.map((d) => d.line.toFixed()));\nlessondeck({ root: '.' });\n");
  await writeFile(path.join(course, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['typed.ts'] }));
  await sh(course, process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);

  // dev serves a deck and its client from the installed package.
  const port = await freePort();
  // The installed bin itself, not through npx: stopping it must stop the server, not only npx.
  const dev = spawn(process.execPath, [path.join(course, 'node_modules', 'lessondeck', 'bin', 'lessondeck.js'), 'dev', '--port', String(port)], { cwd: course, stdio: ['ignore', 'pipe', 'pipe'], env: ENV });
  let devErr = '';
  dev.stderr.on('data', (c: Buffer) => (devErr += c.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      dev.stdout.on('data', (c: Buffer) => c.toString().includes(`:${port}`) && resolve());
      dev.once('exit', (code) => reject(new Error(`dev exited with ${code}: ${devErr}`)));
    });
    const page = await fetch(`http://localhost:${port}/${LESSON}.html`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/@lessondeck/client/deck.ts');
    const client = await fetch(`http://localhost:${port}/@lessondeck/client/deck.ts`);
    expect(client.status).toBe(200);
    expect(devErr).toBe('');
  } finally {
    const exited = new Promise((resolve) => (dev.exitCode !== null ? resolve(undefined) : dev.once('exit', resolve)));
    dev.kill('SIGTERM');
    await exited;
  }
});
