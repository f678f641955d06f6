/**
 * The stylesheet slides are measured with: the same CSS a built deck loads
 * (the theme, reveal.js's structural CSS, src/client/base.css and the classroom's), read from
 * the source files so measuring never waits for Vite. The theme's font files
 * are served to the measuring page (see fitPage.ts), so text wraps exactly as
 * it will in the deck.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { sha256Hex } from '../contentCache.ts';
import type { Theme } from '../render/themes.ts';
import { CLIENT_DIR, PACKAGE_ROOT, THEMES_DIR } from '../packageLayout.ts';

/** Fake origin the measuring page is served from; nothing goes to the network. */
export const FIT_ORIGIN = 'http://lessondeck-fit.invalid';
/** Font files are served from `${FIT_ORIGIN}/fonts/<n>-<file name>`. */
export const FONT_PREFIX = '/fonts/';

const require = createRequire(path.join(PACKAGE_ROOT, 'package.json'));

export interface FitStyles {
  css: string;
  /** Hash of the CSS: part of every fit cache key, so a theme or layout change re-measures. */
  hash: string;
  /** Font descriptors to load before measuring, e.g. `400 16px "Inter"`. */
  fonts: string[];
  /**
   * URL path → font file, for exactly the files the theme's CSS names. Files
   * are looked up here, never by the path in the URL, so the page can read
   * nothing else, wherever the package manager put the fonts (pnpm, links).
   */
  fontFiles: ReadonlyMap<string, string>;
}

const cache = new Map<string, FitStyles>();

/**
 * Measuring only: code gets a little less width than in the deck, so a block
 * measured as just fitting never ends up a pixel or two too wide in a browser
 * that rounds text widths differently (the vertical margin is in page/stage.ts).
 */
const SAFETY_MARGIN_CSS = '.reveal pre { padding-right: 30px !important; }';

export function fitStyles(theme: Theme): FitStyles {
  const cached = cache.get(theme.name);
  if (cached) return cached;
  const fontFiles = new Map<string, string>();
  const themeCss = inlineImports(readFileSync(path.join(THEMES_DIR, theme.name, 'theme.css'), 'utf8'), fontFiles);
  const revealCss = readFileSync(require.resolve('reveal.js/reveal.css'), 'utf8');
  // classroom.css: checkpoint forms take the room on the slide they take in the deck.
  const baseCss = ['base.css', 'dialects.css', path.join('classroom', 'classroom.css')].map((file) => readFileSync(path.join(CLIENT_DIR, file), 'utf8')).join('\n');
  const css = `${themeCss}\n${revealCss}\n${baseCss}\n${SAFETY_MARGIN_CSS}`;
  const styles: FitStyles = { css, hash: sha256Hex(css), fonts: fontDescriptors(themeCss), fontFiles };
  cache.set(theme.name, styles);
  return styles;
}

/**
 * Replaces `@import "pkg/file.css"` with the file, its `url(./x)` pointing at
 * the font route; every font file it names is added to `fontFiles`.
 */
function inlineImports(css: string, fontFiles: Map<string, string>): string {
  return css.replace(/@import\s+["']([^"']+)["'];?/g, (_all, specifier: string) => {
    const file = require.resolve(specifier);
    const dir = path.dirname(file);
    return readFileSync(file, 'utf8').replace(/url\(\s*["']?(\.[^"')]+)["']?\s*\)/g, (_u, relative: string) => {
      const fontFile = path.resolve(dir, relative);
      const urlPath = `${FONT_PREFIX}${fontFiles.size}-${path.basename(fontFile)}`;
      fontFiles.set(urlPath, fontFile);
      return `url(${FIT_ORIGIN}${urlPath})`;
    });
  });
}

/** One `weight 16px "family"` per @font-face, so the page can wait for every face. */
function fontDescriptors(css: string): string[] {
  const faces = css.match(/@font-face\s*{[^}]*}/g) ?? [];
  return faces.map((face) => {
    const family = /font-family:\s*['"]?([^'";]+)['"]?/.exec(face)?.[1] ?? 'sans-serif';
    const weight = /font-weight:\s*(\d+)/.exec(face)?.[1] ?? '400';
    const style = /font-style:\s*(\w+)/.exec(face)?.[1] ?? 'normal';
    return `${style} ${weight} 16px "${family}"`;
  });
}
