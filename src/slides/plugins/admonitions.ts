/**
 * `> **Note:** …` style blockquotes (and GitHub's `> [!NOTE]`) get a class so
 * themes can show them as callout boxes.
 */
import type { MarkdownIt } from 'markdown-it';
import type { Token } from 'markdown-it';

const KINDS: Record<string, string> = {
  note: 'note', info: 'note', tip: 'tip', hint: 'tip', important: 'important',
  warning: 'warning', caution: 'warning', danger: 'warning',
};

export function admonitionsPlugin(md: MarkdownIt): void {
  md.core.ruler.push('ld_admonitions', (state) => {
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]!.type !== 'blockquote_open') continue;
      const kind = admonitionKind(tokens, i);
      if (kind) tokens[i]!.attrJoin('class', `admonition admonition-${kind}`);
    }
  });
}

function admonitionKind(tokens: Token[], open: number): string | undefined {
  const inline = tokens[open + 2];
  if (tokens[open + 1]?.type !== 'paragraph_open' || inline?.type !== 'inline') return undefined;
  const match = /^(?:\*\*|__)?\[?!?([A-Za-z]+)\]?:?(?:\*\*|__)?/.exec(inline.content);
  const word = match?.[1]?.toLowerCase();
  if (!word || !(word in KINDS)) return undefined;
  const explicit = /^(?:\*\*|__)[A-Za-z]+:?(?:\*\*|__)|^\[![A-Za-z]+\]/.test(inline.content);
  return explicit ? KINDS[word] : undefined;
}
