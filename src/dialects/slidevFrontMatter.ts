/**
 * Slidev's per-slide front matter: a `---` separator line directly followed
 * by YAML and a closing `---` (Slidev reads it so; markdown alone would make
 * `layout: two-cols` a heading under a rule). Before markdown parses the
 * text, each such block is swapped for a one-line marker (lines never move);
 * after parsing, the marker becomes an `ld_slide_meta` token carrying the
 * YAML, which the slide-first slicer reads (layout, class, background…).
 */
import matter from 'gray-matter';
import type { MarkdownIt } from 'markdown-it';
import { fencedLines } from './fences.ts';
import { newToken, envOf } from './tokens.ts';

const MARKER = /^<!--ld-slide-meta:(\d+)-->\s*$/;
const YAML_KEY = /^[A-Za-z_][\w-]*\s*:/;

export function slidevFrontMatterPlugin(md: MarkdownIt): void {
  md.renderer.rules.ld_slide_meta = () => '';
  md.core.ruler.before('block', 'ld_slidev_front_matter', (state) => {
    const dialect = envOf(state).dialect;
    if (!dialect?.dialects.slidev) return;
    state.src = replacePerSlideFrontMatter(state.src, dialect.slideMeta);
  });
  md.core.ruler.after('block', 'ld_slidev_front_matter_tokens', (state) => {
    const meta = envOf(state).dialect?.slideMeta;
    if (!meta) return;
    state.tokens.forEach((token, i) => {
      const match = token.type === 'html_block' ? MARKER.exec(token.content.trim()) : null;
      if (!match) return;
      const replacement = newToken(state, 'ld_slide_meta', '', 0, token.map);
      replacement.block = true;
      replacement.meta = meta[Number(match[1])] ?? {};
      state.tokens[i] = replacement;
    });
  });
}

export function replacePerSlideFrontMatter(src: string, store: Record<string, unknown>[]): string {
  const lines = src.split('\n');
  const fenced = fencedLines(lines);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trimEnd();
    if (fenced.has(i)) continue;
    if (line !== '---' || !YAML_KEY.test(lines[i + 1] ?? '')) continue;
    const close = lines.findIndex((l, j) => j > i + 1 && l.trimEnd() === '---');
    if (close < 0) continue;
    const data = parseYaml(lines.slice(i + 1, close).join('\n'));
    if (!data) continue;
    store.push(data);
    lines[i + 1] = `<!--ld-slide-meta:${store.length - 1}-->`;
    for (let j = i + 2; j <= close; j++) lines[j] = '';
    i = close;
  }
  return lines.join('\n');
}

function parseYaml(text: string): Record<string, unknown> | undefined {
  try {
    const data = matter(`---\n${text}\n---\n`, {}).data;
    return typeof data === 'object' && data !== null && !Array.isArray(data) && Object.keys(data).length > 0 ? data : undefined;
  } catch {
    return undefined;
  }
}
