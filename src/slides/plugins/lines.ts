/**
 * Keeps `env.currentLine` on the line being rendered, not just the block's
 * first line: a broken link in the 5th item of a list is reported at that
 * item's line. Inline tokens carry no line; the block tokens around them do.
 */
import type { MarkdownIt } from 'markdown-it';
import type { RenderEnv } from '../renderEnv.ts';

const LINE_TOKENS = ['paragraph_open', 'list_item_open', 'heading_open', 'tr_open', 'blockquote_open'];

export function linesPlugin(md: MarkdownIt): void {
  for (const type of LINE_TOKENS) {
    const previous = md.renderer.rules[type];
    md.renderer.rules[type] = (tokens, idx, options, env, self) => {
      const map = tokens[idx]!.map;
      const renderEnv = env as RenderEnv;
      if (map && typeof renderEnv.lineOffset === 'number') renderEnv.currentLine = map[0] + renderEnv.lineOffset + 1;
      return previous ? previous(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
    };
  }
}
