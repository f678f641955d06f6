/**
 * Registers the service worker the build writes at the site root (`sw.js`,
 * made by src/vite/offline.ts from src/client/sw.ts), so every page and
 * asset is cached on the first visit and the course opens with no network.
 * Only in a production build: the dev server must always serve fresh files.
 */
import { siteRoot } from './siteRoot.ts';

export const SERVICE_WORKER_FILE = 'sw.js';

export function registerOffline(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || location.protocol === 'file:') return;
  // The print view (`?print-pdf`, PDF export) is a one-off render: caching the whole site then only slows the printing down.
  if (new URLSearchParams(location.search).has('print-pdf')) return;
  const root = siteRoot();
  const register = (): void => {
    navigator.serviceWorker.register(new URL(SERVICE_WORKER_FILE, root), { scope: root.pathname }).catch((error: unknown) => {
      // Offline support is an extra: the site works without it.
      console.warn('lessondeck: offline support is unavailable:', error);
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
