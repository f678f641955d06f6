/**
 * A small static file server for a built site: serves one folder (default on
 * 127.0.0.1, a random port) with correct MIME types. Anything that is not a
 * file inside the folder is a 404; a directory serves its index.html. Paths
 * that would leave the folder (`..` plain or percent-encoded, backslashes, NUL
 * bytes, symlinks pointing outside) are refused, and so are dotfiles.
 *
 * Its memory is bounded whatever the clients do: the request log is a small
 * ring, slow or silent clients are cut off by header and request timeouts,
 * and one address may hold only so many connections at once.
 *
 * Used by `lessondeck export` (Chromium prints the built decks from it) and by
 * the e2e tests. `server` is exposed so callers can attach e.g. a WebSocket
 * upgrade handler.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { isAllowedHost, isSameOrigin } from './hostCheck.ts';
import { RequestLog } from './requestLog.ts';

export type { ServedRequest } from './requestLog.ts';

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
};

export function mimeType(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticServerOptions {
  /** Folder to serve. */
  root: string;
  /** Interface to bind. Default 127.0.0.1 (local only). */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Extra response headers for every served file (e.g. a service-worker scope). */
  headers?: Readonly<Record<string, string>>;
  /** Connections one remote address may hold at once; more are closed at once. Default 256 (a classroom behind one NAT). */
  maxConnectionsPerAddress?: number;
  /** Answer only requests whose Host names this machine and whose Origin (if any) is this server (DNS rebinding). Default false. */
  checkHost?: boolean;
  /** More host names to answer for when checking Host (e.g. a DNS name of this machine). */
  allowHosts?: readonly string[];
  /** Ms a client has to send its request headers (slowloris). Default 10 s. */
  headersTimeout?: number;
}

export interface StaticServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  host: string;
  port: number;
  /** The served folder, as a real (symlink-free) absolute path. */
  root: string;
  /** The last requests answered and their total (for tests and diagnostics); bounded. */
  requests: RequestLog;
  /** Open connections per remote address, for tests of the per-address cap. */
  connectionsFrom(address: string): number;
  server: http.Server;
  close(): Promise<void>;
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * Maps a request URL onto a file path inside `root`, or undefined when the
 * path is malformed or would escape the root.
 */
export function resolveRequestPath(root: string, rawUrl: string): string | undefined {
  let pathname: string;
  let rawPath: string;
  try {
    // The URL parser would quietly resolve `..` (also `%2e%2e`); look at the raw path too.
    rawPath = decodeURIComponent(rawUrl.split(/[?#]/)[0] ?? '');
    pathname = decodeURIComponent(new URL(rawUrl, 'http://localhost').pathname);
  } catch {
    return undefined;
  }
  if ([pathname, rawPath].some((p) => p.includes('\0') || p.includes('\\'))) return undefined;
  // Reject any `..` segment outright instead of relying on normalisation alone.
  if ([pathname, rawPath].some((p) => p.split('/').some((segment) => segment === '..'))) return undefined;
  // Dotfiles (the build stamp, anything a site should not publish) are never served.
  if (pathname.split('/').some((segment) => segment.startsWith('.'))) return undefined;
  const resolved = path.resolve(root, `.${path.posix.normalize(pathname)}`);
  return isInside(root, resolved) ? resolved : undefined;
}

async function findFile(root: string, candidate: string): Promise<{ file: string; size: number } | undefined> {
  try {
    let file = candidate;
    let info = await stat(file);
    if (info.isDirectory()) {
      file = path.join(file, 'index.html');
      info = await stat(file);
    }
    if (!info.isFile()) return undefined;
    // Symlinks must not lead outside the root either.
    const real = await realpath(file);
    return isInside(root, real) ? { file: real, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const root = await realpath(path.resolve(options.root));
  const host = options.host ?? '127.0.0.1';
  const requests = new RequestLog();
  const perAddress = new Map<string, number>();
  const maxPerAddress = options.maxConnectionsPerAddress ?? 256;

  const headersTimeout = options.headersTimeout ?? 10_000;
  // Node looks for expired header/request timers this often (its default, 30 s, lets a slowloris hold sockets that long).
  const server = http.createServer({ connectionsCheckingInterval: Math.min(1_000, headersTimeout) }, (req, res) => {
    const reply = (status: number, message: string): void => {
      requests.add(req.method ?? 'GET', req.url ?? '', status);
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${message}\n`);
    };
    if (options.checkHost && (!isAllowedHost(req.headers.host, options.allowHosts) || !isSameOrigin(req.headers.origin, req.headers.host))) {
      reply(403, 'Forbidden: this server answers only requests for its own address (Host/Origin check)');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      reply(405, 'Method not allowed');
      return;
    }
    const candidate = resolveRequestPath(root, req.url ?? '/');
    if (!candidate) {
      reply(404, 'Not found');
      return;
    }
    void findFile(root, candidate).then((found) => {
      if (!found) {
        reply(404, 'Not found');
        return;
      }
      requests.add(req.method ?? 'GET', req.url ?? '', 200);
      res.writeHead(200, {
        ...options.headers,
        'content-type': mimeType(found.file),
        'content-length': found.size,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      createReadStream(found.file)
        .on('error', () => res.destroy())
        .pipe(res);
    }, () => reply(500, 'Internal error'));
  });

  // Slowloris: a client that never finishes its headers, or its request, is cut off.
  server.headersTimeout = headersTimeout;
  server.requestTimeout = Math.max(server.headersTimeout, 30_000);
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? '?';
    const open = (perAddress.get(address) ?? 0) + 1;
    if (open > maxPerAddress) {
      socket.destroy();
      return;
    }
    perAddress.set(address, open);
    socket.once('close', () => {
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    host: address.address,
    port: address.port,
    root,
    requests,
    connectionsFrom: (address) => perAddress.get(address) ?? 0,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
