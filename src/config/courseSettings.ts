/**
 * The effective settings as the Vite plugin and the build take them: what
 * the course's content depends on, and the plugin's own options.
 */
import type { CourseSettings } from '../site/buildSite.ts';
import type { ExportOptions } from '../export/exportCommand.ts';
import type { LessondeckOptions } from '../vite/plugin.ts';
import type { LessondeckSettings } from './types.ts';

export function courseSettingsOf(settings: LessondeckSettings): CourseSettings {
  return {
    ...(settings.title ? { title: settings.title } : {}),
    ...(settings.theme ? { defaultTheme: settings.theme } : {}),
    lessons: settings.lessons,
    ...(settings.slides.mode !== 'auto' ? { defaultMode: settings.slides.mode } : {}),
    ...(Object.keys(settings.fit).length ? { fit: settings.fit } : {}),
    ...(Object.keys(settings.dialects).length ? { dialects: settings.dialects } : {}),
  };
}

/** Plugin options for these settings; `forceTheme` is the CLI's `--theme`, which overrides front matter too. */
export function pluginOptionsOf(settings: LessondeckSettings, extra: { forceTheme?: string; cache?: boolean } = {}): LessondeckOptions {
  return {
    root: settings.root,
    // The settings are final: the plugin must not read the config file again.
    config: false,
    course: courseSettingsOf(settings),
    ...(settings.safe ? { safe: true } : {}),
    ...(settings.strict ? { strict: true } : {}),
    ...(extra.forceTheme ? { theme: extra.forceTheme } : {}),
    ...(settings.browser ? { browser: settings.browser } : {}),
    ...(extra.cache === false ? { cacheDir: false } : {}),
  };
}

/** Export options for these settings (the CLI's `export` and the API's `exportPdf`), formats and files left to the caller. */
export function exportOptionsOf(settings: LessondeckSettings): Omit<ExportOptions, 'formats' | 'files'> {
  return {
    root: settings.root,
    out: settings.pdf.outDir,
    paper: settings.pdf.paper,
    perPage: settings.pdf.perPage,
    withSteps: settings.pdf.withSteps,
    scale: settings.pdf.scale,
    tagged: settings.pdf.tagged,
    course: courseSettingsOf(settings),
    ...(settings.theme ? { theme: settings.theme } : {}),
    ...(settings.browser ? { browser: settings.browser } : {}),
  };
}
