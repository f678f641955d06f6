/**
 * The one callout box every dialect's admonition becomes (GitHub alerts,
 * MkDocs `!!!`/`???`, Docusaurus/VuePress `:::note`, kramdown `{: .note}`):
 * a titled box in the theme's note / tip / important / warning colours.
 * Collapsible ones are `<details open>`: open on slides and in print.
 */
import type { MarkdownIt, Token } from 'markdown-it';
import { escapeHtml } from '../slides/renderEnv.ts';

export type CalloutKind = 'note' | 'tip' | 'important' | 'warning' | 'danger';

const KIND_OF: Record<string, CalloutKind> = {
  note: 'note', info: 'note', abstract: 'note', summary: 'note', tldr: 'note', todo: 'note', question: 'note', help: 'note', faq: 'note',
  example: 'note', quote: 'note', cite: 'note', secondary: 'note', details: 'note',
  tip: 'tip', hint: 'tip', success: 'tip', check: 'tip', done: 'tip',
  important: 'important', new: 'important',
  warning: 'warning', caution: 'warning', attention: 'warning',
  danger: 'danger', error: 'danger', failure: 'danger', fail: 'danger', missing: 'danger', bug: 'danger',
};

/** Our kind for another tool's type word; undefined when the word is not an admonition type. */
export function calloutKind(type: string): CalloutKind | undefined {
  return KIND_OF[type.toLowerCase()];
}

export function defaultTitle(type: string): string {
  const word = type.toLowerCase();
  return word === 'tldr' ? 'TL;DR' : word.charAt(0).toUpperCase() + word.slice(1);
}

export interface CalloutMeta extends Record<string, unknown> {
  kind: CalloutKind;
  /** The type as the author wrote it (`example`, `caution`…), kept as a class. */
  type: string;
  /** Markdown inline text; empty for an untitled box. */
  title: string;
  collapsible: boolean;
}

export function calloutOpenHtml(md: MarkdownIt, meta: CalloutMeta, env: unknown): string {
  const classes = `admonition admonition-${meta.kind} admonition-type-${escapeHtml(meta.type.toLowerCase())}`;
  const title = meta.title ? md.renderInline(meta.title, env as Record<string, unknown>) : '';
  if (meta.collapsible) return `<details open class="${classes}"><summary class="admonition-title">${title || escapeHtml(defaultTitle(meta.type))}</summary>\n`;
  return `<div class="${classes}">${title ? `<p class="admonition-title">${title}</p>` : ''}\n`;
}

export function calloutCloseHtml(meta: CalloutMeta): string {
  return meta.collapsible ? '</details>\n' : '</div>\n';
}

/** Renderers for `ld_callout_open` / `ld_callout_close`, whose `meta` is a CalloutMeta. */
export function calloutRenderers(md: MarkdownIt): void {
  if (md.renderer.rules.ld_callout_open) return;
  md.renderer.rules.ld_callout_open = (tokens, idx, _options, env) => calloutOpenHtml(md, tokens[idx]!.meta as unknown as CalloutMeta, env);
  md.renderer.rules.ld_callout_close = (tokens, idx) => calloutCloseHtml(tokens[idx]!.meta as unknown as CalloutMeta);
}

export function toCallout(open: Token, close: Token, meta: CalloutMeta): void {
  open.type = 'ld_callout_open';
  close.type = 'ld_callout_close';
  open.tag = close.tag = meta.collapsible ? 'details' : 'div';
  open.meta = close.meta = meta;
}
