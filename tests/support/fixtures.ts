/**
 * Playwright fixtures for the e2e suite.
 *
 * `page` is wrapped in a guard that records, for the whole test:
 *   - console messages of type "error" and uncaught page errors,
 *   - every request (`page.on('request')`) whose URL is not on the local server
 *     (data:/blob:/about: URLs are local by nature and allowed),
 *   - responses with status >= 400 and failed requests.
 * After the test body, the guard asserts that all of these are empty, so every
 * test in the suite also proves "no errors, no foreign hosts, no 404s".
 */
import { test as base, expect, type Page } from '@playwright/test';

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  foreignRequests: string[];
  failedResponses: string[];
  failedRequests: string[];
  /** Every request URL seen, local or not. */
  requests: string[];
}

export interface E2EFixtures {
  /** Base URL of the static server, no trailing slash. */
  siteUrl: string;
  /** Absolute path of the course folder that was built. */
  courseRoot: string;
  problems: PageProblems;
}

const LOCAL_SCHEMES = ['data:', 'blob:', 'about:'];

export function isLocalUrl(url: string, origin: string): boolean {
  if (LOCAL_SCHEMES.some((scheme) => url.startsWith(scheme))) return true;
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite through playwright.config.ts (its globalSetup builds and serves the site)`);
  return value;
}

export const test = base.extend<E2EFixtures>({
  // eslint-disable-next-line no-empty-pattern
  siteUrl: async ({}, use) => {
    await use(requireEnv('LESSONDECK_E2E_URL'));
  },
  // eslint-disable-next-line no-empty-pattern
  courseRoot: async ({}, use) => {
    await use(requireEnv('LESSONDECK_E2E_COURSE'));
  },
  problems: [async ({ page, siteUrl }, use) => {
    const origin = new URL(siteUrl).origin;
    const problems: PageProblems = {
      consoleErrors: [],
      pageErrors: [],
      foreignRequests: [],
      failedResponses: [],
      failedRequests: [],
      requests: [],
    };
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.consoleErrors.push(`${page.url()}: ${msg.text()}`);
    });
    page.on('pageerror', (error) => problems.pageErrors.push(`${page.url()}: ${error.stack ?? error.message}`));
    page.on('request', (request) => {
      const url = request.url();
      problems.requests.push(url);
      if (!isLocalUrl(url, origin)) problems.foreignRequests.push(url);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.failedResponses.push(`${response.status()} ${response.url()}`);
    });
    page.on('requestfailed', (request) => {
      const error = request.failure()?.errorText ?? 'failed';
      // Requests to foreign hosts are already reported (and may be blocked). ERR_ABORTED is Chromium
      // cancelling a load the page no longer needs (a font still loading when the test navigates on):
      // a missing file is an HTTP error above, a server that is gone is ERR_CONNECTION_REFUSED.
      if (isLocalUrl(request.url(), origin) && error !== 'net::ERR_ABORTED') problems.failedRequests.push(`${error} ${request.url()}`);
    });
    await use(problems);
    expect.soft(problems.pageErrors, 'uncaught page errors').toEqual([]);
    expect.soft(problems.consoleErrors, 'console errors').toEqual([]);
    expect.soft(problems.foreignRequests, 'requests to hosts other than the local server').toEqual([]);
    expect.soft(problems.failedResponses, 'HTTP error responses').toEqual([]);
    expect.soft(problems.failedRequests, 'failed requests').toEqual([]);
  }, { auto: true }],
});

export { expect };

/** The part of the reveal.js 6 API the tests use (the deck exposes it as window.Reveal). */
export interface RevealLike {
  isReady(): boolean;
  getTotalSlides(): number;
  getIndices(slide?: Element): { h: number; v?: number; f?: number };
  isLastSlide(): boolean;
  getCurrentSlide(): HTMLElement;
  getRevealElement(): HTMLElement;
  getSlides(): HTMLElement[];
  getHorizontalSlides(): HTMLElement[];
  slide(h: number, v?: number, f?: number): void;
  next(): void;
  on(type: string, listener: (event: unknown) => void): void;
}

/** Cast helper for code inside page.evaluate: `(window as unknown as RevealWindow).Reveal`. */
export interface RevealWindow {
  Reveal: RevealLike;
}

/** Opens a deck page and waits until reveal.js is initialised. */
export async function openDeck(page: Page, url: string): Promise<void> {
  const response = await page.goto(url);
  expect(response?.status(), `HTTP status of ${url}`).toBe(200);
  await page.waitForFunction(() => {
    const reveal = (window as unknown as Partial<RevealWindow>).Reveal;
    return typeof reveal !== 'undefined' && reveal.isReady();
  }, undefined, { timeout: 15_000 });
}
