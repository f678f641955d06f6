/**
 * Slidev clicks as reveal fragments: `<v-click>` … `</v-click>` shows its
 * content on the next click, `<v-clicks>` around a list shows the items one
 * per click, and an element with a `v-click` (or `v-after`) attribute is a
 * fragment itself. `hide` (`<v-click hide>`) hides on the click instead.
 */
import type { MarkdownIt, Token } from 'markdown-it';
import { applyAttributes, matchingClose } from './tokens.ts';

export function clickTags(html: string): string {
  return html
    .replace(/<v-click\b([^>]*)>/gi, (_m, attrs: string) => `<div class="fragment${/\bhide\b/.test(attrs) ? ' fade-out' : ''}">`)
    .replace(/<\/v-click\s*>/gi, '</div>')
    .replace(/<v-after\b[^>]*>/gi, '<div class="fragment">')
    .replace(/<\/v-after\s*>/gi, '</div>')
    .replace(/<([a-zA-Z][\w-]*)(\s[^>]*?)?\sv-(?:click|after)(?:\s*=\s*(?:"[^"]*"|'[^']*'))?([^>]*)>/g, (_m, tag: string, before = '', after: string) => {
      const attrs = `${before}${after}`;
      return /\sclass\s*=\s*"/.test(attrs) ? `<${tag}${attrs.replace(/\sclass\s*=\s*"/, ' class="fragment ')}>` : `<${tag} class="fragment"${attrs}>`;
    });
}

export function slidevClicksPlugin(md: MarkdownIt): void {
  md.core.ruler.after('inline', 'ld_slidev_clicks', (state) => {
    const tokens = state.tokens;
    if (!state.src.includes('v-click') && !state.src.includes('v-after')) return;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.type === 'html_block' && /<v-clicks\b/i.test(token.content)) {
        token.content = token.content.replace(/<\/?v-clicks\b[^>]*>/gi, '');
        markListItems(tokens, i);
      } else if (token.type === 'html_block') {
        token.content = token.content.replace(/<\/v-clicks\s*>/gi, '');
        token.content = clickTags(token.content);
      }
      for (const child of token.children ?? []) if (child.type === 'html_inline') child.content = clickTags(child.content).replace(/^<div class="fragment/, '<span class="fragment').replace(/^<\/div>$/, '</span>');
    }
  });
}

/** The list after a `<v-clicks>`: each of its top-level items is a fragment. */
function markListItems(tokens: Token[], from: number): void {
  const list = tokens.findIndex((t, k) => k > from && (t.type === 'bullet_list_open' || t.type === 'ordered_list_open'));
  if (list < 0) return;
  const close = matchingClose(tokens, list);
  const level = tokens[list]!.level + 1;
  for (let k = list; k < close; k++) if (tokens[k]!.type === 'list_item_open' && tokens[k]!.level === level) applyAttributes(tokens[k]!, [['class', 'fragment']]);
}
