/**
 * Offline support: a service worker (`sw.js`) that precaches every page,
 * script, stylesheet, font, image and the search index on the first visit.
 * Its source is src/client/sw.ts (Workbox's precaching). The client registers
 * it itself (src/client/offline.ts), relative to each page, because pages
 * live in sub-folders and the site is built with a relative base.
 *
 * Per build: the worker's bundle (from a cache keyed by its source and the
 * Workbox and Vite versions) is written into the output folder, then
 * Workbox's injectManifest puts the list of built files and their revisions
 * into it. Bundling the worker once rather than on every build (as
 * vite-plugin-pwa does) keeps a rebuild about a second faster: the bundle
 * never changes while lessondeck does not.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin, ResolvedConfig, Rollup } from 'vite';
import { ContentCache, contentCacheKey } from '../contentCache.ts';
import { codeFile, PACKAGE_ROOT } from '../packageLayout.ts';

/** The worker's file name at the site root; src/client/offline.ts registers the same name. */
export const SERVICE_WORKER_FILE = 'sw.js';
const SERVICE_WORKER_SOURCE = codeFile('client/sw.ts');
const BUNDLE_CACHE_DIR = path.join('node_modules', '.cache', 'lessondeck', 'sw');

/** `cache: false` (`--no-cache`) bundles the worker afresh instead of reading the cache. */
export function offlinePlugin(options: { cache?: boolean } = {}): Plugin {
  let config: ResolvedConfig | undefined;
  let buildFailed = false;
  return {
    name: 'lessondeck:offline',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    buildEnd(error) {
      buildFailed = !!error;
    },
    // Before lessondeck's own closeBundle moves the staging folder into place.
    closeBundle: {
      order: 'pre',
      sequential: true,
      async handler() {
        const outDir = config?.build.outDir;
        if (!config || !outDir || buildFailed || !existsSync(outDir)) return;
        const worker = path.join(outDir, SERVICE_WORKER_FILE);
        await writeFile(worker, await serviceWorkerBundle(options.cache !== false));
        // Only the injectManifest module: all of workbox-build takes ~0.6 s to load.
        const { injectManifest } = await import('workbox-build/build/inject-manifest.js');
        const result = await injectManifest({
          swSrc: worker,
          swDest: worker,
          globDirectory: outDir,
          globPatterns: ['**/*.{html,js,css,woff2,svg,json,png,jpg,jpeg,gif,webp,avif}'],
          globIgnores: [SERVICE_WORKER_FILE],
          // Big diagrams inline in a page must still be cached.
          maximumFileSizeToCacheInBytes: 10 * 1024 * 1024,
        });
        for (const warning of result.warnings) config.logger.warn(`lessondeck (offline): ${warning}`);
      },
    },
  };
}

/** The worker bundled as one classic script, with `self.__WB_MANIFEST` left for injectManifest. */
async function serviceWorkerBundle(useCache: boolean): Promise<string> {
  const require = createRequire(import.meta.url);
  const versions = ['workbox-precaching', 'workbox-core', 'vite'].map((name) => `${name}@${(require(`${name}/package.json`) as { version: string }).version}`);
  const key = contentCacheKey([readFileSync(SERVICE_WORKER_SOURCE, 'utf8'), ...versions]);
  const cache = useCache ? new ContentCache(BUNDLE_CACHE_DIR, '.js') : undefined;
  const cached = await cache?.get(key);
  if (cached?.includes('self.__WB_MANIFEST')) return cached;

  const { build } = await import('vite');
  const output = await build({
    configFile: false,
    root: PACKAGE_ROOT,
    logLevel: 'warn',
    publicDir: false,
    // Workbox's modules drop their development logging in production.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      write: false,
      minify: true,
      lib: { entry: SERVICE_WORKER_SOURCE, formats: ['iife'], name: 'lessondeckServiceWorker', fileName: () => SERVICE_WORKER_FILE },
    },
  });
  const outputs = (Array.isArray(output) ? output : [output]) as Rollup.RollupOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((item): item is Rollup.OutputChunk => item.type === 'chunk');
  if (!chunk?.code.includes('self.__WB_MANIFEST')) throw new Error('lessondeck: the service worker bundle lost its self.__WB_MANIFEST injection point');
  await cache?.set(key, chunk.code).catch(() => {}); // a read-only cache must not fail the build
  return chunk.code;
}
