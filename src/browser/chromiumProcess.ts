/**
 * Starts headless Chromium ourselves and hands Playwright its DevTools
 * endpoint (`connectOverCDP`), instead of letting Playwright launch it. The
 * reason is time: Chromium boots (~0.25 s) while Node is still loading
 * playwright-core (~0.35 s), where Playwright can only launch once it is
 * loaded; and the tab Chromium opens at start-up is ready by the time we
 * connect. On a one-deck PDF export that is about a tenth of the run.
 *
 * The endpoint listens on 127.0.0.1 only, on a random port, for a browser whose
 * profile is a fresh temporary folder, and lives as long as the command.
 * The process and its helpers are killed, and the profile removed, when the
 * service closes or the Node process exits. Should Node be killed outright
 * (SIGKILL), Chromium still goes: it also gets a DevTools pipe we never use,
 * and quits when that pipe's other end closes with our process; its profile
 * folder (named after our process id) is removed by the next start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { processIsAlive } from '../processIsAlive.ts';

/**
 * What Playwright would set up for a headless Chromium it launches: no
 * background work, no first-run UI, stable colours, no throttling of hidden
 * pages, shared memory that fits small containers.
 */
const HEADLESS_DEFAULTS: readonly string[] = [
  '--headless',
  '--hide-scrollbars',
  '--mute-audio',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-breakpad',
  '--disable-component-extensions-with-background-pages',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-extensions',
  '--disable-field-trial-config',
  '--disable-features=Translate,MediaRouter,OptimizationHints,PaintHolding,HttpsUpgrades',
  '--disable-hang-monitor',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--force-color-profile=srgb',
  '--metrics-recording-only',
  '--no-default-browser-check',
  '--no-service-autorun',
  '--password-store=basic',
  '--use-mock-keychain',
];

const PROFILE_PREFIX = 'lessondeck-chromium-';
const PROFILE_PATTERN = new RegExp(`^${PROFILE_PREFIX}(\\d+)-`);

/** Profile folders left by lessondeck processes that were killed outright. */
export async function removeStaleProfiles(dir = os.tmpdir()): Promise<string[]> {
  const stale = (await readdir(dir).catch(() => [] as string[])).filter((name) => {
    const pid = Number(PROFILE_PATTERN.exec(name)?.[1]);
    return pid > 0 && pid !== process.pid && !processIsAlive(pid);
  });
  await Promise.all(stale.map((name) => rm(path.join(dir, name), { recursive: true, force: true }).catch(() => {})));
  return stale;
}

export interface ChromiumProcessOptions {
  executablePath: string;
  args: readonly string[];
  /** Max wait for the DevTools endpoint, ms. */
  timeout: number;
  /** What the start-up tab opens (default about:blank): a page that loads while Node is still loading Playwright. */
  startUrl?: string;
}

/** How much of Chromium's stderr a launch failure quotes. */
const STDERR_TAIL_LINES = 12;
const STDERR_KEPT_CHARS = 16_384;

export class ChromiumProcess {
  /** `ws://127.0.0.1:PORT/devtools/browser/ID`, once Chromium listens. */
  readonly wsEndpoint: Promise<string>;
  private exited = false;
  /** Settles when the child has exited (or could not be spawned); set up before any other listener. */
  private readonly exit: Promise<void>;
  /** The end of what Chromium wrote on stderr, for launch failures. */
  private stderrTail = '';
  private killing: Promise<void> | undefined;
  private readonly onNodeExit = (): void => this.killNow();

  private constructor(
    private readonly child: ChildProcess,
    private readonly profileDir: string,
    timeout: number,
  ) {
    // First, so kill() can never wait for an exit that already happened (a browser that dies at start-up).
    this.exit = new Promise((resolve) => {
      const done = (): void => {
        this.exited = true;
        resolve();
      };
      child.once('exit', done);
      child.once('error', done);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-STDERR_KEPT_CHARS);
    });
    this.wsEndpoint = this.readEndpoint(timeout);
    // Rejections are reported to whoever awaits the endpoint.
    this.wsEndpoint.catch(() => undefined);
    process.once('exit', this.onNodeExit);
  }

  static start(options: ChromiumProcessOptions): ChromiumProcess {
    const profileDir = mkdtempSync(path.join(os.tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
    // Housekeeping while Chromium starts; nothing waits for it.
    void removeStaleProfiles();
    const child = spawn(
      options.executablePath,
      [...HEADLESS_DEFAULTS, ...options.args, '--remote-debugging-port=0', '--remote-debugging-pipe', `--user-data-dir=${profileDir}`, options.startUrl ?? 'about:blank'],
      // Its own process group, so the renderer and helper processes go with it.
      // fd 3 and 4 are the tether pipe (Chromium reads 3, writes 4).
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: process.platform !== 'win32' },
    );
    // Nothing is sent on the tether; whatever Chromium writes there is drained.
    (child.stdio[4] as NodeJS.ReadableStream | null)?.resume();
    return new ChromiumProcess(child, profileDir, options.timeout);
  }

  /** The browser's process id (its helpers are in the same process group). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the browser process has exited (or never started). */
  get hasExited(): boolean {
    return this.exited;
  }

  /** The temporary profile folder, removed by kill(). */
  get profile(): string {
    return this.profileDir;
  }

  /** Kills Chromium and its helpers, then removes the temporary profile. Safe to call more than once. */
  kill(): Promise<void> {
    this.killing ??= (async () => {
      process.off('exit', this.onNodeExit);
      if (!this.exited) {
        this.signal('SIGKILL');
        await this.exit;
      }
      // Helper processes may still be closing files for a moment.
      await rm(this.profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 }).catch(() => {});
    })();
    return this.killing;
  }

  /** On process exit only synchronous work runs. */
  private killNow(): void {
    this.signal('SIGKILL');
    try {
      rmSync(this.profileDir, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // A helper still holds a file; the OS cleans the temp folder eventually.
    }
  }

  private signal(signal: NodeJS.Signals): void {
    if (this.exited || this.child.pid === undefined) return;
    try {
      if (process.platform === 'win32') this.child.kill(signal);
      else process.kill(-this.child.pid, signal);
    } catch {
      // Already gone.
    }
  }

  private readEndpoint(timeout: number): Promise<string> {
    return new Promise((resolve, reject) => {
      let output = '';
      const fail = (why: string): void => {
        cleanup();
        reject(new Error(launchFailure(this.child.spawnfile, why, this.stderrTail)));
        void this.kill();
      };
      const onData = (chunk: Buffer): void => {
        output = (output + chunk.toString()).slice(-STDERR_KEPT_CHARS);
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
        if (match?.[1]) {
          cleanup();
          resolve(match[1]);
        }
      };
      const onExit = (code: number | null, signal: string | null): void => fail(`exited before it was ready (${signal ? `signal ${signal}` : `exit code ${code}`})`);
      const onError = (error: Error): void => fail(`could not be started: ${error.message}`);
      const timer = setTimeout(() => fail(`was not ready within ${timeout / 1000} s`), timeout);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.child.stderr?.off('data', onData);
        this.child.off('exit', onExit);
        this.child.off('error', onError);
        // Keep draining Chromium's log so it never blocks on a full pipe.
        this.child.stderr?.resume();
      };
      this.child.stderr?.on('data', onData);
      this.child.once('exit', onExit);
      this.child.once('error', onError);
    });
  }
}

/**
 * What a user needs when the browser will not start: what was run, how it
 * ended, the end of what it said, and what to do about it.
 */
export function launchFailure(executable: string, why: string, stderr: string): string {
  const tail = stderr.trim().split('\n').slice(-STDERR_TAIL_LINES).join('\n');
  return [
    `The browser lessondeck renders with could not start: ${executable} ${why}.`,
    tail ? `Its last output (stderr):\n${tail.replace(/^/gm, '  ')}` : 'It printed nothing on stderr.',
    'Fix: run that file by hand with --headless to see what is missing (a shared library, permissions), install Chromium '
      + '(e.g. apt-get install chromium-headless-shell), or point lessondeck at a working one with --browser PATH or LESSONDECK_BROWSER.',
  ].join('\n');
}
