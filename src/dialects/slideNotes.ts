/**
 * Speaker-notes separators of slide-first files, found at the start of any
 * line as their tools find them (reveal.js splits the raw text, so a `Note:`
 * line right under a list item is notes too, not part of the item):
 * reveal-md's `notesSeparator` (default `note:` / `notes:`, any case) and
 * remark's `???` line. Each becomes our `<!-- notes -->` marker, so the
 * slicer puts the rest of the slide in the speaker notes.
 */
import type { MarkdownIt, StateBlock } from 'markdown-it';
import { envOf } from './tokens.ts';

const REMARK_NOTES = /^\?\?\?[ \t]*$/;

function notesPattern(state: StateBlock): RegExp | undefined {
  const dialect = envOf(state).dialect;
  if (!dialect?.slideFirst) return undefined;
  if (dialect.dialects.remark) return REMARK_NOTES;
  if (dialect.dialects.slidev || dialect.dialects.marp) return undefined;
  return dialect.reveal.notes;
}

export function slideNotesPlugin(md: MarkdownIt): void {
  md.block.ruler.before('paragraph', 'ld_slide_notes', (state, startLine, endLine, silent) => {
    const pattern = notesPattern(state);
    if (!pattern) return false;
    const start = state.bMarks[startLine]! + state.tShift[startLine]!;
    const text = state.src.slice(start, state.eMarks[startLine]!);
    const match = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(text);
    if (!match || match.index !== 0) return false;
    if (silent) return true;
    const marker = state.push('html_block', '', 0);
    marker.content = '<!-- notes -->\n';
    marker.map = [startLine, startLine + 1];
    // The rest of the line, and the lines of its paragraph, are the first note.
    let next = startLine + 1;
    const terminators = state.md.block.ruler.getRules('paragraph');
    while (next < endLine && !state.isEmpty(next) && state.sCount[next]! >= state.blkIndent) {
      if (terminators.some((rule) => rule(state, next, endLine, true))) break;
      next++;
    }
    const rest = [text.slice(match[0].length), state.getLines(startLine + 1, next, state.blkIndent, false)].join('\n').trim();
    if (rest) {
      state.push('paragraph_open', 'p', 1).map = [startLine, next];
      const inline = state.push('inline', '', 0);
      inline.content = rest;
      inline.map = [startLine, next];
      inline.children = [];
      state.push('paragraph_close', 'p', -1);
    }
    state.line = next;
    return true;
  }, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
}
