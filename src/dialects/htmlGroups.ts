/**
 * Keeps raw HTML elements whole: `<details>` … markdown … `</details>` (or a
 * `<div>`, a Slidev `<v-click>`) parses as an opening HTML block, markdown
 * blocks, and a closing HTML block. Cut apart — the markdown moved to notes or
 * onto the next slide — the page would get an unclosed `<div>` on one slide
 * and a stray `</div>` on another, which closes reveal's own slide container.
 * This rule wraps such a run in one group token, so the slicer moves it as
 * one block. A run that holds a heading or a rule is left alone: those cut
 * slides, and the author's structure wins over a wrapper.
 */
import type { MarkdownIt, Token } from 'markdown-it';
import { envOf, fileLine, newToken, report } from './tokens.ts';

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/** Open elements left by an HTML fragment, given those already open (innermost last). */
export function openElements(html: string, open: string[] = []): string[] | undefined {
  const stack = [...open];
  for (const match of html.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<(\/?)([a-zA-Z][\w-]*)\b[^>]*?(\/?)>/g)) {
    const name = match[2]!.toLowerCase();
    if (VOID.has(name) || match[3]) continue;
    if (!match[1]) stack.push(name);
    else if (stack[stack.length - 1] === name) stack.pop();
    else if (stack.includes(name)) stack.splice(stack.lastIndexOf(name));
    else return undefined; // closes something it did not open: not ours to group
  }
  return stack;
}

export function htmlGroupsPlugin(md: MarkdownIt): void {
  md.renderer.rules.ld_html_group_open = () => '';
  md.renderer.rules.ld_html_group_close = () => '';
  md.core.ruler.after('block', 'ld_html_groups', (state) => {
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const start = tokens[i]!;
      if (start.type !== 'html_block') continue;
      const open = openElements(start.content);
      if (!open || open.length === 0) continue;
      const end = findGroupEnd(tokens, i, open);
      if (end === undefined) continue;
      const openToken = newToken(state, 'ld_html_group_open', 'div', 1, [start.map?.[0] ?? 0, tokens[end]!.map?.[1] ?? 0]);
      const closeToken = newToken(state, 'ld_html_group_close', 'div', -1);
      openToken.level = closeToken.level = start.level;
      openToken.block = closeToken.block = true;
      for (let k = i; k <= end; k++) tokens[k]!.level++;
      tokens.splice(end + 1, 0, closeToken);
      tokens.splice(i, 0, openToken);
      i = end + 2;
    }
  });
  md.core.ruler.after('ld_html_groups', 'ld_html_stray_closers', (state) => {
    let depth = 0;
    for (const token of state.tokens) {
      if (token.type === 'ld_html_group_open') depth++;
      else if (token.type === 'ld_html_group_close') depth--;
      else if (depth === 0 && token.type === 'html_block' && openElements(token.content) === undefined) {
        token.content = withoutStrayClosers(token.content);
        report(envOf(state), fileLine(envOf(state), token), 'html-unbalanced', 'A closing HTML tag here closes nothing this lesson opened nearby, so it was left out (on a slide it would close the deck\'s own slide container). Check the HTML around it.');
      }
    }
  });
}

/** Removes closing tags that close nothing opened before them in the same fragment. */
export function withoutStrayClosers(html: string): string {
  const stack: string[] = [];
  return html.replace(/<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w-]*)\b[^>]*?(\/?)>/g, (tag, closing: string | undefined, rawName: string | undefined, selfClosing: string | undefined) => {
    if (!rawName) return tag;
    const name = rawName.toLowerCase();
    if (VOID.has(name) || selfClosing) return tag;
    if (!closing) {
      stack.push(name);
      return tag;
    }
    const at = stack.lastIndexOf(name);
    if (at < 0) return '';
    stack.splice(at);
    return tag;
  });
}

function findGroupEnd(tokens: Token[], start: number, initiallyOpen: string[]): number | undefined {
  let open = initiallyOpen;
  const level = tokens[start]!.level;
  for (let j = start + 1; j < tokens.length; j++) {
    const token = tokens[j]!;
    if (token.level < level) return undefined;
    if (token.level !== level) continue;
    if (token.type === 'heading_open' || token.type === 'hr') return undefined;
    if (token.type !== 'html_block') continue;
    const next = openElements(token.content, open);
    if (!next) return undefined;
    if (next.length === 0) return j;
    open = next;
  }
  return undefined;
}
