/**
 * A tiny static file server for tests: serves one folder on 127.0.0.1 (random
 * port by default) with correct MIME types. Anything that is not a file inside
 * the folder is a 404; a directory serves its index.html. Paths that would
 * leave the folder (`..`, encoded or not, absolute, NUL bytes) are refused.
 *
 * Every request is recorded in `requests` so tests can assert on them.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
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

export interface ServedRequest {
  method: string;
  url: string;
  status: number;
}

export interface StaticServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  root: string;
  requests: ServedRequest[];
  close(): Promise<void>;
}

/**
 * Maps a request path onto a file path inside `root`, or undefined when the
 * path is malformed or would escape the root. Exported for unit tests.
 */
export function resolveRequestPath(root: string, rawUrl: string): string | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(rawUrl, 'http://localhost').pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return undefined;
  // Reject any `..` segment outright instead of relying on normalisation alone.
  if (pathname.split('/').some((segment) => segment === '..')) return undefined;
  const resolved = path.resolve(root, `.${path.posix.normalize(pathname)}`);
  const rel = path.relative(root, resolved);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return resolved;
}

async function findFile(root: string, candidate: string): Promise<string | undefined> {
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
    const rel = path.relative(root, real);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return real;
  } catch {
    return undefined;
  }
}

export async function startStaticServer(dir: string, port = 0): Promise<StaticServer> {
  const root = await realpath(path.resolve(dir));
  const requests: ServedRequest[] = [];

  const server = http.createServer((req, res) => {
    const record = (status: number): void => {
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '', status });
    };
    const notFound = (status = 404, message = 'Not found'): void => {
      record(status);
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${message}\n`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      notFound(405, 'Method not allowed');
      return;
    }
    const candidate = resolveRequestPath(root, req.url ?? '/');
    if (!candidate) {
      notFound();
      return;
    }
    void findFile(root, candidate).then(async (file) => {
      if (!file) {
        notFound();
        return;
      }
      const info = await stat(file);
      record(200);
      res.writeHead(200, {
        'content-type': mimeType(file),
        'content-length': info.size,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
    }, () => notFound(500, 'Internal error'));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    root,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
