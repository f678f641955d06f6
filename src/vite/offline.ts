/**
 * Offline support: a service worker that precaches every page, script,
 * stylesheet, font, image and the search index on the first visit. Its
 * source is src/client/sw.ts (Workbox's precaching); vite-plugin-pwa
 * bundles it and injects the list of built files (injectManifest). The
 * client registers it itself (src/client/offline.ts), relative to each page,
 * because pages live in sub-folders and the site is built with a relative base.
 *
 * injectManifest rather than generateSW: generateSW bundles Workbox's runtime
 * with rollup, Babel and (optionally) terser on every build, which took more
 * than a second of each rebuild; here the worker is a small Vite build.
 */
import path from 'node:path';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { PACKAGE_ROOT } from '../render/themes.ts';

export function offlinePlugins(): Plugin[] {
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: path.join(PACKAGE_ROOT, 'src', 'client'),
    filename: 'sw.ts', // built as sw.js (SERVICE_WORKER_FILE in src/client/offline.ts)
    injectRegister: false,
    manifest: false,
    // Write sw.js into the staging folder before lessondeck moves it into place (closeBundle, order 'post').
    integration: {
      closeBundleOrder: 'pre',
      // The worker's own Vite build: only warnings, like the site's build.
      configureCustomSWViteBuild: (config) => {
        config.logLevel = 'warn';
      },
    },
    injectManifest: {
      globPatterns: ['**/*.{html,js,css,woff2,svg,json,png,jpg,jpeg,gif,webp,avif}'],
      // Big diagrams inline in a page must still be cached.
      maximumFileSizeToCacheInBytes: 10 * 1024 * 1024,
      // A classic worker script, `sw.js`, which every browser with service workers runs.
      rollupFormat: 'iife',
    },
  });
}
