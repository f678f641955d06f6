/**
 * MkDocs content tabs (`=== "Linux"` with the tab's body indented four
 * spaces). A slide cannot hide content behind a tab the room cannot click, so
 * each tab is shown as a labelled panel, one after the other; each panel is
 * its own block, so a long set can go over several slides between tabs.
 * Docusaurus `<Tabs>`/`<TabItem label="…">` becomes the same (see components.ts).
 */
import type { MarkdownIt } from 'markdown-it';
import { escapeHtml } from '../slides/renderEnv.ts';
import { indentedBodyEnd, lineText, tokenizeIndented } from './mkdocsAdmonitions.ts';

const OPENER = /^===([!+]?)[ \t]+"(.*)"[ \t]*$/;

export function tabPanelOpen(label: string): string {
  return `<div class="ld-tab"><p class="ld-tab-label">${escapeHtml(label)}</p>\n`;
}

export function mkdocsTabsPlugin(md: MarkdownIt): void {
  md.renderer.rules.ld_tab_open = (tokens, idx) => tabPanelOpen(String(tokens[idx]!.meta?.label ?? ''));
  md.renderer.rules.ld_tab_close = () => '</div>\n';
  md.block.ruler.before('fence', 'ld_mkdocs_tab', (state, startLine, endLine, silent) => {
    const match = OPENER.exec(lineText(state, startLine));
    if (!match || state.sCount[startLine]! - state.blkIndent >= 4) return false;
    if (silent) return true;
    const end = indentedBodyEnd(state, startLine + 1, endLine);
    const open = state.push('ld_tab_open', 'div', 1);
    open.meta = { label: match[2]! };
    open.map = [startLine, end];
    tokenizeIndented(state, startLine + 1, end);
    state.push('ld_tab_close', 'div', -1);
    state.line = end;
    return true;
  }, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
}
