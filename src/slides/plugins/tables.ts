/** Wraps tables so themes can scroll or scale wide ones without breaking the slide. */
import type { MarkdownIt } from 'markdown-it';

export function tablesPlugin(md: MarkdownIt): void {
  md.renderer.rules.table_open = (tokens, idx, options, _env, self) => `<div class="table-wrap">${self.renderToken(tokens, idx, options)}`;
  md.renderer.rules.table_close = (tokens, idx, options, _env, self) => `${self.renderToken(tokens, idx, options)}</div>`;
}
