/**
 * Builds the sample course ONCE with the real CLI into
 * test-results/site-<run id> (one folder per run, so concurrent runs in the same
 * checkout cannot pull the site from under each other; removed again at the end),
 * then serves it on 127.0.0.1 (random port). Tests find the server through env
 * LESSONDECK_E2E_URL (Playwright copies env set here into its workers) and,
 * for tools outside the run, test-results/e2e-server.json.
 *
 * Env knobs:
 *   LESSONDECK_E2E_COURSE  course folder to build (default: slides)
 *   LESSONDECK_E2E_SITE    use this already-built site instead of building
 *   LESSONDECK_E2E_KEEP_SITE=1  keep the built site after the run
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FullConfig } from '@playwright/test';
import { startStaticServer } from '../../src/serve/staticServer.ts';
import { buildPackage } from '../support/buildPackage.ts';
import { buildThemedSite, THEMED_SITE_DIR } from '../support/themedSite.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUN_ID = process.env['LESSONDECK_E2E_RUN'] ?? String(process.pid);
export const SITE_DIR = path.join(REPO_ROOT, 'test-results', `site-${RUN_ID}`);
export const SERVER_INFO_FILE = path.join(REPO_ROOT, 'test-results', `e2e-server-${RUN_ID}.json`);

/** Builds a course with the real CLI; `extraArgs` e.g. `['--theme', 'light']` (a11y.spec.ts, for a course of another theme). */
export function runBuild(courseRoot: string, outDir: string, extraArgs: string[] = []): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'lessondeck.js'), 'build', '--root', courseRoot, '--out', outDir, ...extraArgs], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (code !== 0) {
        reject(new Error(`lessondeck build exited with ${code} after ${seconds} s:\n${output}`));
        return;
      }
      // Diagnostics (warnings) are printed by the CLI; show them so a failing
      // diagram test has its cause right above it.
      console.log(`[e2e] built ${path.relative(REPO_ROOT, outDir)} from ${path.relative(REPO_ROOT, courseRoot) || '.'} in ${seconds} s`);
      const extra = output.split('\n').filter((line) => line.trim() && !line.startsWith('Built ')).join('\n');
      if (extra) console.log(extra);
      resolve();
    });
  });
}

/** Removes per-run leftovers (sites, artifacts) of runs that ended long ago or were killed. */
function pruneOldRuns(maxAgeMs = 6 * 60 * 60 * 1000): void {
  const dir = path.join(REPO_ROOT, 'test-results');
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (!/^(site|artifacts)-[a-z0-9]+-\d+(-themes)?$|^e2e-server-[a-z0-9]+-\d+\.json$/.test(name)) continue;
    const full = path.join(dir, name);
    try {
      if (Date.now() - statSync(full).mtimeMs > maxAgeMs) rmSync(full, { recursive: true, force: true });
    } catch {
      /* removed meanwhile by another run */
    }
  }
}

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  pruneOldRuns();
  // The CLI runs from the compiled package, as installed: dist/ must match src/.
  buildPackage();
  const courseRoot = path.resolve(REPO_ROOT, process.env['LESSONDECK_E2E_COURSE'] ?? 'slides');
  let siteDir = SITE_DIR;
  const themedOut = `${SITE_DIR}-themes`;
  if (process.env['LESSONDECK_E2E_SITE']) {
    siteDir = path.resolve(REPO_ROOT, process.env['LESSONDECK_E2E_SITE']);
    console.log(`[e2e] using prebuilt site ${siteDir}`);
    await buildThemedSite(courseRoot, themedOut, runBuild);
  } else {
    // Two builds at once: each waits on Chromium and Vite part of the time.
    await Promise.all([runBuild(courseRoot, siteDir), buildThemedSite(courseRoot, themedOut, runBuild)]);
  }
  if (existsSync(themedOut)) {
    rmSync(path.join(siteDir, THEMED_SITE_DIR), { recursive: true, force: true });
    renameSync(themedOut, path.join(siteDir, THEMED_SITE_DIR));
  }
  if (!existsSync(path.join(siteDir, 'index.html'))) throw new Error(`[e2e] no index.html in ${siteDir}`);

  const server = await startStaticServer({ root: siteDir });
  process.env['LESSONDECK_E2E_URL'] = server.url;
  process.env['LESSONDECK_E2E_COURSE'] = courseRoot;
  process.env['LESSONDECK_E2E_SITE_DIR'] = siteDir;
  mkdirSync(path.dirname(SERVER_INFO_FILE), { recursive: true });
  writeFileSync(SERVER_INFO_FILE, `${JSON.stringify({ url: server.url, site: siteDir, course: courseRoot }, null, 2)}\n`);
  console.log(`[e2e] serving ${path.relative(REPO_ROOT, siteDir)} at ${server.url}`);

  return async () => {
    await server.close();
    rmSync(SERVER_INFO_FILE, { force: true });
    if (siteDir === SITE_DIR && !process.env['LESSONDECK_E2E_KEEP_SITE']) rmSync(siteDir, { recursive: true, force: true });
    else if (siteDir !== SITE_DIR) rmSync(path.join(siteDir, THEMED_SITE_DIR), { recursive: true, force: true });
  };
}
