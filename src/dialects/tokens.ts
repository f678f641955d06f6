/** Small helpers the dialect rules share: located warnings, token surgery, nested parses. */
import type { StateCore, Token } from 'markdown-it';
import type { Diagnostic, Severity } from '../diagnostics.ts';
import type { RenderEnv } from '../slides/renderEnv.ts';
import { escapeHtml } from '../slides/renderEnv.ts';

type Nesting = -1 | 0 | 1;
type TokenClass = new (type: string, tag: string, nesting: Nesting) => Token;

/** File line (1-based) of a token's first line. */
export function fileLine(env: RenderEnv, token: Token | undefined, fallback = 0): number {
  return (token?.map?.[0] ?? fallback) + (env.lineOffset ?? 0) + 1;
}

export function report(env: RenderEnv, line: number, rule: string, message: string, severity: Severity = 'warning'): void {
  const diagnostic: Diagnostic = { file: env.file, line, column: 1, severity, rule, message };
  if (!env.diagnostics.some((d) => d.line === line && d.rule === rule && d.message === message)) env.diagnostics.push(diagnostic);
}

/**
 * What could not be rendered, in place: invisible in a built deck (the
 * warning is in build and check output), a visible box in `dev` (the dev
 * server marks the page with `data-ld-dev`), never the raw markup.
 */
export function unrenderedMarker(what: string, line: number, env: RenderEnv): string {
  return `<span class="ld-unrendered" role="note" data-ld-line="${line}">${escapeHtml(`${what} (${env.file}:${line})`)}</span>`;
}

/** Reports and marks something that cannot be rendered. */
export function unrendered(env: RenderEnv, line: number, what: string, advice: string): string {
  report(env, line, 'unrendered', `${what} cannot be rendered here; ${advice}`);
  return unrenderedMarker(`${what}: not rendered`, line, env);
}

export function newToken(state: StateCore, type: string, tag: string, nesting: Nesting, map?: [number, number] | null): Token {
  const token = new state.Token(type, tag, nesting);
  if (map) token.map = [map[0], map[1]];
  return token;
}

/** A token of the same class as `like`, for rules that work on blocks after parsing. */
export function tokenLike(like: Token, type: string, tag: string, nesting: Nesting): Token {
  const token = new (like.constructor as TokenClass)(type, tag, nesting);
  token.block = true;
  return token;
}

export function htmlBlockToken(like: Token, html: string): Token {
  const token = tokenLike(like, 'html_block', '', 0);
  token.content = html;
  return token;
}

/** Index of the token that closes the one opened at `open` (same level, nesting -1). */
export function matchingClose(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    depth += tokens[i]!.nesting;
    if (depth === 0) return i;
  }
  return tokens.length - 1;
}

/**
 * Parses markdown that sits inside something else (a comment that is a note,
 * a template slot) into block tokens at `level`, its lines shifted to where
 * the text really is in the file, so warnings stay located.
 */
export function parseNested(state: StateCore, text: string, firstLine: number, level: number): Token[] {
  const tokens: Token[] = [];
  state.md.block.parse(text, state.md, state.env, tokens);
  for (const token of tokens) {
    token.level += level;
    if (token.map) token.map = [token.map[0] + firstLine, token.map[1] + firstLine];
  }
  return tokens;
}

export function envOf(state: { env: unknown }): RenderEnv {
  return state.env as RenderEnv;
}

/** `class="a b" data-x="1" hidden` → pairs, in order. Only well-formed attributes; event handlers never. */
export function parseHtmlAttributes(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const match of text.matchAll(/([^\s"'=<>`/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    const name = match[1]!;
    if (/^on/i.test(name)) continue;
    pairs.push([name, match[2] ?? match[3] ?? match[4] ?? '']);
  }
  return pairs;
}

/** Adds attributes to a token; `class` values are joined, others replace. */
export function applyAttributes(token: Token, pairs: [string, string][]): void {
  for (const [name, value] of pairs) {
    if (name === 'class') {
      for (const cls of value.split(/\s+/).filter(Boolean)) if (!String(token.attrGet('class') ?? '').split(' ').includes(cls)) token.attrJoin('class', cls);
    } else token.attrSet(name, value);
  }
}

/** Index of the opening (or single) token of the block before the one at `index`, at the same level. */
export function previousSibling(tokens: Token[], index: number): number | undefined {
  const before = tokens[index - 1];
  if (!before || before.level !== tokens[index]!.level || before.nesting === 1) return undefined;
  if (before.nesting === 0) return index - 1;
  let depth = 0;
  for (let k = index - 1; k >= 0; k--) {
    depth += tokens[k]!.nesting;
    if (depth === 0) return k;
  }
  return undefined;
}

/** The inline element that ends right before `index` in an inline token's children (a closed span, an image, code). */
export function elementBefore(children: Token[], index: number): Token | undefined {
  const previous = children[index - 1];
  if (!previous) return undefined;
  if (previous.nesting === 0) return previous.type === 'image' || previous.type === 'code_inline' ? previous : undefined;
  if (previous.nesting !== -1) return undefined;
  let depth = 0;
  for (let k = index - 1; k >= 0; k--) {
    depth += children[k]!.nesting;
    if (depth === 0) return children[k];
  }
  return undefined;
}
