/**
 * remark's class syntax: `.red[text]` wraps text in `<span class="red">`, and
 * a line `.left-column[` … a line `]` wraps markdown blocks in a
 * `<div class="left-column">`. Rewritten before markdown parses the text
 * (lines never move): spans become inline HTML, blocks become
 * `::: ld_class` containers so the markdown inside is still parsed.
 */
import container from 'markdown-it-container';
import type { MarkdownIt } from 'markdown-it';
import { escapeHtml } from '../slides/renderEnv.ts';
import { fencedLines } from './fences.ts';
import { envOf } from './tokens.ts';

const BLOCK_OPEN = /^(\s*)\.([a-zA-Z][\w-]*(?:\.[a-zA-Z][\w-]*)*)\[\s*$/;
const SPAN_OPEN = /\.([a-zA-Z][\w-]*(?:\.[a-zA-Z][\w-]*)*)\[/g;

export function rewriteRemarkClasses(src: string): string {
  const lines = src.split('\n');
  const open: number[] = [];
  // Container fences nest only when an outer one is longer: remember each pair's depth.
  const pairs: { open: number; close: number; depth: number; classes: string; indent: string }[] = [];
  const fenced = fencedLines(lines);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fenced.has(i)) continue;
    const block = BLOCK_OPEN.exec(line);
    if (block) {
      open.push(i);
    } else if (line.trim() === ']' && open.length > 0) {
      const start = open.pop()!;
      const match = BLOCK_OPEN.exec(lines[start]!)!;
      pairs.push({ open: start, close: i, depth: open.length, classes: match[2]!.split('.').join(' '), indent: match[1]! });
    } else if (line.includes('.') && line.includes('[')) lines[i] = rewriteSpans(line);
  }
  const deepest = Math.max(0, ...pairs.map((p) => p.depth));
  for (const pair of pairs) {
    const fenceText = ':'.repeat(3 + deepest - pair.depth);
    lines[pair.open] = `${pair.indent}${fenceText} ld_class ${pair.classes}`;
    lines[pair.close] = `${pair.indent}${fenceText}`;
  }
  return lines.join('\n');
}

/** `.a.b[text]` → `<span class="a b">text</span>`, brackets counted so `[links](x)` inside survive. */
function rewriteSpans(line: string): string {
  let out = '';
  let last = 0;
  for (const match of line.matchAll(SPAN_OPEN)) {
    if (match.index < last) continue;
    let depth = 1;
    let end = match.index + match[0].length;
    for (; end < line.length && depth > 0; end++) {
      if (line[end] === '[') depth++;
      else if (line[end] === ']') depth--;
    }
    if (depth !== 0) continue;
    const inner = line.slice(match.index + match[0].length, end - 1);
    out += `${line.slice(last, match.index)}<span class="${escapeHtml(match[1]!.split('.').join(' '))}">${inner}</span>`;
    last = end;
  }
  return out + line.slice(last);
}

export function remarkClassesPlugin(md: MarkdownIt): void {
  md.use(container, 'ld_class', {
    render: (tokens: { info: string; nesting: number }[], idx: number) => {
      const token = tokens[idx]!;
      return token.nesting === 1 ? `<div class="${escapeHtml(token.info.trim().replace(/^ld_class\s*/, ''))}">\n` : '</div>\n';
    },
  });
  md.core.ruler.before('block', 'ld_remark_classes', (state) => {
    const dialect = envOf(state).dialect;
    if (!dialect?.dialects.remark) return;
    state.src = rewriteRemarkClasses(state.src);
  });
}
