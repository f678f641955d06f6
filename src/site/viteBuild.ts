/**
 * Builds a course into a static site with Vite and the lessondeck plugin:
 * the one build used by `lessondeck build` and by commands that need a built
 * site first (e.g. `lessondeck export`). The output folder is replaced only
 * when the build is complete (the plugin swaps it in).
 *
 * One lesson's raw HTML must never take the course down: when Vite's HTML
 * transform fails on a deck, that deck is built again with its raw HTML shown
 * as text, an error names its file and line, and every other deck builds as
 * usual (`--strict` stops instead).
 */
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { formatDiagnostic, type Diagnostic } from '../diagnostics.ts';
import type { LessondeckOptions } from '../vite/plugin.ts';
import type { Site } from './buildSite.ts';
import { lockOutput, recoverOutput, stagingDirFor } from './outputFolder.ts';
import { rm } from 'node:fs/promises';

export interface BuildCourseSiteOptions extends Omit<LessondeckOptions, 'onDiagnostics'> {
  /** Course folder. */
  root: string;
  /** Output folder. */
  out: string;
  /** Public base path. Default `./`. */
  base?: string;
  /** Vite's own messages too (info, plugin timings). Default: warnings only. */
  verbose?: boolean;
}

export interface BuiltCourseSite {
  outDir: string;
  diagnostics: Diagnostic[];
  seconds: number;
}

/** At most this many decks are set aside before the build gives up. */
const MAX_SET_ASIDE = 20;

export async function buildCourseSite(options: BuildCourseSiteOptions): Promise<BuiltCourseSite> {
  const started = performance.now();
  const { out, base, verbose, ...pluginOptions } = options;
  const [{ build }, { lessondeck }] = await Promise.all([import('vite'), import('../vite/plugin.ts')]);
  const outDir = path.resolve(out);
  const lock = await lockOutput(outDir);
  try {
    for (const line of await recoverOutput(outDir)) console.error(`lessondeck: ${line}`);
    return await buildLocked(outDir, base, verbose, pluginOptions, options, started, build, lessondeck);
  } catch (error) {
    // Whatever stopped the build, its staging folder goes (on a full disk it holds the space back).
    await rm(stagingDirFor(outDir), { recursive: true, force: true }).catch(() => {});
    throw withOutputHint(error, outDir);
  } finally {
    await lock.release();
  }
}

type ViteModule = typeof import('vite');
type PluginModule = typeof import('../vite/plugin.ts');

async function buildLocked(outDir: string, base: string | undefined, verbose: boolean | undefined, pluginOptions: Omit<BuildCourseSiteOptions, 'out' | 'base' | 'verbose'>, options: BuildCourseSiteOptions, started: number, build: ViteModule['build'], lessondeck: PluginModule['lessondeck']): Promise<BuiltCourseSite> {
  const safeFiles: string[] = [...(pluginOptions.safeFiles ?? [])];
  const setAside: Diagnostic[] = [];
  for (;;) {
    const diagnostics: Diagnostic[] = [];
    let site: Site | undefined;
    // Vite's HTML plugin can reject a promise nobody awaits yet (a `<script src>` it cannot
    // resolve); Node would exit on it. The build itself rejects with the same error a moment
    // later, naming the page, and is handled below.
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    const onHandledLate = () => {};
    process.on('unhandledRejection', onUnhandled);
    process.on('rejectionHandled', onHandledLate);
    try {
      await build({
        configFile: false,
        base: base ?? './',
        logLevel: verbose ? 'info' : 'warn',
        build: { outDir },
        plugins: [lessondeck({ ...pluginOptions, ...(verbose ? { verbose } : {}), safeFiles, onDiagnostics: (d) => diagnostics.push(...d), onSite: (s) => (site = s) })],
      });
      return { outDir, diagnostics: [...diagnostics, ...setAside], seconds: (performance.now() - started) / 1000 };
    } catch (error) {
      const failed = site ? failingDecks(error, site).filter((d) => !safeFiles.includes(d.file)) : [];
      if (failed.length === 0 || options.strict || safeFiles.length + failed.length > MAX_SET_ASIDE) {
        if (failed.length > 0) throw new Error(`${failed.map((d) => formatDiagnostic(d)).join('\n')}\n${(error as Error).message}`, { cause: error });
        throw error;
      }
      safeFiles.push(...failed.map((d) => d.file));
      setAside.push(...failed);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      process.off('rejectionHandled', onHandledLate);
    }
  }
}

/** A full disk or a read-only folder: say which folder, and that nothing half-written is left. */
function withOutputHint(error: unknown, outDir: string): unknown {
  const code = (error as NodeJS.ErrnoException).code ?? /\b(ENOSPC|EROFS|EACCES|EDQUOT)\b/.exec(String((error as Error).message))?.[1];
  if (code !== 'ENOSPC' && code !== 'EDQUOT' && code !== 'EROFS' && code !== 'EACCES') return error;
  const why = code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full' : 'the folder is not writable';
  return new Error(`Could not write the site to ${outDir}: ${why} (${code}). The unfinished copy was removed and ${outDir} is as it was. Free some space (or pick a writable --out) and build again.`, { cause: error });
}

/**
 * The decks a Vite build error is about, as located errors: the page Vite
 * names, else every deck with raw HTML Vite transforms (`<style>`, `<script>`,
 * `<link>`, asset `src`s), since an error such as MagicString's names none.
 */
function failingDecks(error: unknown, site: Site): Diagnostic[] {
  const text = `${(error as { id?: string }).id ?? ''}\n${(error as Error).message ?? ''}\n${(error as Error).stack ?? ''}`;
  const lines = stripVTControlCharacters((error as Error).message ?? String(error)).split('\n').map((l) => l.trim());
  const reason = lines.find((l) => l && !/^(Build failed|\[plugin|at )/.test(l))?.replace(/^Error:\s*/, '') ?? lines.find(Boolean) ?? 'unknown error';
  const decks = site.course.decks.filter((d) => d.kind !== 'course');
  const named = decks.filter((d) => text.includes(d.page) || text.includes(d.file));
  const suspects = named.length > 0 ? named : decks.filter((d) => d.deck.slides.some((s) => RAW_HTML_VITE_READS.test(s.html + s.notesHtml)));
  return suspects.map((d) => {
    const slide = d.deck.slides.find((s) => RAW_HTML_VITE_READS.test(s.html + s.notesHtml)) ?? d.deck.slides[0];
    return {
      file: d.file, line: slide?.source.line ?? 1, column: 1, severity: 'error' as const, rule: 'html-build',
      message: `Vite could not build this deck's HTML (${reason.trim()}); the deck was built with its raw HTML shown as text. Fix or remove the raw HTML here.`,
    };
  });
}

const RAW_HTML_VITE_READS = /<(?:style|script|link)\b|<(?:img|video|audio|source|iframe|object|embed)\b[^>]*\ssrc=|\sstyle="[^"]*url\(/i;
