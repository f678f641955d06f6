/**
 * Refuses requests that try to leave the served folder: `..` segments in any
 * spelling (`%2e%2e`, `%2f`, backslashes, double encoding) and NUL bytes get a
 * 400 before any file handler sees them. Vite's own checks (`server.fs.allow`)
 * stay in place behind this; the guard makes the rule explicit and testable.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';
import { courseJail } from '../course/courseJail.ts';
import { courseFileGuard } from './courseFileGuard.ts';

export function isTraversalAttempt(url: string): boolean {
  let pathname = url.split(/[?#]/)[0] ?? '';
  // Decode repeatedly so `%252e%252e` is seen as `..` too.
  for (let i = 0; i < 3; i++) {
    try {
      const decoded = decodeURIComponent(pathname);
      if (decoded === pathname) break;
      pathname = decoded;
    } catch {
      return true; // malformed escapes are not a path we serve
    }
  }
  return pathname.includes('\0') || pathname.split(/[\\/]+/).some((segment) => segment === '..');
}

export function rejectTraversal(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  if (!isTraversalAttempt(req.url ?? '/')) return next();
  res.statusCode = 400;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end('Bad request: paths outside the site are not served.\n');
}

/**
 * The guard for a plain `vite preview` of a built site (CLI `lessondeck preview`): no traversal,
 * and with `siteDir`, nothing reached through a symlink out of the site and no dotfile.
 */
export function pathGuardPlugin(siteDir?: string): Plugin {
  const files = siteDir ? courseFileGuard(courseJail(siteDir), []).middleware : undefined;
  return {
    name: 'lessondeck:path-guard',
    configureServer: (server) => void server.middlewares.use(rejectTraversal),
    configurePreviewServer: (server) => {
      server.middlewares.use(rejectTraversal);
      if (files) server.middlewares.use(files);
    },
  };
}
