/**
 * Builds a course into a static site with Vite and the lessondeck plugin:
 * the one build used by `lessondeck build` and by commands that need a built
 * site first (e.g. `lessondeck export`). The output folder is replaced only
 * when the build is complete (the plugin swaps it in).
 */
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import type { LessondeckOptions } from '../vite/plugin.ts';

export interface BuildCourseSiteOptions extends Omit<LessondeckOptions, 'onDiagnostics'> {
  /** Course folder. */
  root: string;
  /** Output folder. */
  out: string;
  /** Public base path. Default `./`. */
  base?: string;
}

export interface BuiltCourseSite {
  outDir: string;
  diagnostics: Diagnostic[];
  seconds: number;
}

export async function buildCourseSite(options: BuildCourseSiteOptions): Promise<BuiltCourseSite> {
  const started = performance.now();
  const { out, base, ...pluginOptions } = options;
  const diagnostics: Diagnostic[] = [];
  const [{ build }, { lessondeck }] = await Promise.all([import('vite'), import('../vite/plugin.ts')]);
  const outDir = path.resolve(out);
  await build({
    configFile: false,
    base: base ?? './',
    logLevel: 'warn',
    build: { outDir },
    plugins: [lessondeck({ ...pluginOptions, onDiagnostics: (d) => diagnostics.push(...d) })],
  });
  return { outDir, diagnostics, seconds: (performance.now() - started) / 1000 };
}
