/**
 * Content-addressed disk cache for rendered diagrams. Rendering needs a
 * browser (slow to start), so an unchanged diagram must never be rendered
 * twice — across builds, dev-server restarts and CI runs that keep
 * node_modules/.cache.
 *
 * Keys are hashes of everything that affects the output; the cache never has
 * to be invalidated by hand. Only successful renders are stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where diagrams are cached unless the caller says otherwise (relative to cwd). */
export const DEFAULT_DIAGRAM_CACHE_DIR = path.join('node_modules', '.cache', 'lessondeck', 'mermaid');

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Cache key: a hash over all inputs, joined with a separator that cannot
 * occur in JSON so that ("ab","c") and ("a","bc") differ.
 */
export function diagramCacheKey(parts: readonly string[]): string {
  return sha256Hex(parts.join('\u0000'));
}

export class DiagramCache {
  readonly dir: string;

  /** `extension` lets other content-addressed results (e.g. slide fit, `.json`) share this cache. */
  constructor(dir: string = DEFAULT_DIAGRAM_CACHE_DIR, private readonly extension = '.svg') {
    this.dir = path.resolve(process.cwd(), dir);
  }

  private fileFor(key: string): string {
    if (!/^[0-9a-f]{16,128}$/.test(key)) throw new Error(`Invalid diagram cache key: ${key}`);
    return path.join(this.dir, `${key}${this.extension}`);
  }

  /** The cached SVG, or undefined on a miss (or an unreadable entry, which we treat as a miss). */
  async get(key: string): Promise<string | undefined> {
    try {
      const svg = await readFile(this.fileFor(key), 'utf8');
      return svg.length > 0 ? svg : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Stores atomically (temp file + rename) so a parallel build or a killed
   * process never leaves a half-written SVG that a later build would trust.
   */
  async set(key: string, svg: string): Promise<void> {
    const file = this.fileFor(key);
    await mkdir(this.dir, { recursive: true });
    const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await writeFile(temp, svg, 'utf8');
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
