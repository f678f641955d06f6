/**
 * In Slidev and remark files a `---` line always separates slides, even
 * right under a line of text, where markdown would read the pair as a
 * heading (setext). Such a heading is turned back into the paragraph and the
 * separator its author meant.
 */
import type { MarkdownIt } from 'markdown-it';
import { envOf, newToken } from './tokens.ts';

export function setextSeparatorsPlugin(md: MarkdownIt): void {
  md.core.ruler.after('block', 'ld_setext_separators', (state) => {
    const dialect = envOf(state).dialect;
    if (!dialect?.slideFirst || !(dialect.dialects.slidev || dialect.dialects.remark)) return;
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const open = tokens[i]!;
      if (open.type !== 'heading_open' || open.markup !== '-' || open.level !== 0) continue;
      const map = open.map ?? [0, 1];
      open.type = 'paragraph_open';
      open.tag = 'p';
      open.markup = '';
      open.map = [map[0], map[1] - 1];
      const close = tokens[i + 2]!;
      close.type = 'paragraph_close';
      close.tag = 'p';
      close.markup = '';
      const rule = newToken(state, 'hr', 'hr', 0, [map[1] - 1, map[1]]);
      rule.markup = '---';
      rule.block = true;
      tokens.splice(i + 3, 0, rule);
    }
  });
}
