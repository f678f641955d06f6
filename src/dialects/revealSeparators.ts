/**
 * reveal-md's own separators from front matter (`separator`,
 * `verticalSeparator`: regular expressions over the text, as reveal.js
 * applies them). Each match outside fenced code is swapped for a one-line
 * marker (lines never move), which becomes an `ld_break` token the
 * slide-first slicer cuts at. The defaults (`---` and `----` between blank
 * lines) need no rewriting: they are markdown rules already.
 */
import type { MarkdownIt } from 'markdown-it';
import { fencedLines } from './fences.ts';
import { envOf, newToken } from './tokens.ts';

const MARKER = /^<!--ld-break:(h|v)-->\s*$/;

export function markSeparators(src: string, separator: RegExp | undefined, vertical: RegExp | undefined): string {
  if (!separator && !vertical) return src;
  const lines = src.split('\n');
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }
  const lineOf = (at: number) => {
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= at) line++;
    return line;
  };
  const fenced = fencedLines(lines);
  const mark = (pattern: RegExp | undefined, kind: 'h' | 'v') => {
    if (!pattern) return;
    for (const match of src.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))) {
      if (match[0] === '') continue;
      // The separator is the first line the match covers with text on it (or its first line).
      const first = lineOf(match.index + (match[0].startsWith('\n') ? 1 : 0));
      const last = lineOf(match.index + match[0].length - 1);
      let target = first;
      for (let l = first; l <= last; l++) if (lines[l]!.trim() !== '') target = l;
      if (fenced.has(target) || MARKER.test(lines[target]!)) continue;
      lines[target] = `<!--ld-break:${kind}-->`;
    }
  };
  mark(vertical, 'v');
  mark(separator, 'h');
  return lines.join('\n');
}

export function revealSeparatorsPlugin(md: MarkdownIt): void {
  md.renderer.rules.ld_break = () => '';
  md.core.ruler.before('block', 'ld_reveal_separators', (state) => {
    const dialect = envOf(state).dialect;
    if (!dialect?.slideFirst) return;
    state.src = markSeparators(state.src, dialect.reveal.separator, dialect.reveal.vertical);
  });
  md.core.ruler.after('block', 'ld_reveal_separator_tokens', (state) => {
    state.tokens.forEach((token, i) => {
      const match = token.type === 'html_block' ? MARKER.exec(token.content.trim()) : null;
      if (!match) return;
      const replacement = newToken(state, 'ld_break', '', 0, token.map);
      replacement.block = true;
      replacement.meta = { level: match[1] };
      state.tokens[i] = replacement;
    });
  });
}
