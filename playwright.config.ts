/**
 * End-to-end tests: build the sample course once (tests/e2e/global-setup.ts),
 * serve it on 127.0.0.1, and check the decks in a real Chromium. We never
 * download browsers: the executable comes from findBrowserExecutable()
 * (env LESSONDECK_BROWSER, Playwright's browser if present, system Chromium).
 */
import { defineConfig, devices } from '@playwright/test';
import { findBrowserExecutable } from './src/browser/findBrowser.ts';
import { CHROMIUM_ARGS } from './src/browser/browserService.ts';

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/artifacts',
  globalSetup: './tests/e2e/global-setup.ts',
  fullyParallel: true,
  // 2-core machines: one browser per core at most.
  workers: 2,
  // Flakiness must show, not be retried away.
  retries: 0,
  forbidOnly: !!process.env['CI'],
  timeout: 60_000,
  expect: { timeout: 5_000 },
  // The whole suite should stay well under 3 minutes (build included).
  globalTimeout: 5 * 60_000,
  reporter: [['list'], ['./tests/support/summaryReporter.ts']],
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: findBrowserExecutable(),
      args: [...CHROMIUM_ARGS],
    },
  },
  projects: [{ name: 'chromium' }],
});
