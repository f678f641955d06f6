/**
 * TeX math, typeset at build time by KaTeX into MathML (no math code or font
 * ships to the browser: Chromium, Firefox and Safari lay MathML out natively).
 * `$…$` inline and `$$…$$` display, with the rules Pandoc and GitHub use so
 * prices stay prices: the opening `$` is followed by a non-space, the closing
 * one preceded by a non-space and not followed by a digit; `\$` is a dollar.
 * A ```math fence is display math too (GitHub, GitLab). A formula KaTeX cannot
 * read stays visible as its source, with an error naming the file and line.
 */
import { createRequire } from 'node:module';
import type KaTeX from 'katex';
import type { MarkdownIt, StateBlock, StateInline } from 'markdown-it';
import type { RenderEnv } from '../slides/renderEnv.ts';
import { escapeHtml } from '../slides/renderEnv.ts';
import { report } from './tokens.ts';

// KaTeX takes ~45 ms to load; most courses have no math, and every command (an export too) parses lessons.
const load = createRequire(import.meta.url);
let katexLib: typeof KaTeX | undefined;
const katex = (): typeof KaTeX => (katexLib ??= load('katex') as typeof KaTeX);

/** `inParagraph`: display math written inside a paragraph (`$$…$$` mid-line) must not open a `<div>` there. */
export function renderMath(tex: string, display: boolean, env: RenderEnv, line: number, inParagraph = false): string {
  const wrap = (html: string) => (!display ? html : inParagraph ? `<span class="ld-math ld-math-display">${html}</span>` : `<div class="ld-math ld-math-display">${html}</div>\n`);
  try {
    return wrap(katex().renderToString(tex, { displayMode: display, output: 'mathml', throwOnError: true, strict: 'ignore', trust: false }));
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^KaTeX parse error: /, '') : String(error);
    report(env, line, 'math-syntax', `Math could not be typeset: ${reason}. Fix the TeX, or escape a literal dollar sign as \\$.`, 'error');
    return wrap(`<code class="ld-math-error" title="${escapeHtml(reason)}">${escapeHtml(display ? `$$${tex}$$` : `$${tex}$`)}</code>`);
  }
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x24 /* $ */) return false;
  const display = src.charCodeAt(start + 1) === 0x24;
  const open = display ? 2 : 1;
  const first = src.charAt(start + open);
  if (first === '' || /\s/.test(first) && !display) return false;
  let end = start + open;
  while ((end = src.indexOf(display ? '$$' : '$', end)) !== -1) {
    if (src.charCodeAt(end - 1) === 0x5c /* \ */) {
      end++;
      continue;
    }
    if (!display && (/\s/.test(src.charAt(end - 1)) || /\d/.test(src.charAt(end + 1)))) {
      end++;
      continue;
    }
    break;
  }
  if (end === -1 || end === start + open) return false;
  if (!silent) {
    const token = state.push(display ? 'ld_math_display_inline' : 'ld_math_inline', 'math', 0);
    token.content = src.slice(start + open, end);
    token.markup = display ? '$$' : '$';
  }
  state.pos = end + open;
  return true;
}

function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  let pos = state.bMarks[startLine]! + state.tShift[startLine]!;
  const max = state.eMarks[startLine]!;
  if (state.sCount[startLine]! - state.blkIndent >= 4 || state.src.slice(pos, pos + 2) !== '$$') return false;
  pos += 2;
  let firstLine = state.src.slice(pos, max);
  let closedOnFirst = false;
  if (firstLine.trim().endsWith('$$')) {
    firstLine = firstLine.trim().slice(0, -2);
    closedOnFirst = true;
  }
  if (closedOnFirst && firstLine.trim() === '') closedOnFirst = false; // `$$` alone opens a block
  if (silent) return true;
  let next = startLine;
  const lines: string[] = [firstLine];
  if (!closedOnFirst) {
    let found = false;
    while (++next < endLine) {
      const start = state.bMarks[next]! + state.tShift[next]!;
      const text = state.src.slice(start, state.eMarks[next]!);
      if (state.sCount[next]! < state.blkIndent && text !== '') break;
      if (text.trimEnd().endsWith('$$')) {
        lines.push(text.trimEnd().slice(0, -2));
        found = true;
        break;
      }
      lines.push(text);
    }
    if (!found) return false;
  }
  const token = state.push('ld_math_block', 'math', 0);
  token.block = true;
  token.content = lines.join('\n').trim();
  token.map = [startLine, next + 1];
  token.markup = '$$';
  state.line = next + 1;
  return true;
}

export function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.after('escape', 'ld_math_inline', mathInline);
  md.block.ruler.after('blockquote', 'ld_math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  const line = (env: RenderEnv, map?: [number, number] | null) => (map ? map[0] + env.lineOffset + 1 : env.currentLine);
  md.renderer.rules.ld_math_inline = (tokens, idx, _o, env) => renderMath(tokens[idx]!.content, false, env as RenderEnv, (env as RenderEnv).currentLine);
  md.renderer.rules.ld_math_display_inline = (tokens, idx, _o, env) => renderMath(tokens[idx]!.content, true, env as RenderEnv, (env as RenderEnv).currentLine, true);
  md.renderer.rules.ld_math_block = (tokens, idx, _o, env) => renderMath(tokens[idx]!.content, true, env as RenderEnv, line(env as RenderEnv, tokens[idx]!.map));
  // ```math fences (GitHub): display math instead of code.
  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    if (token.info.trim().toLowerCase() !== 'math') return fence(tokens, idx, options, env, self);
    return renderMath(token.content.trim(), true, env as RenderEnv, line(env as RenderEnv, token.map));
  };
}
