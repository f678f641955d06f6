/**
 * Theme names from other tools' front matter (reveal.js, Marp, Slidev) mean
 * "looks like this" to their authors: the dark ones get our dark theme, the
 * rest our light one, without an unknown-theme warning for a name that was
 * never ours to know.
 */
const DARK = new Set(['black', 'night', 'moon', 'league', 'blood', 'dracula']);
const LIGHT = new Set(['white', 'beige', 'sky', 'serif', 'simple', 'solarized', 'gaia', 'uncover', 'seriph', 'apple-basic', 'bricks', 'shibainu', 'academic', 'minimal']);

/** Our theme for another tool's theme name; undefined when the name is not one we know of. */
export function foreignTheme(name: string): 'light' | 'dark' | undefined {
  const key = name.toLowerCase();
  return DARK.has(key) ? 'dark' : LIGHT.has(key) ? 'light' : undefined;
}
