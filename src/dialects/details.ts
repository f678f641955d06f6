/**
 * `<details>` is open on slides and in print: a collapsed block would hide
 * its content from the room and from the PDF. (The reader can still fold it.)
 */
import type { MarkdownIt } from 'markdown-it';

const CLOSED_DETAILS = /<details\b(?![^>]*\sopen\b)/gi;

export function detailsPlugin(md: MarkdownIt): void {
  md.core.ruler.push('ld_details_open', (state) => {
    for (const token of state.tokens) {
      if (token.type === 'html_block') token.content = token.content.replace(CLOSED_DETAILS, '<details open');
      for (const child of token.children ?? []) if (child.type === 'html_inline') child.content = child.content.replace(CLOSED_DETAILS, '<details open');
    }
  });
}
