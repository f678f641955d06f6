/**
 * GitHub alerts: a blockquote whose first line is `[!NOTE]`, `[!TIP]`,
 * `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]` is a titled callout; the
 * marker itself never reaches the slide.
 */
import type { MarkdownIt } from 'markdown-it';
import { calloutKind, calloutRenderers, defaultTitle, toCallout } from './callout.ts';
import { matchingClose } from './tokens.ts';

const ALERT_MARKER = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?:\n|$)/i;

export function githubAlertsPlugin(md: MarkdownIt): void {
  calloutRenderers(md);
  md.core.ruler.after('inline', 'ld_github_alerts', (state) => {
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]!.type !== 'blockquote_open' || tokens[i + 1]?.type !== 'paragraph_open') continue;
      const inline = tokens[i + 2]!;
      const match = ALERT_MARKER.exec(inline.content);
      if (!match) continue;
      const type = match[1]!;
      toCallout(tokens[i]!, tokens[matchingClose(tokens, i)]!, { kind: calloutKind(type)!, type, title: defaultTitle(type), collapsible: false });
      inline.content = inline.content.slice(match[0].length);
      // Drop the marker's text and the line break after it from the inline children.
      const children = inline.children ?? [];
      const first = children[0];
      if (first?.type === 'text') {
        first.content = first.content.replace(/^\[![A-Za-z]+\][ \t]*/, '');
        if (first.content === '') children.shift();
        if (children[0]?.type === 'softbreak' || children[0]?.type === 'hardbreak') children.shift();
      }
      // A marker alone in its paragraph leaves an empty paragraph: remove it.
      if (inline.content.trim() === '' && tokens[i + 3]?.type === 'paragraph_close') tokens.splice(i + 1, 3);
    }
  });
}
