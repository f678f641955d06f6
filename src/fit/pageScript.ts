/**
 * The layout page's code (src/fit/page/) as one classic script for the
 * measuring page. The package ships it prebuilt as `page.js` next to this file
 * (scripts/build-package.mjs calls bundleLayoutPage); running from the
 * TypeScript sources (unit tests), esbuild bundles it on first use (~30 ms).
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
  const code = existsSync(PREBUILT) ? readFileSync(PREBUILT, 'utf8') : await bundleLayoutPage();
  return { code, hash: sha256Hex(code) };
}

/** The layout page bundled as one classic script (esbuild is a build-time tool: a dev dependency). */
export async function bundleLayoutPage(): Promise<string> {
  if (!ENTRY) throw new Error('lessondeck: the layout page (fit/page.js) is missing from this installation; reinstall lessondeck');
  const { build } = await import('esbuild');
  const result = await build({ entryPoints: [ENTRY], bundle: true, write: false, format: 'iife', target: 'chrome120', minify: false, legalComments: 'none', logLevel: 'silent' });
  return result.outputFiles[0]!.text;
}
