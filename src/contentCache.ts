/**
 * Content-addressed disk cache, shared by everything lessondeck must not do
 * twice: rendered diagrams (src/render/mermaid.ts), slide measurements
 * (src/fit), sliced decks (src/course/deckCache.ts) and the service worker
 * bundle (src/vite/offline.ts) — across builds, dev-server restarts and CI
 * runs that keep node_modules/.cache.
 *
 * Keys are hashes of everything that affects the output; the cache never has
 * to be invalidated by hand. Callers store only successful results.
 *
 * Entries are never trusted blindly: each starts with a header line holding
 * the SHA-256 and length of its content, checked on every read. A truncated,
 * edited or foreign entry is a miss, and is deleted so it is rebuilt.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';


export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Cache key: a hash over all inputs, joined with a separator that cannot
 * occur in JSON so that ("ab","c") and ("a","bc") differ.
 */
export function contentCacheKey(parts: readonly string[]): string {
  return sha256Hex(parts.join('\u0000'));
}

export class ContentCache {
  readonly dir: string;

  /** `dir` is relative to the working directory; `extension` names the kind of entry (`.svg`, `.json`, `.js`). */
  constructor(dir: string, private readonly extension: string) {
    this.dir = path.resolve(process.cwd(), dir);
  }

  private fileFor(key: string): string {
    if (!/^[0-9a-f]{16,128}$/.test(key)) throw new Error(`Invalid cache key: ${key}`);
    return path.join(this.dir, `${key}${this.extension}`);
  }

  /** The cached text, or undefined on a miss (an unreadable or damaged entry is a miss, and is removed). */
  async get(key: string): Promise<string | undefined> {
    const file = this.fileFor(key);
    let stored: string;
    try {
      stored = await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    const content = unwrapEntry(stored);
    if (content === undefined) await rm(file, { force: true }).catch(() => {});
    return content;
  }

  /**
   * Stores atomically (temp file + rename) so a parallel build or a killed
   * process never leaves a half-written entry that a later build would trust.
   */
  async set(key: string, text: string): Promise<void> {
    const file = this.fileFor(key);
    await mkdir(this.dir, { recursive: true });
    const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await writeFile(temp, wrapEntry(text), 'utf8');
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}

const ENTRY_HEADER = /^lessondeck-cache 1 sha256=([0-9a-f]{64}) chars=(\d+)\n/;

/** The content behind a header that lets a reader verify it. */
export function wrapEntry(text: string): string {
  return `lessondeck-cache 1 sha256=${sha256Hex(text)} chars=${text.length}\n${text}`;
}

/** The verified content of a stored entry, or undefined when it is damaged, empty or not ours. */
export function unwrapEntry(stored: string): string | undefined {
  const header = ENTRY_HEADER.exec(stored);
  if (!header) return undefined;
  const content = stored.slice(header[0].length);
  if (content.length === 0 || content.length !== Number(header[2]) || sha256Hex(content) !== header[1]) return undefined;
  return content;
}
