/**
 * Finds and reads a course's config file. JSON is parsed, JavaScript is
 * imported, and TypeScript goes through Vite's own config loader (Vite is
 * already a dependency; Node 20 cannot import `.ts`), so the package needs no
 * TypeScript loader of its own.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LessondeckConfig } from './types.ts';
import { ConfigError, validateConfig } from './validateConfig.ts';

/** Looked for in this order in the project folder. */
export const CONFIG_FILE_NAMES = ['lessondeck.config.ts', 'lessondeck.config.mts', 'lessondeck.config.js', 'lessondeck.config.mjs', 'lessondeck.config.json'] as const;

export interface LoadedConfig {
  /** Absolute path of the file. */
  file: string;
  config: LessondeckConfig;
}

/** The first config file in `dir`, if there is one. */
export function findConfigFile(dir: string): string | undefined {
  return CONFIG_FILE_NAMES.map((name) => path.join(dir, name)).find((file) => existsSync(file));
}

/**
 * Loads `explicitFile` (an error if missing), else the config file found in
 * `dir`; undefined when there is none. Throws ConfigError naming the file.
 */
export async function loadConfig(dir: string, explicitFile?: string): Promise<LoadedConfig | undefined> {
  const file = explicitFile ? path.resolve(dir, explicitFile) : findConfigFile(dir);
  if (!file) return undefined;
  const shown = path.relative(process.cwd(), file) || file;
  if (!existsSync(file)) throw new ConfigError(shown, ['no such file (check --config)']);
  const raw = await readConfigFile(file, shown);
  return { file, config: validateConfig(raw, shown) };
}

async function readConfigFile(file: string, shown: string): Promise<unknown> {
  const extension = path.extname(file);
  try {
    if (extension === '.json') return JSON.parse(readFileSync(file, 'utf8'));
    if (extension === '.js' || extension === '.mjs') {
      // The mtime in the URL: a dev server reading the config again sees the edited file.
      const module = (await import(`${pathToFileURL(file).href}?mtime=${statSync(file).mtimeMs}`)) as { default?: unknown };
      return module.default;
    }
    if (extension === '.ts' || extension === '.mts') return await loadTypeScriptConfig(file);
  } catch (error) {
    throw new ConfigError(shown, [`could not be read: ${firstLine(error)}`]);
  }
  throw new ConfigError(shown, [`unsupported extension "${extension}"; name it one of ${CONFIG_FILE_NAMES.join(', ')}`]);
}

async function loadTypeScriptConfig(file: string): Promise<unknown> {
  const { loadConfigFromFile } = await import('vite');
  // Vite bundles the file (its imports of packages stay imports), runs it, and hands back its default export.
  const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, file, path.dirname(file), 'silent');
  return loaded?.config;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
