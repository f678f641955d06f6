/**
 * The layout page's code (src/fit/page/) as one classic script for the
 * measuring page: bundled by esbuild on first use in a process (~30 ms), or
 * read from the prebuilt `page.js` next to this file when the package ships one.
 * Its hash is part of every fit cache key, so a change to the layout code
 * re-measures.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '../contentCache.ts';

export interface PageScript {
  code: string;
  hash: string;
}

const PREBUILT = fileURLToPath(new URL('./page.js', import.meta.url));
const ENTRY = ['./page/index.ts', './page/index.js'].map((relative) => fileURLToPath(new URL(relative, import.meta.url))).find((file) => existsSync(file));

let script: Promise<PageScript> | undefined;

export function layoutPageScript(): Promise<PageScript> {
  script ??= load();
  return script;
}

async function load(): Promise<PageScript> {
  const code = existsSync(PREBUILT) ? readFileSync(PREBUILT, 'utf8') : await bundle();
  return { code, hash: sha256Hex(code) };
}

async function bundle(): Promise<string> {
  if (!ENTRY) throw new Error('lessondeck: the layout page sources (src/fit/page) are missing from this installation');
  const { build } = await import('esbuild');
  const result = await build({ entryPoints: [ENTRY], bundle: true, write: false, format: 'iife', target: 'chrome120', minify: false, legalComments: 'none', logLevel: 'silent' });
  return result.outputFiles[0]!.text;
}
