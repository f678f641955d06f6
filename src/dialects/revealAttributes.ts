/**
 * reveal.js / reveal-md attribute comments. `<!-- .element: class="fragment" -->`
 * sets attributes on the element just before it (inside a list item, a
 * heading or a paragraph: on that element when nothing precedes it), as
 * reveal's markdown plugin does in the browser; `<!-- .slide: data-background="#123" -->`
 * sets them on the slide (see the `ld_slide_attrs` token in slice.ts).
 */
import type { MarkdownIt, StateCore, Token } from 'markdown-it';
import { applyAttributes, elementBefore, newToken, parseHtmlAttributes, previousSibling } from './tokens.ts';

const ELEMENT = /^<!--\s*\.element:?\s*([\s\S]*?)\s*-->\s*$/;
const SLIDE = /^<!--\s*\.slide:\s*([\s\S]*?)\s*-->\s*$/;

export function revealAttributesPlugin(md: MarkdownIt): void {
  md.renderer.rules.ld_slide_attrs = () => '';
  md.core.ruler.after('inline', 'ld_reveal_attributes', (state) => {
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.type === 'html_block') {
        const content = token.content.trim();
        const element = ELEMENT.exec(content);
        const slide = SLIDE.exec(content);
        if (element) {
          const target = previousSibling(tokens, i);
          const owner = target !== undefined ? tokens[target]! : parentOf(tokens, i);
          if (owner) applyAttributes(owner, parseHtmlAttributes(element[1]!));
          tokens.splice(i--, 1);
        } else if (slide) {
          tokens[i] = slideAttrsToken(state, slide[1]!, token.map);
        }
      } else if (token.type === 'inline' && token.children?.some((c) => c.type === 'html_inline' && /^<!--\s*\.(element|slide)\b/.test(c.content))) {
        const slides = applyInline(token.children, tokens[i - 1]!, tokens[i - 2]);
        for (const attrs of slides) tokens.splice(i + 2, 0, slideAttrsToken(state, attrs, token.map));
      }
    }
  });
}

function slideAttrsToken(state: StateCore, attrs: string, map: [number, number] | null): Token {
  const token = newToken(state, 'ld_slide_attrs', '', 0, map);
  token.block = true;
  token.meta = { attributes: parseHtmlAttributes(attrs) };
  return token;
}

function applyInline(children: Token[], container: Token, beforeContainer: Token | undefined): string[] {
  const slideAttrs: string[] = [];
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child.type !== 'html_inline') continue;
    const element = ELEMENT.exec(child.content);
    const slide = SLIDE.exec(child.content);
    if (!element && !slide) continue;
    if (element) {
      // The nearest element before the comment on its line; text in between does not count.
      let j = i - 1;
      while (j >= 0 && ['text', 'softbreak', 'hardbreak'].includes(children[j]!.type) && children[j]!.content.trim() === '') j--;
      const before = j >= 0 ? elementBefore(children, j + 1) : undefined;
      const owner = before ?? (container.hidden && beforeContainer?.type === 'list_item_open' ? beforeContainer : container);
      applyAttributes(owner, parseHtmlAttributes(element[1]!));
    } else slideAttrs.push(slide![1]!);
    children.splice(i--, 1);
  }
  return slideAttrs;
}

/** The opening token of the element containing the token at `index`. */
function parentOf(tokens: Token[], index: number): Token | undefined {
  let depth = 0;
  for (let k = index - 1; k >= 0; k--) {
    depth += tokens[k]!.nesting;
    if (depth > 0) return tokens[k];
  }
  return undefined;
}
