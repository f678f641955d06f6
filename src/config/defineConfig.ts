import type { LessondeckConfig } from './types.ts';

/** Types a config file's object (`export default defineConfig({ … })`); returns it unchanged. */
export function defineConfig(config: LessondeckConfig): LessondeckConfig {
  return config;
}
