/**
 * The built site export prints from. With `--site DIR` that folder is used as
 * is; otherwise the course is built into a cache folder, and rebuilt only when
 * a course file or lessondeck's own client/theme/source files changed since
 * (a fingerprint of paths, sizes and modification times).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import { CODE_DIR, PACKAGE_ROOT, THEMES_DIR } from '../packageLayout.ts';
import { buildCourseSite } from '../site/viteBuild.ts';
import type { CourseSettings } from '../site/buildSite.ts';
import { writeFileAtomic } from './atomicWrite.ts';
import { readBuildStamp } from '../site/buildStamp.ts';

export interface SiteForExportOptions {
  root: string;
  site?: string;
  theme?: string;
  browser?: string;
  /** Build the site with `--safe`; a given `site` must have been built safe. */
  safe?: boolean;
  /** The config file's course settings: part of the fingerprint, passed to the build. */
  course?: CourseSettings;
  /** Cache folder for built sites. Default node_modules/.cache/lessondeck/export. */
  cacheDir?: string;
}

export interface SiteForExport {
  dir: string;
  built: boolean;
  diagnostics: Diagnostic[];
}

// Exported PDFs and temp files may live inside the course folder; they do not shape the site.
const NOT_SOURCES = /(^|[/\\])(node_modules|\.git|\.cache)([/\\]|$)|\.(pdf|tmp)$/;

async function fingerprintTree(dir: string, hash: ReturnType<typeof createHash>, skip = NOT_SOURCES): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries
    .filter((e) => e.isFile() && !skip.test(path.relative(dir, path.join(e.parentPath, e.name))))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  for (const file of files) {
    const info = await stat(file);
    hash.update(`${path.relative(dir, file)}\0${info.size}\0${info.mtimeMs}\n`);
  }
}

export async function courseFingerprint(root: string, theme = '', safe = false, course: CourseSettings = {}): Promise<string> {
  const hash = createHash('sha256').update(`theme=${theme}\nsafe=${safe}\ncourse=${JSON.stringify(course)}\n`);
  await fingerprintTree(path.resolve(root), hash);
  // lessondeck's own code and themes shape the site too (the exporter itself does not).
  for (const own of [CODE_DIR, THEMES_DIR, path.join(PACKAGE_ROOT, 'public')]) await fingerprintTree(own, hash, /^(export|cli|init)(\.[jt]s)?([/\\]|$)/);
  return hash.digest('hex');
}

export async function siteForExport(options: SiteForExportOptions): Promise<SiteForExport> {
  if (options.site) {
    const dir = path.resolve(options.site);
    if (!existsSync(path.join(dir, 'index.html'))) throw new Error(`${options.site} is not a built lessondeck site (no index.html). Build it with \`lessondeck build --out ${options.site}\` or leave out --site.`);
    if (options.safe && readBuildStamp(dir)?.safe !== true) throw new Error(`${options.site} was not built with --safe, and export --safe prints only a safe build. Build it with \`lessondeck build --safe --out ${options.site}\` or leave out --site.`);
    return { dir, built: false, diagnostics: [] };
  }
  const root = path.resolve(options.root);
  const cacheRoot = path.resolve(options.cacheDir ?? path.join('node_modules', '.cache', 'lessondeck', 'export'));
  // Safe and trusted builds of one course never share a slot.
  const slot = path.join(cacheRoot, createHash('sha256').update(`${root}\0${options.safe ? 'safe' : 'html'}`).digest('hex').slice(0, 16));
  const dir = path.join(slot, 'site');
  const stampFile = path.join(slot, 'fingerprint');
  const fingerprint = await courseFingerprint(root, options.theme, !!options.safe, options.course);
  const previous = await readFile(stampFile, 'utf8').catch(() => '');
  if (previous === fingerprint && existsSync(path.join(dir, 'index.html'))) return { dir, built: false, diagnostics: [] };
  // The service worker is of no use to a printer.
  const built = await buildCourseSite({ root, out: dir, offline: false, ...(options.safe ? { safe: true } : {}), ...(options.theme ? { theme: options.theme } : {}), ...(options.browser ? { browser: options.browser } : {}), ...(options.course ? { course: options.course } : {}) });
  await writeFileAtomic(stampFile, fingerprint);
  return { dir, built: true, diagnostics: built.diagnostics };
}
