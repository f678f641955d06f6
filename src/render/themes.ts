/**
 * Deck themes live in `themes/<name>/`: `theme.css` (fonts and CSS variables)
 * and `theme.json` (what the build needs to match it: code colours and the
 * mermaid theme diagrams are rendered with).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { THEMES_DIR } from '../packageLayout.ts';
import type { MermaidThemeConfig } from './mermaid.ts';

export const DEFAULT_THEME = 'light';

export interface Theme {
  name: string;
  label: string;
  dark: boolean;
  codeTheme: 'light' | 'dark' | 'high-contrast';
  mermaid: MermaidThemeConfig;
  /** URL the page links to; the Vite plugin resolves it to the theme's CSS file. */
  cssHref: string;
}

const cache = new Map<string, Theme>();

export function themeNames(): string[] {
  return ['light', 'dark', 'high-contrast'].filter((name) => existsSync(path.join(THEMES_DIR, name, 'theme.json')));
}

export function loadTheme(name: string): Theme | undefined {
  const cached = cache.get(name);
  if (cached) return cached;
  if (!/^[a-z0-9-]+$/i.test(name)) return undefined;
  const file = path.join(THEMES_DIR, name, 'theme.json');
  if (!existsSync(file)) return undefined;
  const json = JSON.parse(readFileSync(file, 'utf8')) as Omit<Theme, 'cssHref'>;
  const theme: Theme = { ...json, name, cssHref: `/@lessondeck/themes/${name}/theme.css` };
  cache.set(name, theme);
  return theme;
}
