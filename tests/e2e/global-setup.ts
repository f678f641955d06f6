/**
 * Builds the sample course ONCE with the real CLI, then serves the result on
 * 127.0.0.1 (random port). Tests find the server through env
 * LESSONDECK_E2E_URL (Playwright copies env set here into its workers) and,
 * for tools outside the run, test-results/e2e-server.json.
 *
 * Env knobs:
 *   LESSONDECK_E2E_COURSE  course folder to build (default: slides)
 *   LESSONDECK_E2E_SITE    use this already-built site instead of building
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FullConfig } from '@playwright/test';
import { startStaticServer } from '../support/staticServer.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SITE_DIR = path.join(REPO_ROOT, 'test-results', 'site');
export const SERVER_INFO_FILE = path.join(REPO_ROOT, 'test-results', 'e2e-server.json');

function runBuild(courseRoot: string, outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'lessondeck.js'), 'build', '--root', courseRoot, '--out', outDir], {
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

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const courseRoot = path.resolve(REPO_ROOT, process.env['LESSONDECK_E2E_COURSE'] ?? 'slides');
  let siteDir = SITE_DIR;
  if (process.env['LESSONDECK_E2E_SITE']) {
    siteDir = path.resolve(REPO_ROOT, process.env['LESSONDECK_E2E_SITE']);
    console.log(`[e2e] using prebuilt site ${siteDir}`);
  } else {
    await runBuild(courseRoot, siteDir);
  }
  if (!existsSync(path.join(siteDir, 'index.html'))) throw new Error(`[e2e] no index.html in ${siteDir}`);

  const server = await startStaticServer(siteDir);
  process.env['LESSONDECK_E2E_URL'] = server.url;
  process.env['LESSONDECK_E2E_COURSE'] = courseRoot;
  process.env['LESSONDECK_E2E_SITE_DIR'] = siteDir;
  mkdirSync(path.dirname(SERVER_INFO_FILE), { recursive: true });
  writeFileSync(SERVER_INFO_FILE, `${JSON.stringify({ url: server.url, site: siteDir, course: courseRoot }, null, 2)}\n`);
  console.log(`[e2e] serving ${path.relative(REPO_ROOT, siteDir)} at ${server.url}`);

  return async () => {
    await server.close();
  };
}
