#!/usr/bin/env node
/**
 * Makes sure a Chrome/Chromium is available for build-time rendering (and
 * poppler's pdftoppm/pdftotext for the PDF tests). Run before tests and by the
 * quick start. With --for-tests it also installs what the test suite drives for
 * real: redis-server (present across processes) and LibreOffice Impress
 * (opening exported PPTX files). Everything missing goes into one apt call.
 *
 *   node scripts/ensure-browser.mjs [--browser PATH] [--no-install] [--for-tests]
 *
 * Exit 0 when a browser is available (the other tools are best effort), 1 otherwise.
 * The search order mirrors src/browser/findBrowser.ts (this file is plain JS
 * and cannot import TypeScript sources) — keep the two in sync.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ENV_VARS = ['LESSONDECK_BROWSER', 'CHROME_PATH', 'PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH'];
const LINUX = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];
const MACOS = ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'];

const NOT_FOUND = 'No Chrome/Chromium found. lessondeck renders diagrams in a headless browser.';
const HELP = `Either point lessondeck at one:
  - pass the option --browser <path>, or
  - set the environment variable LESSONDECK_BROWSER=<path>
or install one:
  - Debian/Ubuntu: sudo apt-get install chromium (or chromium-headless-shell: starts faster, enough for lessondeck)
    (on Ubuntu, where "chromium-browser" is only a snap shim, install Google Chrome's .deb instead)
  - where downloads are allowed: npx playwright install chromium
  - or install Google Chrome (https://www.google.com/chrome/)`;

const args = process.argv.slice(2);
const explicit = argValue('--browser');
const allowInstall = !args.includes('--no-install');
const forTests = args.includes('--for-tests');

/** Test-only tools: the command that proves each is there, and its Debian package. */
const TEST_TOOLS = [
  { command: 'redis-server', pkg: 'redis-server' },
  { command: 'soffice', pkg: 'libreoffice-impress-nogui' },
];

function argValue(name) {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const inline = args.find((a) => a.startsWith(`${name}=`));
  return inline?.slice(name.length + 1);
}

function isFile(file) {
  try {
    return existsSync(file) && statSync(file).isFile();
  } catch {
    return false;
  }
}

function windowsCandidates() {
  const roots = [process.env.PROGRAMFILES ?? 'C:\\Program Files', process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)', process.env.LOCALAPPDATA].filter(Boolean);
  return roots.flatMap((root) => ['Google\\Chrome\\Application\\chrome.exe', 'Chromium\\Application\\chrome.exe'].map((s) => path.win32.join(root, s)));
}

async function playwrightChromium() {
  try {
    const { chromium } = await import('playwright-core');
    return chromium.executablePath();
  } catch {
    return undefined; // playwright-core not installed yet, or unsupported host
  }
}

/** Same order as findBrowser.ts. Returns { path, source } or { error } for a user-named path that is missing. */
async function findBrowser() {
  if (explicit) return isFile(explicit) ? { path: explicit, source: '--browser' } : { error: `--browser ${explicit} does not exist` };
  for (const name of ENV_VARS) {
    const value = process.env[name]?.trim();
    if (value) return isFile(value) ? { path: value, source: name } : { error: `${name}=${value} does not exist` };
  }
  const pw = await playwrightChromium();
  if (pw && isFile(pw)) return { path: pw, source: "Playwright's downloaded Chromium" };
  const system = process.platform === 'darwin' ? MACOS : process.platform === 'win32' ? windowsCandidates() : LINUX;
  const found = system.find(isFile);
  return found ? { path: found, source: 'system install' } : undefined;
}

function hasCommand(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function popplerMissing() {
  return process.platform === 'linux' && !(hasCommand('pdftoppm') && hasCommand('pdftotext'));
}

/** "debian", "ubuntu", or undefined. Derivatives count via ID_LIKE. */
function debianFamily() {
  if (process.platform !== 'linux') return undefined;
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    const field = (key) => new RegExp(`^${key}="?([^"\\n]*)"?$`, 'm').exec(release)?.[1]?.toLowerCase() ?? '';
    const ids = `${field('ID')} ${field('ID_LIKE')}`;
    if (ids.includes('ubuntu')) return 'ubuntu';
    if (ids.includes('debian')) return 'debian';
  } catch {
    /* no os-release: not a distro we know how to install on */
  }
  return undefined;
}

/** How to run apt as root: directly, via passwordless sudo, or not at all. */
function aptRunner() {
  if (!hasCommand('apt-get')) return undefined;
  if (process.getuid?.() === 0) return [];
  if (hasCommand('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
  return undefined;
}

function runApt(prefix, aptArgs) {
  const [cmd, ...rest] = [...prefix, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...aptArgs];
  console.log(`lessondeck: running ${[cmd, ...rest].join(' ')}`);
  return spawnSync(cmd, rest, { stdio: 'inherit' }).status === 0;
}

/** True when apt knows a real (non-snap) package of that name. */
function aptHasPackage(name) {
  const out = spawnSync('apt-cache', ['policy', name], { encoding: 'utf8' }).stdout ?? '';
  return /Candidate:\s*(?!\(none\))\S+/.test(out);
}

/**
 * One apt call for everything missing. Ubuntu's chromium-browser is a snap
 * shim that does not work in containers, so we only install Debian's
 * `chromium` package when apt actually has it, with its headless-only build
 * `chromium-headless-shell` beside it where apt has that (what lessondeck
 * prefers: a PDF export takes about two thirds of the time).
 */
function missingTestTools() {
  return forTests && process.platform === 'linux' ? TEST_TOOLS.filter((tool) => !hasCommand(tool.command)) : [];
}

function installWithApt({ browser, poppler, tools = [] }) {
  const runner = aptRunner();
  if (!runner || !debianFamily()) return false;
  if (!runApt(runner, ['update'])) return false;
  const packages = [];
  if (browser && aptHasPackage('chromium')) packages.push('chromium');
  if (browser && aptHasPackage('chromium-headless-shell')) packages.push('chromium-headless-shell');
  if (poppler) packages.push('poppler-utils');
  for (const tool of tools) if (aptHasPackage(tool.pkg)) packages.push(tool.pkg);
  if (browser && !packages.includes('chromium')) console.log('lessondeck: apt has no "chromium" package here (Ubuntu ships it only as a snap).');
  return packages.length > 0 && runApt(runner, ['install', '-y', '--no-install-recommends', ...packages]);
}

function report(found) {
  console.log(`lessondeck: using browser ${found.path} (${found.source})`);
}

function warnIfPopplerMissing() {
  if (popplerMissing()) {
    console.warn('lessondeck: warning: pdftoppm/pdftotext (poppler-utils) not found; PDF tests will be skipped or fail.');
    console.warn('  Debian/Ubuntu: sudo apt-get install poppler-utils   macOS: brew install poppler');
  }
  for (const tool of missingTestTools()) {
    console.warn(`lessondeck: warning: ${tool.command} not found; the tests that need it will fail.`);
    console.warn(`  Debian/Ubuntu: sudo apt-get install ${tool.pkg}`);
  }
}

async function main() {
  let found = await findBrowser();
  if (found?.error) {
    console.error(`lessondeck: ${found.error}\n\n${HELP}`);
    return 1;
  }
  if (found) {
    report(found);
    const tools = missingTestTools();
    if ((popplerMissing() || tools.length > 0) && allowInstall) installWithApt({ browser: false, poppler: popplerMissing(), tools });
    warnIfPopplerMissing();
    return 0;
  }

  if (allowInstall && installWithApt({ browser: true, poppler: popplerMissing(), tools: missingTestTools() })) found = await findBrowser();
  if (found && !found.error) {
    report(found);
    warnIfPopplerMissing();
    return 0;
  }
  console.error(`lessondeck: ${NOT_FOUND}\n${HELP}`);
  return 1;
}

process.exitCode = await main();
