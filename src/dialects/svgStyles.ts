/**
 * A `<style>` inside a hand-written `<svg>` styles that drawing, as its author
 * meant, not the whole deck: its rules are put in a prelude-less `@scope`,
 * whose root is the style element's parent (the `<svg>`). A lesson's own
 * top-level `<style>` stays as written and applies to its deck only (it is in
 * that deck's page alone), which is what reveal-md users expect.
 */
import type { MarkdownIt } from 'markdown-it';

export function scopeSvgStyles(html: string): string {
  return html.replace(/<svg\b[\s\S]*?<\/svg>/gi, (svg) => svg.replace(/(<style\b[^>]*>)([\s\S]*?)(<\/style>)/gi, (_m, open: string, css: string, close: string) => (/^\s*@scope\b/.test(css) ? `${open}${css}${close}` : `${open}@scope {${css}}${close}`)));
}

export function svgStylesPlugin(md: MarkdownIt): void {
  md.core.ruler.push('ld_svg_styles', (state) => {
    for (const token of state.tokens) if (token.type === 'html_block' && /<svg\b/i.test(token.content)) token.content = scopeSvgStyles(token.content);
  });
}
