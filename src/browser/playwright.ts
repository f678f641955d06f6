/**
 * playwright-core, loaded on first use and only through `require`: it is a
 * CommonJS package of ~7 MB that takes ~0.35 s to load, and a build whose
 * diagrams and layouts are cached never needs it. Loading it once more through
 * `import()` would cost another ~0.2 s (Node scans the whole bundle for its
 * named exports), so every caller goes through here.
 */
import { createRequire } from 'node:module';

type PlaywrightCore = typeof import('playwright-core');

let loaded: PlaywrightCore | undefined;

export function loadPlaywright(): PlaywrightCore {
  loaded ??= createRequire(import.meta.url)('playwright-core') as PlaywrightCore;
  return loaded;
}
