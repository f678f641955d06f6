/**
 * lessondeck is written in TypeScript and has no compile step of its own. The
 * command runs from a bundle of `src/` that esbuild writes the first time a
 * given state of the sources runs (~0.15 s), into
 * `node_modules/.cache/lessondeck/cli/<fingerprint>/`: starting a command then
 * costs no TypeScript work at all, where a TypeScript loader (tsx) adds ~0.3 s
 * to every start — a sixth of a one-deck PDF export.
 *
 * The fingerprint covers every source file's path, size and modification time,
 * so an edited file is never run stale. The bundle keeps the sources' own
 * `import.meta.url` (code finds themes, the client and packages relative to its
 * source file) and their lazy `import()`s (split into chunks). Where no bundle
 * can be made (no esbuild, a read-only install) or with LESSONDECK_TSX=1, the
 * sources run through tsx as before.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = {
  sourceDir: path.join(PACKAGE_ROOT, 'src'),
  entry: path.join(PACKAGE_ROOT, 'src', 'cli.ts'),
  cacheDir: path.join(PACKAGE_ROOT, 'node_modules', '.cache', 'lessondeck', 'cli'),
};
/** Bundles kept besides the current one (e.g. for switching branches back and forth). */
const KEEP_OLD_BUNDLES = 3;
/** A temp folder this old belongs to a bundling process that was killed. */
const STALE_TEMP_MS = 10 * 60_000;

/** Runs the CLI: from the bundle when one exists or can be made, else from source through tsx. */
export async function runCli() {
  const bundle = process.env.LESSONDECK_TSX === '1' ? undefined : await bundleForSources(SOURCES).catch(() => undefined);
  if (bundle) {
    // Source maps are written next to the bundle but not turned on: Playwright
    // reads a stack trace on every call, and mapping them all costs ~30 ms an
    // export. `node --enable-source-maps bin/lessondeck.js …` maps them.
    await import(pathToFileURL(bundle).href);
    return;
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(SOURCES.entry).href);
}

/** Changes whenever a source file is added, removed or edited (or Node or package.json changes). */
export function sourcesFingerprint(sourceDir) {
  const hash = createHash('sha256');
  const files = readdirSync(sourceDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) {
    const info = statSync(file);
    hash.update(`${path.relative(sourceDir, file)}\0${info.size}\0${info.mtimeMs}\n`);
  }
  // A new esbuild or Node may bundle differently.
  hash.update(`${process.version}\0${readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')}`);
  return hash.digest('hex').slice(0, 20);
}

/**
 * The bundle's entry file for the sources as they are now, made first if needed.
 * `{ sourceDir, entry, cacheDir }`: the TypeScript folder, its entry file, and
 * where bundles are kept.
 */
export async function bundleForSources({ sourceDir, entry: sourceEntry, cacheDir }) {
  const dir = path.join(cacheDir, sourcesFingerprint(sourceDir));
  const entry = path.join(dir, `${path.basename(sourceEntry, '.ts')}.js`);
  if (existsSync(entry)) return entry;
  // Built next to the final folder, then renamed into place: a process that is
  // killed, or another one bundling at the same time, never leaves half a bundle.
  const temp = `${dir}.${process.pid}.tmp`;
  mkdirSync(cacheDir, { recursive: true });
  try {
    await writeBundle(sourceDir, sourceEntry, temp);
    renameSync(temp, dir);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    // Another process finished the same bundle first.
    if (!existsSync(entry)) throw error;
  }
  removeOldBundles(cacheDir, path.basename(dir));
  return entry;
}

async function writeBundle(sourceDir, sourceEntry, outdir) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [sourceEntry],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    // Packages load from node_modules as usual; only our own sources are bundled.
    packages: 'external',
    sourcemap: 'linked',
    // No __name() wrappers: functions handed to page.evaluate() run where there is no such helper.
    keepNames: false,
    logLevel: 'silent',
    plugins: [keepSourceLocation(sourceDir)],
  });
}

/** Each source keeps its own `import.meta.url`, so paths relative to it still work from the bundle. */
const keepSourceLocation = (sourceDir) => ({
  name: 'lessondeck-keep-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!args.path.startsWith(sourceDir + path.sep)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
});

function removeOldBundles(cacheDir, current) {
  const others = readdirSync(cacheDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== current)
    .map((entry) => ({ name: entry.name, dir: path.join(cacheDir, entry.name), time: statSync(path.join(cacheDir, entry.name)).mtimeMs }));
  const staleTemps = others.filter((o) => o.name.endsWith('.tmp') && Date.now() - o.time > STALE_TEMP_MS);
  const oldBundles = others.filter((o) => !o.name.endsWith('.tmp')).sort((a, b) => b.time - a.time).slice(KEEP_OLD_BUNDLES);
  for (const { dir } of [...staleTemps, ...oldBundles]) rmSync(dir, { recursive: true, force: true });
}
