/**
 * HTML comments that are speaker notes in their tools: in Slidev the last
 * comment of a slide is its notes, in Marp every comment that is not a
 * directive is. (Elsewhere a comment stays a comment.) In slide-first
 * Slidev and Marp files each plain comment becomes an `ld_comment` group
 * holding its text parsed as markdown, with the original comment in `meta`;
 * the slide-first slicer decides which ones are notes (src/dialects/slideFirst.ts).
 * Marp directive comments (`<!-- _class: lead -->`, `<!-- paginate: true -->`)
 * become `ld_marp_directive` tokens.
 */
import matter from 'gray-matter';
import type { MarkdownIt } from 'markdown-it';
import { envOf, newToken, parseNested } from './tokens.ts';

const COMMENT = /^\s*<!--([\s\S]*?)-->\s*$/;
/** Markers of our own and of reveal / fit directives: never notes. */
const OURS = /^\s*(?:ld-|\.?notes?\s*:?\s*$|\.slide\b|\.element\b|fit\s*:)/i;

export const MARP_DIRECTIVES = new Set(['theme', 'style', 'headingDivider', 'lang', 'size', 'math', 'title', 'author', 'description', 'image', 'keywords', 'url', 'marp', 'paginate', 'header', 'footer', 'class', 'backgroundColor', 'backgroundImage', 'backgroundPosition', 'backgroundRepeat', 'backgroundSize', 'color', 'transition']);

/** The directives in a comment's text, when every key is a Marp directive (`_x` applies to one slide). */
export function marpDirectives(text: string): Record<string, unknown> | undefined {
  let data: unknown;
  try {
    data = matter(`---\n${text.trim()}\n---\n`, {}).data;
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const keys = Object.keys(data);
  return keys.length > 0 && keys.every((k) => MARP_DIRECTIVES.has(k.replace(/^_/, ''))) ? (data as Record<string, unknown>) : undefined;
}

export function commentNotesPlugin(md: MarkdownIt): void {
  md.renderer.rules.ld_marp_directive = () => '';
  md.core.ruler.after('block', 'ld_comment_notes', (state) => {
    const dialect = envOf(state).dialect;
    if (!dialect?.slideFirst || !(dialect.dialects.slidev || dialect.dialects.marp)) return;
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      const match = token.type === 'html_block' && token.level === 0 ? COMMENT.exec(token.content) : null;
      if (!match || OURS.test(match[1]!)) continue;
      const directives = dialect.dialects.marp ? marpDirectives(match[1]!) : undefined;
      if (directives) {
        const directive = newToken(state, 'ld_marp_directive', '', 0, token.map);
        directive.block = true;
        directive.meta = directives;
        tokens[i] = directive;
        continue;
      }
      const firstLine = (token.map?.[0] ?? 0) + (match[1]!.startsWith('\n') ? 1 : 0);
      const inner = parseNested(state, match[1]!.replace(/^\n/, ''), firstLine, 1);
      const open = newToken(state, 'ld_comment_open', '', 1, token.map);
      const close = newToken(state, 'ld_comment_close', '', -1);
      open.block = close.block = true;
      open.meta = { original: token.content };
      tokens.splice(i, 1, open, ...inner, close);
      i += inner.length + 1;
    }
  });
}
