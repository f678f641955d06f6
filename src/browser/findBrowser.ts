/**
 * Finds a Chrome/Chromium executable for build-time rendering (diagrams,
 * slide measuring, PDF export). We never download browsers ourselves: users
 * point us at one, or we pick up one that is already installed.
 *
 * Search order (first hit wins):
 *   1. the explicit option (CLI `--browser PATH`)
 *   2. env LESSONDECK_BROWSER, then CHROME_PATH, then PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH
 *   3. Playwright's own downloaded Chromium, if that file exists
 *   4. well-known system install locations for the current platform
 *
 * Keep scripts/ensure-browser.mjs in sync with this order (it is plain JS and
 * cannot import this file).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { playwrightBrowserPath } from './playwrightBrowserPath.ts';

/** Env vars consulted, in priority order. */
export const BROWSER_ENV_VARS = [
  'LESSONDECK_BROWSER',
  'CHROME_PATH',
  'PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH',
] as const;

export const LINUX_BROWSER_CANDIDATES: readonly string[] = [
  // Debian's headless-only build of the same Chromium: no browser UI to start,
  // so a one-deck export takes about two thirds of the time.
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
];

export const MACOS_BROWSER_CANDIDATES: readonly string[] = [
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** Windows installs live under env-dependent roots; defaults cover a stock system. */
export function windowsBrowserCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const roots = [
    env['PROGRAMFILES'] ?? 'C:\\Program Files',
    env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)',
    env['LOCALAPPDATA'],
  ].filter((root): root is string => Boolean(root));
  const suffixes = ['Google\\Chrome\\Application\\chrome.exe', 'Chromium\\Application\\chrome.exe'];
  return roots.flatMap((root) => suffixes.map((suffix) => path.win32.join(root, suffix)));
}

/** System locations checked for `platform`, in order. Exported so tests can assert on them. */
export function systemBrowserCandidates(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  if (platform === 'darwin') return [...MACOS_BROWSER_CANDIDATES];
  if (platform === 'win32') return windowsBrowserCandidates(env);
  return [...LINUX_BROWSER_CANDIDATES];
}

export type BrowserSource = 'option' | (typeof BROWSER_ENV_VARS)[number] | 'playwright' | 'system';

export interface FoundBrowser {
  executablePath: string;
  source: BrowserSource;
}

export interface FindBrowserOptions {
  /** Path given by the user (`--browser PATH`). Must exist. */
  explicit?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Injected for tests; defaults to "is an existing file". */
  exists?: (file: string) => boolean;
  /** Injected for tests; defaults to playwright-core's `chromium.executablePath()` (remembered between runs). */
  playwrightExecutablePath?: () => string | undefined;
}

export const BROWSER_INSTALL_HELP = [
  'lessondeck renders diagrams in a headless Chrome/Chromium, and none was found.',
  'Either point lessondeck at one:',
  '  - pass the option --browser <path>, or',
  '  - set the environment variable LESSONDECK_BROWSER=<path>',
  'or install one:',
  '  - Debian/Ubuntu: sudo apt-get install chromium (or chromium-headless-shell: starts faster, enough for lessondeck)',
  '  - where downloads are allowed: npx playwright install chromium',
  '  - or install Google Chrome (https://www.google.com/chrome/)',
].join('\n');

export class BrowserNotFoundError extends Error {
  constructor(message: string = BROWSER_INSTALL_HELP) {
    super(message);
    this.name = 'BrowserNotFoundError';
  }
}

function isExistingFile(file: string): boolean {
  try {
    return existsSync(file) && statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * A path the user named (option or env var) must exist: silently falling back
 * to another browser would hide their typo.
 */
function requireUserPath(file: string, source: BrowserSource, exists: (f: string) => boolean): FoundBrowser {
  if (exists(file)) return { executablePath: file, source };
  const origin = source === 'option' ? 'the --browser option' : `the environment variable ${source}`;
  throw new BrowserNotFoundError(`Browser executable "${file}" (from ${origin}) does not exist.\n\n${BROWSER_INSTALL_HELP}`);
}

/** Like {@link findBrowserExecutable} but also says where the browser came from (for logs). */
export function locateBrowser(opts: FindBrowserOptions = {}): FoundBrowser {
  const env = opts.env ?? process.env;
  const exists = opts.exists ?? isExistingFile;

  if (opts.explicit) return requireUserPath(opts.explicit, 'option', exists);
  for (const name of BROWSER_ENV_VARS) {
    const value = env[name]?.trim();
    if (value) return requireUserPath(value, name, exists);
  }

  const playwrightPath = (opts.playwrightExecutablePath ?? playwrightBrowserPath)();
  if (playwrightPath && exists(playwrightPath)) return { executablePath: playwrightPath, source: 'playwright' };

  const systemPath = systemBrowserCandidates(opts.platform ?? process.platform, env).find((p) => exists(p));
  if (systemPath) return { executablePath: systemPath, source: 'system' };

  throw new BrowserNotFoundError();
}

/** Absolute path of the browser to launch; throws {@link BrowserNotFoundError} with install help. */
export function findBrowserExecutable(opts: FindBrowserOptions = {}): string {
  return locateBrowser(opts).executablePath;
}
