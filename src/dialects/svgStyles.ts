/**
 * A `<style>` inside a hand-written `<svg>` styles that drawing, as its author
 * meant, not the whole deck: its rules are put in a prelude-less `@scope`,
 * whose root is the style element's parent (the `<svg>`). A lesson's own
 * top-level `<style>` stays as written and applies to its deck only (it is in
 * that deck's page alone), which is what reveal-md users expect.
 */
import type { MarkdownIt, Token } from 'markdown-it';

export function scopeSvgStyles(html: string): string {
  return html.replace(/<svg\b[\s\S]*?<\/svg>/gi, (svg) => svg.replace(/(<style\b[^>]*>)([\s\S]*?)(<\/style>)/gi, (_m, open: string, css: string, close: string) => (/^\s*@scope\b/.test(css) ? `${open}${css}${close}` : `${open}@scope {${css}}${close}`)));
}

export function svgStylesPlugin(md: MarkdownIt): void {
  md.core.ruler.push('ld_svg_styles', (state) => {
    for (const token of state.tokens) {
      if (token.type === 'html_block' && /<svg\b/i.test(token.content)) token.content = scopeSvgStyles(token.content);
      if (token.type === 'inline' && token.children?.some((c) => c.type === 'html_inline' && /^<style\b/i.test(c.content))) token.children = rawInlineStyles(token.children);
    }
  });
}

/**
 * An SVG written inline in a paragraph: markdown-it sees its `<style>` text as
 * text (and would escape `>` in selectors). The text goes back to raw CSS,
 * scoped like a block SVG's.
 */
function rawInlineStyles(children: Token[]): Token[] {
  const out: Token[] = [];
  let inSvg = 0;
  let style: Token | undefined;
  for (const child of children) {
    if (style) {
      if (child.type === 'html_inline' && /^<\/style/i.test(child.content)) {
        style.content += `${inSvg > 0 ? '}' : ''}${child.content}`;
        style = undefined;
      } else style.content += child.content;
      continue;
    }
    if (child.type === 'html_inline') {
      if (/^<svg\b/i.test(child.content)) inSvg++;
      else if (/^<\/svg/i.test(child.content)) inSvg = Math.max(0, inSvg - 1);
      else if (/^<style\b/i.test(child.content)) {
        style = child;
        if (inSvg > 0) child.content += '@scope {';
      }
    }
    out.push(child);
  }
  return out;
}
