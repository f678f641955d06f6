/**
 * The site's service worker (bundled and given the list of built files by
 * src/vite/offline.ts): Workbox precaches every page, script,
 * stylesheet, font, image and the search index on the first visit, then
 * answers from the cache, so the course works with no network.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';

// The DOM lib types `self` as a window; in this file it is the worker's global scope.
interface WorkerScope {
  /** Replaced at build time by the list of built files and their revisions (the text `self.__WB_MANIFEST` must stay). */
  __WB_MANIFEST: (string | PrecacheEntry)[];
  skipWaiting(): Promise<void>;
}

// A new build takes over at once: a student never keeps an old copy of the course open.
void (self as unknown as WorkerScope).skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute((self as unknown as WorkerScope).__WB_MANIFEST, {
  // Decks are also opened as `deck.html?view=scroll` (the reading view): the same cached page.
  ignoreURLParametersMatching: [/.*/],
  // `module-07/` is `module-07/index.html`.
  directoryIndex: 'index.html',
  cleanURLs: false,
});
