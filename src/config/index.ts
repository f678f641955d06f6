/** The config file: its type, loading, validation, and the effective settings (see each file). */
export { defineConfig } from './defineConfig.ts';
export type { LessondeckConfig, LessondeckSettings } from './types.ts';
export { CONFIG_FILE_NAMES, findConfigFile, loadConfig, type LoadedConfig } from './loadConfig.ts';
export { ConfigError, validateConfig } from './validateConfig.ts';
export { DEFAULT_SETTINGS, resolveSettings } from './settings.ts';
export { courseSettingsOf, exportOptionsOf, pluginOptionsOf } from './courseSettings.ts';

import { loadConfig } from './loadConfig.ts';
import { resolveSettings } from './settings.ts';
import type { LessondeckSettings } from './types.ts';

/** The effective settings for a project folder: its config file (or `configFile`) over the defaults. */
export async function loadSettings(dir = process.cwd(), configFile?: string): Promise<LessondeckSettings> {
  const loaded = await loadConfig(dir, configFile);
  return resolveSettings(loaded?.config, loaded?.file);
}
