#!/usr/bin/env node
/**
 * Installs the npm dependencies when they are missing, so `npm test` and
 * `npm start` work on a fresh clone. Browsers are never downloaded by npm
 * (scripts/ensure-browser.mjs finds or installs one).
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const installed = ['vite', 'reveal.js', 'shiki', 'mermaid', '@playwright/test', 'vitest'].every((name) => existsSync(path.join(root, 'node_modules', name, 'package.json')));
if (!installed) {
  console.log('Installing npm dependencies (npm install)…');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } });
  process.exit(result.status ?? 1);
}
