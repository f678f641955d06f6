/**
 * Where playwright-core keeps its own Chromium, remembered between runs.
 * Asking playwright-core means loading all of it (~0.35 s) before a browser
 * can be started; the answer only depends on its version and on where its
 * browsers live (env vars, home folder, platform), so it is kept in a small
 * file keyed by those. Whether that browser exists is still checked every run.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../packageLayout.ts';
import { loadPlaywright } from './playwright.ts';

const DEFAULT_MEMO_FILE = path.join(PACKAGE_ROOT, 'node_modules', '.cache', 'lessondeck', 'playwright-browser.json');

interface Memo {
  key: string;
  executablePath: string | null;
}

/** Everything playwright-core's answer depends on. */
export function playwrightBrowserKey(env: NodeJS.ProcessEnv = process.env): string {
  let version = 'unknown';
  try {
    const require = createRequire(import.meta.url);
    version = (JSON.parse(readFileSync(require.resolve('playwright-core/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // Not installed: the lookup below fails the same way and is not remembered.
  }
  const where = ['PLAYWRIGHT_BROWSERS_PATH', 'XDG_CACHE_HOME', 'LOCALAPPDATA'].map((name) => `${name}=${env[name] ?? ''}`);
  return [version, ...where, os.homedir(), process.platform, process.arch].join('\n');
}

/** playwright-core's own Chromium path, or undefined where it has none (unsupported host). */
function askPlaywright(): string | undefined {
  try {
    return loadPlaywright().chromium.executablePath();
  } catch {
    return undefined;
  }
}

export function playwrightBrowserPath(memoFile = DEFAULT_MEMO_FILE, ask = askPlaywright): string | undefined {
  const key = playwrightBrowserKey();
  try {
    const memo = JSON.parse(readFileSync(memoFile, 'utf8')) as Memo;
    if (memo.key === key) return memo.executablePath ?? undefined;
  } catch {
    // No memo yet, or an unreadable one: ask.
  }
  const executablePath = ask();
  try {
    mkdirSync(path.dirname(memoFile), { recursive: true });
    const temp = `${memoFile}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ key, executablePath: executablePath ?? null } satisfies Memo));
    renameSync(temp, memoFile);
  } catch {
    // A read-only install asks every time.
  }
  return executablePath;
}
