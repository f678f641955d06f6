import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/security/**/*.test.ts'],
    // Browser-backed tests (mermaid) launch Chromium; give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
