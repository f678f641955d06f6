/**
 * lessondeck's programmatic API (`import { build } from 'lessondeck'`): the
 * CLI's build, check and export as functions, with the same settings — the
 * project's config file, then the options given here.
 */
import path from 'node:path';
import type { LessondeckConfig, LessondeckSettings } from './config/types.ts';
import type { Diagnostic } from './diagnostics.ts';
import type { ExportFormat, ExportResult } from './export/exportCommand.ts';

export { defineConfig } from './config/defineConfig.ts';
export type { LessondeckConfig, LessondeckSettings } from './config/types.ts';
export type { Diagnostic } from './diagnostics.ts';
export type { ExportFormat, ExportResult } from './export/exportCommand.ts';
export type { LessondeckOptions } from './vite/plugin.ts';

export interface ApiOptions extends LessondeckConfig {
  /** Project folder: where the config file is looked for and relative paths start. Default: the working directory. */
  cwd?: string;
  /** The config file to read, or false for none. Default: lessondeck.config.* in `cwd`. */
  configFile?: string | false;
}

export interface BuildResult {
  outDir: string;
  diagnostics: Diagnostic[];
  seconds: number;
}

/** Builds the course into a static site (`lessondeck build`). */
export async function build(options: ApiOptions = {}): Promise<BuildResult> {
  const settings = await settingsFrom(options);
  const [{ buildCourseSite }, { pluginOptionsOf }] = await Promise.all([import('./site/viteBuild.ts'), import('./config/courseSettings.ts')]);
  return buildCourseSite({ ...pluginOptionsOf(settings), root: settings.root, out: settings.outDir, base: settings.base });
}

/** Lints the course (`lessondeck check`): every diagnostic; errors have `severity: 'error'`. */
export async function check(options: ApiOptions = {}): Promise<Diagnostic[]> {
  const settings = await settingsFrom(options);
  const [{ checkCourse }, { pluginOptionsOf }] = await Promise.all([import('./check/checkCourse.ts'), import('./config/courseSettings.ts')]);
  return checkCourse(settings.root, pluginOptionsOf(settings));
}

export interface ExportPdfOptions extends ApiOptions {
  /** Lesson files to export (default every deck). */
  files?: string[];
  /** Default: the config's `pdf.formats`, else slides. */
  formats?: ExportFormat[];
}

/** Writes the exports (`lessondeck export`: PDFs, PPTX, PNG) into the config's `pdf.outDir`. */
export async function exportPdf(options: ExportPdfOptions = {}): Promise<ExportResult> {
  const { files, formats, ...rest } = options;
  const settings = await settingsFrom(rest);
  const [{ exportCourse }, { exportOptionsOf }] = await Promise.all([import('./export/exportCommand.ts'), import('./config/courseSettings.ts')]);
  return exportCourse({ ...exportOptionsOf(settings), ...(files ? { files } : {}), formats: formats ?? settings.pdf.formats });
}

/** The effective settings for these options: the config file's, then the options' own (both validated). */
export async function resolveConfig(options: ApiOptions = {}): Promise<LessondeckSettings> {
  return settingsFrom(options);
}

async function settingsFrom({ cwd, configFile, ...overrides }: ApiOptions): Promise<LessondeckSettings> {
  const { loadConfig, resolveSettings, validateConfig } = await import('./config/index.ts');
  const dir = cwd ?? process.cwd();
  const loaded = configFile === false ? undefined : await loadConfig(dir, configFile);
  const given = validateConfig(overrides, 'options');
  const merged: LessondeckConfig = { ...loaded?.config };
  for (const [key, value] of Object.entries(given) as [keyof LessondeckConfig, unknown][]) {
    const base = merged[key];
    // Nested blocks (fit, pdf…) merge key by key; plain values replace.
    (merged as Record<string, unknown>)[key] = isBlock(value) && isBlock(base) ? { ...base, ...value } : value;
  }
  return resolveSettings(merged, loaded?.file, loaded ? undefined : path.resolve(dir));
}

function isBlock(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
