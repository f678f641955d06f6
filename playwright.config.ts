/**
 * End-to-end tests: build the sample course once (tests/e2e/global-setup.ts),
 * serve it on 127.0.0.1, and check the decks in a real Chromium. We never
 * download browsers: the executable comes from findBrowserExecutable()
 * (env LESSONDECK_BROWSER, Playwright's browser if present, system Chromium).
 */
import { defineConfig, devices } from '@playwright/test';
import { findBrowserExecutable } from './src/browser/findBrowser.ts';
import { CHROMIUM_ARGS } from './src/browser/browserService.ts';

// One id per `playwright test` run, shared with the workers through the env
// (they re-load this file). Runs started at the same time in the same checkout
// then never clear or overwrite each other's site and artifacts.
const RUN_ID = (process.env['LESSONDECK_E2E_RUN'] ??= `${Date.now().toString(36)}-${process.pid}`);

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: `test-results/artifacts-${RUN_ID}`,
  globalSetup: './tests/e2e/global-setup.ts',
  fullyParallel: true,
  // 2-core machines: one browser per core at most.
  workers: 2,
  // Flakiness must show, not be retried away.
  retries: 0,
  forbidOnly: !!process.env['CI'],
  // A deck test walks every slide; generous because shared CI runners can be slow.
  timeout: 90_000,
  expect: { timeout: 5_000 },
  // A hang guard only (CI allows 90 min); the suite takes a few minutes on an idle 2-core machine.
  globalTimeout: 40 * 60_000,
  reporter: [['list'], ['./tests/support/summaryReporter.ts']],
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 800 },
    // Tracing snapshots the DOM on every action, which makes slide walks several
    // times slower; turn it on when debugging: LESSONDECK_E2E_TRACE=1.
    trace: process.env['LESSONDECK_E2E_TRACE'] ? 'retain-on-failure' : 'off',
    // Decks honour prefers-reduced-motion (no slide transitions): less rendering work while walking.
    reducedMotion: 'reduce',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: findBrowserExecutable(),
      args: [...CHROMIUM_ARGS],
    },
  },
  projects: [{ name: 'chromium' }],
});
