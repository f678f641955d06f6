/**
 * `lessondeck present`: build the course when the build is missing or older
 * than the course files, then serve it with follow mode and print the
 * presenter's URL (secret token), the audience's URL and its QR code.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import { PACKAGE_ROOT } from '../packageLayout.ts';
import { startPresentServer, type PresentServer } from './server.ts';
import { readBuildStamp, rebuildSafely } from '../site/buildStamp.ts';
import { localOnlyNote } from './reachability.ts';
import { defaultDrawingsFile } from './drawingsFile.ts';

export interface PresentOptions {
  root: string;
  out: string;
  port: number;
  host?: string;
  /** false: serve the existing build as is. */
  build: boolean;
  /** Other names of this machine students may use in the URL (`--allow-host`); others get 403. */
  allowHosts?: string[];
  /** Untrusted course (`--safe`): build it safe, and serve only a site built safe. */
  safe?: boolean;
  /** `--redis URL`: several present processes share one room through this Redis. */
  redis?: string;
  /** `--room NAME`: which room on that Redis (default `default`). */
  room?: string;
  /** Where the pen's drawings are saved (`--drawings`); default `.lessondeck/drawings.json` in the course folder. */
  drawingsFile?: string;
  /** Where to say what was decided (a rebuild kept safe). Default stderr. */
  log?: (line: string) => void;
}

/** Newest modification time of any file under `dir` (dot folders and node_modules skipped). */
export function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Stale: no site, a course file newer than it, or built with another `--safe` than wanted. */
export function buildIsStale(root: string, out: string, safe = false): boolean {
  const index = path.join(out, 'index.html');
  return !existsSync(index) || newestMtime(root) > statSync(index).mtimeMs || (readBuildStamp(out)?.safe ?? false) !== safe;
}

/** Runs `lessondeck build` itself, so presenting uses exactly the same build (diagnostics, atomic output). */
function runBuild(root: string, out: string, safe: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PACKAGE_ROOT, 'bin', 'lessondeck.js'), 'build', '--root', root, '--out', out, ...(safe ? ['--safe'] : [])], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`lessondeck build failed (exit ${code}); fix the errors above and run present again.`))));
  });
}

/** The flags that repeat this call (for the `--host 0.0.0.0` hint). */
function presentArguments(options: PresentOptions): string[] {
  const cwd = process.cwd();
  const args: string[] = [];
  const root = path.relative(cwd, path.resolve(options.root)) || '.';
  const out = path.relative(cwd, path.resolve(options.out)) || '.';
  if (root !== 'slides') args.push('--root', root);
  if (out !== 'dist') args.push('--out', out);
  if (options.port !== 4300) args.push('--port', String(options.port));
  if (!options.build) args.push('--no-build');
  return args;
}

/** A Redis URL as printed: without its password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return 'the given URL';
  }
}

export async function present(options: PresentOptions): Promise<PresentServer> {
  const root = path.resolve(options.root);
  const out = path.resolve(options.out);
  const log = options.log ?? ((line: string) => console.error(line));
  // A site built for an untrusted course stays safe on every rebuild; dropping --safe needs a build of its own.
  const { safe, keptFromSite } = rebuildSafely(out, !!options.safe);
  if (options.build && buildIsStale(root, out, safe)) {
    if (keptFromSite) log(`${path.relative(process.cwd(), out) || '.'} was built with --safe, so it is rebuilt with --safe (raw HTML shown as text). To trust the course, run lessondeck build without --safe first.`);
    await runBuild(root, out, safe);
  }
  if (!existsSync(path.join(out, 'index.html'))) {
    throw new Error(`${out} has no index.html: build the course first (lessondeck build --root ${options.root} --out ${options.out}) or drop --no-build.`);
  }
  if (options.safe && readBuildStamp(out)?.safe !== true) {
    throw new Error(`${out} was not built with --safe, and present --safe serves only a safe build. Drop --no-build to rebuild it safely, or run lessondeck build --safe --root ${options.root} --out ${options.out}.`);
  }
  const drawingsFile = path.resolve(options.drawingsFile ?? defaultDrawingsFile(root, options.room));
  const server = await startPresentServer({ siteDir: out, drawingsFile, port: options.port, ...(options.host ? { host: options.host } : {}), ...(options.allowHosts?.length ? { allowHosts: options.allowHosts } : {}), ...(options.redis ? { redis: options.redis } : {}), ...(options.room ? { room: options.room } : {}) });
  const qr = await QRCode.toString(server.audienceUrl, { type: 'terminal', small: true });
  const note = localOnlyNote(new URL(server.audienceUrl).hostname, presentArguments(options));
  console.log(`Presenting ${path.relative(process.cwd(), out) || '.'}

  Presenter (keep it secret, it can drive everyone):
    ${server.presenterUrl}
  Audience (follows the presenter):
    ${server.audienceUrl}

${qr}${note ? `\n${note}\n` : ''}${options.redis ? `\nSharing the room "${options.room ?? 'default'}" through Redis (${redactUrl(options.redis)}): every present process on it is the same class.\n` : ''}
In a deck: S opens the speaker view, B blanks the screen, L points, D draws. Followers press F (or the button) to follow again after browsing.
Drawings are saved to ${path.relative(process.cwd(), drawingsFile) || drawingsFile}: lessondeck export --with-drawings prints them on the slides.
Press Ctrl+C to stop.`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return server;
}
