/**
 * Disk cache of sliced decks, so a rebuild re-slices (and re-highlights) only
 * the lessons that changed. Highlighting with shiki is most of the cost of
 * reading a course, and loading shiki itself takes a while: a build whose
 * lessons are all cached never starts it.
 *
 * An entry is keyed by everything slicing reads: the lesson's path and text,
 * the set of course files (links to missing files are errors), `--safe`, and
 * the code that slices and highlights (a hash of lessondeck's own sources and
 * the versions of shiki and markdown-it). Files a lesson pulls in (a `.mmd`
 * diagram) are recorded with their hashes and checked on every hit.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ContentCache, contentCacheKey, sha256Hex } from '../contentCache.ts';
import { CODE_DIR } from '../packageLayout.ts';

export const DEFAULT_DECK_CACHE_DIR = path.join('node_modules', '.cache', 'lessondeck', 'decks');
const MISSING_FILE = 'missing';

/** What a cached deck was made from besides its own text: pulled-in files and their hashes. */
type Reads = Record<string, string>;

interface Entry<T> {
  reads: Reads;
  value: T;
}

export interface DeckCacheInput {
  file: string;
  text: string;
  knownFiles: ReadonlySet<string>;
  safe: boolean;
  /** Whether code is highlighted (a deck sliced without a highlighter has plain code). */
  highlighted: boolean;
}

export class DeckCache<T> {
  private readonly store: ContentCache;

  constructor(dir: string = DEFAULT_DECK_CACHE_DIR) {
    this.store = new ContentCache(dir, '.json');
  }

  /** The cached value, if its inputs and every file it pulled in are unchanged. */
  async get(input: DeckCacheInput, readRelative: (relative: string) => string | undefined): Promise<T | undefined> {
    const raw = await this.store.get(keyOf(input));
    if (!raw) return undefined;
    try {
      const entry = JSON.parse(raw) as Entry<T>;
      const unchanged = Object.entries(entry.reads).every(([relative, hash]) => hashOf(readRelative(relative)) === hash);
      return unchanged ? entry.value : undefined;
    } catch {
      return undefined; // an unreadable entry is a miss
    }
  }

  async set(input: DeckCacheInput, reads: ReadonlyMap<string, string | undefined>, value: T): Promise<void> {
    const entry: Entry<T> = { reads: Object.fromEntries([...reads].map(([relative, text]) => [relative, hashOf(text)])), value };
    await this.store.set(keyOf(input), JSON.stringify(entry));
  }
}

function hashOf(text: string | undefined): string {
  return text === undefined ? MISSING_FILE : sha256Hex(text);
}

let knownFilesMemo: { files: ReadonlySet<string>; hash: string } | undefined;

function keyOf(input: DeckCacheInput): string {
  if (knownFilesMemo?.files !== input.knownFiles) knownFilesMemo = { files: input.knownFiles, hash: sha256Hex([...input.knownFiles].sort().join('\n')) };
  return contentCacheKey([slicerFingerprint(), input.file, input.text, knownFilesMemo.hash, input.safe ? 'safe' : 'html', input.highlighted ? 'highlighted' : 'plain']);
}

let fingerprint: string | undefined;

/**
 * A hash of the code that turns markdown into a deck: lessondeck's own
 * sources (any change to them may change a deck) and the libraries' versions.
 */
export function slicerFingerprint(): string {
  if (fingerprint) return fingerprint;
  const require = createRequire(import.meta.url);
  const parts = ['shiki', 'markdown-it', 'gray-matter'].map((name) => `${name}@${(require(`${name}/package.json`) as { version: string }).version}`);
  const sourceRoot = CODE_DIR;
  for (const file of sourceFiles(sourceRoot)) parts.push(file, readFileSync(path.join(sourceRoot, file), 'utf8'));
  fingerprint = contentCacheKey(parts);
  return fingerprint;
}

function sourceFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const relative = `${prefix}${entry.name}`;
      if (entry.isDirectory()) return entry.name === 'client' ? [] : sourceFiles(path.join(dir, entry.name), `${relative}/`);
      return /(?<!\.d)\.[jt]s$/.test(entry.name) ? [relative] : [];
    });
}
