/**
 * Docusaurus (`:::note`, `:::tip[Title]`, `:::warning Title`) and VuePress /
 * VitePress (`::: tip`, `::: details Title`) admonitions, closed by `:::`;
 * more colons nest (`::::note` around `:::tip`). Our own `::: notes` (speaker
 * notes) is a different word and is not touched.
 */
import container from 'markdown-it-container';
import type { MarkdownIt } from 'markdown-it';
import { calloutCloseHtml, calloutKind, calloutOpenHtml, defaultTitle, type CalloutMeta } from './callout.ts';

const PARAMS = /^\s*([A-Za-z]+)\s*(?:\[(.*)\])?\s*(.*?)\s*$/;

export function containerMeta(params: string): CalloutMeta | undefined {
  const match = PARAMS.exec(params);
  const type = match?.[1] ?? '';
  const kind = calloutKind(type);
  if (!match || !kind) return undefined;
  const title = match[2] ?? (match[3] || defaultTitle(type));
  return { kind, type, title, collapsible: type.toLowerCase() === 'details' };
}

export function containerAdmonitionsPlugin(md: MarkdownIt): void {
  md.use(container, 'ld_callout', {
    marker: ':',
    validate: (params: string) => containerMeta(params) !== undefined,
    render: (tokens: { info: string; nesting: number }[], idx: number, _options: unknown, env: unknown) => {
      const token = tokens[idx]!;
      if (token.nesting === 1) return calloutOpenHtml(md, containerMeta(token.info)!, env);
      // The closing token carries no info: find the open one it belongs to.
      let depth = 0;
      for (let i = idx; i >= 0; i--) {
        depth += tokens[i]!.nesting;
        if (depth === 0 && tokens[i]!.nesting === 1) return calloutCloseHtml(containerMeta(tokens[i]!.info)!);
      }
      return '</div>\n';
    },
  });
}
