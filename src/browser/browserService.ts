/**
 * One headless Chromium shared by all build-time browser work (diagrams now,
 * slide-fit measuring and PDF export later). Launching costs far more than a
 * page, so we launch once and hand out pages from a small pool.
 *
 * Every page is offline: any request that is not about:/data:/blob: or an
 * explicitly allowed URL is aborted, so building a deck never phones home.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page, Route } from 'playwright-core';
import { findBrowserExecutable } from './findBrowser.ts';

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

export type UrlAllowRule = string | RegExp | ((url: string) => boolean);

export interface BrowserServiceOptions {
  /** Browser to launch; defaults to {@link findBrowserExecutable}'s answer. */
  executablePath?: string;
  /** Extra Chromium flags appended to {@link CHROMIUM_ARGS}. */
  extraArgs?: string[];
  /** URLs pages may load besides about:/data:/blob:. Strings are prefixes. */
  allowUrls?: UrlAllowRule[];
  /** Max pages in use at once via withPage (others wait). Default 4. */
  maxPages?: number;
  /** Max idle pages kept for reuse. Default 2. */
  poolSize?: number;
  /** Launch timeout in ms. Default 30s. */
  timeout?: number;
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

const ALWAYS_ALLOWED = /^(about|data|blob):/i;

function isUrlAllowed(url: string, rules: readonly UrlAllowRule[]): boolean {
  if (ALWAYS_ALLOWED.test(url)) return true;
  return rules.some((rule) =>
    typeof rule === 'string' ? url.startsWith(rule) : rule instanceof RegExp ? rule.test(url) : rule(url),
  );
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
    private readonly options: Required<Pick<BrowserServiceOptions, 'maxPages' | 'poolSize'>> & {
      allowUrls: UrlAllowRule[];
    },
  ) {}

  static async launch(opts: BrowserServiceOptions = {}): Promise<BrowserService> {
    const executablePath = opts.executablePath ?? findBrowserExecutable();
    // Loaded on first launch: a build whose diagrams and layouts are all cached needs no browser.
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS, ...(opts.extraArgs ?? [])],
      timeout: opts.timeout ?? 30_000,
      // We install our own signal handling (see installSignalHandlers): Playwright's
      // SIGTERM/SIGHUP handlers close the browser but swallow the signal, which
      // would keep `lessondeck dev` alive after a `kill`.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const service = new BrowserService(browser, {
      maxPages: Math.max(1, opts.maxPages ?? 4),
      poolSize: Math.max(0, opts.poolSize ?? 2),
      allowUrls: opts.allowUrls ?? [],
    });
    liveServices.add(service);
    browser.on('disconnected', () => liveServices.delete(service));
    installSignalHandlers();
    return service;
  }

  get isConnected(): boolean {
    return this.browser.isConnected() && !this.closing;
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
    const contextOptions: BrowserContextOptions = {
      serviceWorkers: 'block',
      ...(options.viewport ? { viewport: options.viewport } : {}),
      ...(options.deviceScaleFactor ? { deviceScaleFactor: options.deviceScaleFactor } : {}),
    };
    const context = await this.browser.newContext(contextOptions);
    await this.blockNetwork(context);
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
    } finally {
      if (pooled) await pooled.page.close().catch(() => {});
      this.releaseSlot();
    }
  }

  /** Closes pages and the browser. Safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      liveServices.delete(this);
      this.idle.length = 0;
      await this.browser.close().catch(() => {});
    })();
    return this.closing;
  }

  private async blockNetwork(context: BrowserContext): Promise<void> {
    const rules = this.options.allowUrls;
    await context.route('**/*', (route: Route) =>
      isUrlAllowed(route.request().url(), rules) ? route.continue() : route.abort('blockedbyclient'),
    );
    // WebSockets bypass route(); refuse them too.
    await context.routeWebSocket(/.*/, (ws) => {
      if (isUrlAllowed(ws.url(), rules)) ws.connectToServer();
      else void ws.close({ code: 1008, reason: 'blocked by lessondeck' });
    });
  }

  private async takeIdlePage(options: WithPageOptions): Promise<PooledPage> {
    const optionsKey = JSON.stringify({ v: options.viewport ?? null, d: options.deviceScaleFactor ?? null });
    const matches = (p: PooledPage) => p.optionsKey === optionsKey && !p.page.isClosed();
    // Prefer a page already prepared for this purpose, else any compatible one.
    let index = this.idle.findIndex((p) => matches(p) && options.reuseKey !== undefined && p.key === options.reuseKey);
    if (index < 0) index = this.idle.findIndex(matches);
    if (index >= 0) {
      const [pooled] = this.idle.splice(index, 1);
      if (pooled && pooled.key !== options.reuseKey) {
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
    // Keyless pages must not leak state into the next user.
    if (pooled.key === undefined) await pooled.page.goto('about:blank');
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
