/**
 * Up-front checks of what a command was given, so a typo is one line saying
 * what to run instead of a raw ENOENT, a page of warnings or a server of 404s.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { foreignTheme } from '../dialects/themes.ts';
import { loadTheme, themeNames } from '../render/themes.ts';
import { UsageError } from './usageError.ts';

const shown = (dir: string) => path.relative(process.cwd(), dir) || '.';

export function requireTheme(name: string | undefined): void {
  if (name === undefined || loadTheme(name) || foreignTheme(name)) return;
  throw new UsageError(`Unknown theme "${name}". Themes: ${themeNames().join(', ')}.`);
}

export function requireCourseFolder(root: string): void {
  if (existsSync(root) && statSync(root).isDirectory()) return;
  throw new UsageError(`No course folder at ${shown(root)}. Pass the course folder with --root <dir> (or set "root" in lessondeck.config.ts), or start one with \`lessondeck init\`.`);
}

export function requireBuiltSite(dir: string): void {
  if (existsSync(path.join(dir, 'index.html'))) return;
  throw new UsageError(`No built site at ${shown(dir)} (no index.html). Build it first: lessondeck build --out ${shown(dir)}`);
}

export function requireScale(scale: number): void {
  if (Number.isFinite(scale) && scale >= 0.25 && scale <= 4) return;
  throw new UsageError(`--scale ${scale} is not a usable PNG scale. Give a number from 0.25 to 4 (1 = 1280×720 px, 2 = 2560×1440 px).`);
}
