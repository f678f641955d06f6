/**
 * MkDocs (Material) admonitions: `!!! note "Title"` with the body indented by
 * four spaces; `??? note` is collapsible (closed there; open on our slides and
 * in print) and `???+` collapsible and open. An empty title (`""`) means no
 * title bar, as in MkDocs. The type's extra words (`inline end`) are layout
 * hints for a web page and are ignored.
 */
import type { MarkdownIt, StateBlock } from 'markdown-it';
import { calloutKind, calloutRenderers, defaultTitle, type CalloutMeta } from './callout.ts';

const OPENER = /^(!!!|\?\?\?\+?)[ \t]+([\w-]+)((?:[ \t]+[\w-]+)*)(?:[ \t]+"(.*)")?[ \t]*$/;

export function mkdocsAdmonitionsPlugin(md: MarkdownIt): void {
  calloutRenderers(md);
  md.block.ruler.before('fence', 'ld_mkdocs_admonition', (state, startLine, endLine, silent) => {
    const match = OPENER.exec(lineText(state, startLine));
    if (!match || state.sCount[startLine]! - state.blkIndent >= 4) return false;
    if (silent) return true;
    const type = match[2]!;
    const meta: CalloutMeta = {
      kind: calloutKind(type) ?? 'note',
      type,
      title: match[4] !== undefined ? match[4] : defaultTitle(type),
      collapsible: match[1] !== '!!!',
    };
    const end = indentedBodyEnd(state, startLine + 1, endLine);
    const open = state.push('ld_callout_open', meta.collapsible ? 'details' : 'div', 1);
    open.meta = meta;
    open.map = [startLine, end];
    tokenizeIndented(state, startLine + 1, end);
    state.push('ld_callout_close', open.tag, -1).meta = meta;
    state.line = end;
    return true;
  }, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
}

export function lineText(state: StateBlock, line: number): string {
  return state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]!);
}

/** First line after a body indented four spaces past the current block (blank lines inside are part of it). */
export function indentedBodyEnd(state: StateBlock, from: number, endLine: number): number {
  let end = from;
  for (let line = from; line < endLine; line++) {
    const blank = state.isEmpty(line);
    if (!blank && state.sCount[line]! - state.blkIndent < 4) break;
    if (!blank) end = line + 1;
  }
  return end;
}

/** Parses lines `from`…`to` as blocks indented four spaces deeper (like a list item's content). */
export function tokenizeIndented(state: StateBlock, from: number, to: number): void {
  const oldIndent = state.blkIndent;
  const oldLineMax = state.lineMax;
  const oldParent = state.parentType;
  state.blkIndent += 4;
  state.lineMax = to;
  state.parentType = 'blockquote';
  state.md.block.tokenize(state, from, to);
  state.blkIndent = oldIndent;
  state.lineMax = oldLineMax;
  state.parentType = oldParent;
}
