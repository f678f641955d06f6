/**
 * One headless Chromium shared by all build-time browser work (diagrams,
 * slide-fit measuring, PDF export). Launching costs far more than a page, so
 * we launch once and hand out pages from a small pool.
 *
 * Every page is offline: the browser sends all traffic through a "proxy" that
 * is a black hole we own (a local port that closes every connection), and
 * only the origins a caller allows (the exporter's own static server) bypass
 * it. Chromium enforces this itself, so no request is held up on its way to
 * Node and back, as Playwright's request interception would (about a tenth of
 * a second per exported deck); about:, data: and blob: never touch the network.
 */
import net from 'node:net';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { ChromiumProcess } from './chromiumProcess.ts';
import { findBrowserExecutable } from './findBrowser.ts';
import { loadPlaywright } from './playwright.ts';

/** Flags that make Chromium work as root in containers and keep it quiet and offline. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Playwright's viewport for a new context, which the start-up tab is given too. */
const DEFAULT_VIEWPORT = { width: 1280, height: 720 } as const;

export interface BrowserServiceOptions {
  /** Browser to launch; defaults to {@link findBrowserExecutable}'s answer. */
  executablePath?: string;
  /** Extra Chromium flags appended to {@link CHROMIUM_ARGS}. */
  extraArgs?: string[];
  /** Origins (or URLs: only their origin counts) pages may load from. Nothing else on the network. */
  allowOrigins?: string[];
  /** Max pages in use at once via withPage (others wait). Default 4. */
  maxPages?: number;
  /** Max idle pages kept for reuse. Default 2. */
  poolSize?: number;
  /** Launch timeout in ms. Default 30s. */
  timeout?: number;
  /**
   * A page the start-up tab opens at once, in a 1280×720 window, while Node is
   * still loading Playwright (an allowed origin's URL). The first page handed
   * out is that tab: whoever asks for this URL there finds it loading or loaded.
   */
  startUrl?: string;
}

export interface NewPageOptions {
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
}

export interface WithPageOptions extends NewPageOptions {
  /**
   * Pages returned with the same key keep their state (e.g. an already loaded
   * mermaid bundle). Pages without a key are reset to about:blank instead.
   */
  reuseKey?: string;
}

/**
 * Chromium proxy-bypass rules for the allowed origins, e.g.
 * `http://127.0.0.1:41234` (scheme, host and port must all match).
 */
export function proxyBypassRules(allowOrigins: readonly string[]): string {
  return allowOrigins.map((url) => new URL(url).origin).join(',');
}

/** A local port that accepts connections and closes them at once: the proxy every blocked request dies in. */
async function openBlackHole(): Promise<net.Server> {
  const hole = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    hole.once('error', reject);
    hole.listen(0, '127.0.0.1', resolve);
  });
  hole.unref();
  return hole;
}

function blackHoleUrl(hole: net.Server): string {
  return `http://127.0.0.1:${(hole.address() as net.AddressInfo).port}`;
}

interface PooledPage {
  page: Page;
  key: string | undefined;
  optionsKey: string;
}

export class BrowserService {
  private readonly idle: PooledPage[] = [];
  private readonly waiters: (() => void)[] = [];
  private inUse = 0;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly browser: Browser,
    private readonly chromiumProcess: ChromiumProcess,
    private readonly blackHole: net.Server,
    /** The tab Chromium opened at start-up (in the browser's default context), until someone takes it. */
    private startupPage: Page | undefined,
    private readonly options: Required<Pick<BrowserServiceOptions, 'maxPages' | 'poolSize' | 'allowOrigins'>>,
  ) {}

  static async launch(opts: BrowserServiceOptions = {}): Promise<BrowserService> {
    const executablePath = opts.executablePath ?? findBrowserExecutable();
    const timeout = opts.timeout ?? 30_000;
    const allowOrigins = opts.allowOrigins ?? [];
    const blackHole = await openBlackHole();
    const chromiumProcess = ChromiumProcess.start({
      executablePath,
      args: [
        ...CHROMIUM_ARGS,
        ...(opts.extraArgs ?? []),
        // The default context's network rules; new contexts get the same through Playwright.
        `--proxy-server=${blackHoleUrl(blackHole)}`,
        `--proxy-bypass-list=${['<-loopback>', proxyBypassRules(allowOrigins)].filter(Boolean).join(',')}`,
        // The start-up tab's size, so taking it as a 1280×720 page changes nothing in its layout.
        `--window-size=${DEFAULT_VIEWPORT.width},${DEFAULT_VIEWPORT.height}`,
      ],
      timeout,
      ...(opts.startUrl ? { startUrl: opts.startUrl } : {}),
    });
    try {
      // Loaded on first launch (a build whose diagrams and layouts are all
      // cached needs no browser), while Chromium is starting.
      const { chromium } = loadPlaywright();
      const browser = await chromium.connectOverCDP(await chromiumProcess.wsEndpoint, { timeout });
      const service = new BrowserService(browser, chromiumProcess, blackHole, browser.contexts()[0]?.pages()[0], {
        maxPages: Math.max(1, opts.maxPages ?? 4),
        poolSize: Math.max(0, opts.poolSize ?? 2),
        allowOrigins,
      });
      liveServices.add(service);
      browser.on('disconnected', () => liveServices.delete(service));
      installSignalHandlers();
      return service;
    } catch (error) {
      await chromiumProcess.kill();
      blackHole.close();
      throw error;
    }
  }

  get isConnected(): boolean {
    return this.browser.isConnected() && !this.closing;
  }

  /** The Chromium process and its temporary profile folder, for diagnostics. */
  get process(): { pid: number | undefined; profile: string } {
    return { pid: this.chromiumProcess.pid, profile: this.chromiumProcess.profile };
  }

  /** Browser version string, e.g. for cache keys or diagnostics. */
  get version(): string {
    return this.browser.version();
  }

  /**
   * A fresh offline page in its own context (own viewport, no shared storage).
   * Closing the page also closes its context. Caller owns the page.
   */
  async newPage(options: NewPageOptions = {}): Promise<Page> {
    if (!this.isConnected) throw new Error('BrowserService is closed');
    const startupPage = this.takeStartupPage(options);
    if (startupPage) {
      // Playwright's default for a new context, so every page starts the same.
      await startupPage.setViewportSize(options.viewport ?? DEFAULT_VIEWPORT);
      return startupPage;
    }
    const contextOptions: BrowserContextOptions = {
      serviceWorkers: 'block',
      // Playwright adds `<-loopback>`, so other local ports go to the black hole too.
      proxy: { server: blackHoleUrl(this.blackHole), bypass: proxyBypassRules(this.options.allowOrigins) },
      ...(options.viewport ? { viewport: options.viewport } : {}),
      ...(options.deviceScaleFactor ? { deviceScaleFactor: options.deviceScaleFactor } : {}),
    };
    const context = await this.browser.newContext(contextOptions);
    const page = await context.newPage();
    page.once('close', () => void context.close().catch(() => {}));
    return page;
  }

  /**
   * Runs `fn` with a pooled page. At most `maxPages` run at once. After success
   * the page goes back to the pool; after a failure it is closed, since its
   * state is unknown.
   */
  async withPage<T>(fn: (page: Page) => Promise<T>, options: WithPageOptions = {}): Promise<T> {
    await this.acquireSlot();
    let pooled: PooledPage | undefined;
    try {
      pooled = await this.takeIdlePage(options);
      const result = await fn(pooled.page);
      await this.returnToPool(pooled);
      pooled = undefined;
      return result;
    } catch (error) {
      throw this.explainClosed(error);
    } finally {
      if (pooled) await pooled.page.close().catch(() => {});
      this.releaseSlot();
    }
  }

  /**
   * Playwright says only "Target page, context or browser has been closed" when Chromium dies
   * under a page (killed, out of memory, crashed): say what happened and what to do.
   */
  private explainClosed(error: unknown): unknown {
    const gone = !this.browser.isConnected() || this.chromiumProcess.hasExited;
    if (this.closing || !gone || !/has been closed|Target closed|Browser closed/i.test(String((error as Error)?.message))) return error;
    return new Error(`The browser (${this.chromiumProcess.pid === undefined ? 'Chromium' : `Chromium, process ${this.chromiumProcess.pid}`}) quit while lessondeck was using it: it was killed or crashed (often: out of memory). Run the command again; if it keeps happening, give the machine more memory or point --browser at another Chromium.`, { cause: error });
  }

  /** Closes pages and the browser. Safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      liveServices.delete(this);
      this.idle.length = 0;
      // Nothing in a temporary profile is worth a graceful shutdown.
      // Killed while Playwright lets go of the connection: neither waits for the other.
      await Promise.all([this.chromiumProcess.kill(), this.browser.close().catch(() => {})]);
      this.blackHole.close();
    })();
    return this.closing;
  }

  /**
   * The start-up tab, for a caller that needs nothing a page's own context
   * would give (a device scale factor). It sits in the browser's default
   * context, which no other page shares, under the same network rules.
   */
  private takeStartupPage(options: NewPageOptions): Page | undefined {
    const page = this.startupPage;
    if (!page || page.isClosed() || options.deviceScaleFactor) return undefined;
    this.startupPage = undefined;
    return page;
  }

  private async takeIdlePage(options: WithPageOptions): Promise<PooledPage> {
    const optionsKey = JSON.stringify({ v: options.viewport ?? null, d: options.deviceScaleFactor ?? null });
    const matches = (p: PooledPage) => p.optionsKey === optionsKey && !p.page.isClosed();
    // Prefer a page already prepared for this purpose, else any compatible one.
    let index = this.idle.findIndex((p) => matches(p) && options.reuseKey !== undefined && p.key === options.reuseKey);
    if (index < 0) index = this.idle.findIndex(matches);
    if (index >= 0) {
      const [pooled] = this.idle.splice(index, 1);
      // Keyless pages, and pages prepared for another purpose, start blank: no state leaks to the next user.
      if (pooled && (pooled.key === undefined || pooled.key !== options.reuseKey)) {
        await pooled.page.goto('about:blank');
        pooled.key = options.reuseKey;
      }
      if (pooled) return pooled;
    }
    const page = await this.newPage(options);
    return { page, key: options.reuseKey, optionsKey };
  }

  private async returnToPool(pooled: PooledPage): Promise<void> {
    if (!this.isConnected || pooled.page.isClosed() || this.idle.length >= this.options.poolSize) {
      await pooled.page.close().catch(() => {});
      return;
    }
    // Blanked when taken again (takeIdlePage), so the last user of a page does not wait for it.
    this.idle.push(pooled);
  }

  private acquireSlot(): Promise<void> {
    if (this.inUse < this.options.maxPages) {
      this.inUse++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(() => resolve()));
  }

  /** Hands the slot straight to the next waiter, or frees it. */
  private releaseSlot(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.inUse--;
  }
}

// ---------------------------------------------------------------------------
// Process-wide shared instance

let shared: Promise<BrowserService> | undefined;
let sharedDefaults: BrowserServiceOptions = {};

/**
 * Sets the options the shared browser will be launched with (e.g. the CLI's
 * `--browser PATH`), so code that only calls getSharedBrowser() — like the
 * diagram renderer — uses them. Takes effect at the next launch.
 */
export function configureSharedBrowser(opts: BrowserServiceOptions): void {
  sharedDefaults = { ...opts };
}

/**
 * The process-wide browser, launched on first use. Options only matter for the
 * first call (the one that launches). A crashed/closed browser is relaunched.
 */
export async function getSharedBrowser(opts?: BrowserServiceOptions): Promise<BrowserService> {
  if (shared) {
    const current = await shared.catch(() => undefined);
    if (current?.isConnected) return current;
  }
  const launching = BrowserService.launch({ ...sharedDefaults, ...opts });
  shared = launching;
  // A failed launch must not poison later attempts.
  launching.catch(() => {
    if (shared === launching) shared = undefined;
  });
  return launching;
}

/**
 * Closes the shared browser if one was launched. Call it at the end of a build:
 * an open browser keeps the Node process alive.
 */
export async function closeSharedBrowser(): Promise<void> {
  const current = shared;
  shared = undefined;
  const service = await current?.catch(() => undefined);
  await service?.close();
}

// ---------------------------------------------------------------------------
// Signal handling

const liveServices = new Set<BrowserService>();
const HANDLED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let signalHandlersInstalled = false;

/**
 * On Ctrl-C / kill, close our browsers, then let the signal do what it would
 * have done: if nobody else listens, re-raise it so the process exits as usual;
 * if the host (e.g. Vite) has its own handler, leave the exit to it.
 * Playwright itself still kills the child synchronously on 'exit'.
 */
function installSignalHandlers(): void {
  if (signalHandlersInstalled) return;
  signalHandlersInstalled = true;
  for (const signal of HANDLED_SIGNALS) {
    const handler = (): void => {
      const closeAll = Promise.all([...liveServices].map((s) => s.close()));
      const timeout = new Promise((resolve) => setTimeout(resolve, 3_000).unref());
      void Promise.race([closeAll, timeout]).then(() => {
        if (process.listenerCount(signal) > 1) return;
        process.off(signal, handler);
        signalHandlersInstalled = false;
        process.kill(process.pid, signal);
      });
    };
    process.on(signal, handler);
  }
}
