import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/security/**/*.test.ts'],
    // Tests that run the CLI run the compiled package: bring dist/ up to date first.
    globalSetup: ['tests/support/buildPackage.ts'],
    // Browser-backed tests (mermaid) launch Chromium; give them room on 2 cores.
    testTimeout: 60_000,
    // Vitest's default leaves one of two cores idle; the files are independent (ports are picked free).
    maxWorkers: 2,
    hookTimeout: 60_000,
  },
});
