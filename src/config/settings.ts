/**
 * The effective settings: a config file's values over the defaults, with its
 * paths made absolute from the config file's folder. CLI flags are applied on
 * top of these by the CLI (src/cli/), front matter per lesson by the build.
 */
import path from 'node:path';
import type { LessondeckConfig, LessondeckSettings } from './types.ts';

export const DEFAULT_SETTINGS: Omit<LessondeckSettings, 'configFile'> = {
  root: 'slides',
  outDir: 'dist',
  base: './',
  lessons: { include: ['**/*.md', '**/*.markdown'], exclude: [] },
  slides: { mode: 'auto' },
  fit: {},
  pdf: { outDir: 'pdf', formats: ['slides'], paper: 'a4', perPage: 3, withSteps: false, scale: 1, tagged: true, buildFormats: ['slides', 'handout'] },
  present: { port: 4300, host: '127.0.0.1' },
  dev: { port: 5173, host: 'localhost' },
  dialects: {},
  safe: false,
  strict: false,
};

/** Settings from a config (or none); relative paths start at `baseDir`: the config file's folder, else the working directory. */
export function resolveSettings(config: LessondeckConfig = {}, configFile?: string, baseDir = configFile ? path.dirname(configFile) : process.cwd()): LessondeckSettings {
  const d = DEFAULT_SETTINGS;
  return {
    ...(configFile ? { configFile } : {}),
    ...(config.title !== undefined ? { title: config.title } : {}),
    root: path.resolve(baseDir, config.root ?? d.root),
    outDir: path.resolve(baseDir, config.outDir ?? d.outDir),
    base: config.base ?? d.base,
    ...(config.theme !== undefined ? { theme: config.theme } : {}),
    lessons: { include: config.lessons?.include ?? d.lessons.include, exclude: config.lessons?.exclude ?? d.lessons.exclude },
    slides: { mode: config.slides?.mode ?? d.slides.mode },
    fit: { ...config.fit },
    pdf: { ...d.pdf, ...config.pdf, outDir: path.resolve(baseDir, config.pdf?.outDir ?? d.pdf.outDir) },
    present: { ...d.present, ...config.present },
    dev: { ...d.dev, ...config.dev },
    dialects: { ...config.dialects },
    safe: config.safe ?? d.safe,
    strict: config.strict ?? d.strict,
    ...(config.browser !== undefined ? { browser: config.browser } : {}),
  };
}
