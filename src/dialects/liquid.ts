/**
 * Liquid, as Jekyll runs it: over the page's text before markdown sees it.
 * Evaluated: `{{ site.* }}` / `{{ page.* }}` values (from `_config.yml` and the
 * front matter), string literals, the URL filters (`relative_url`,
 * `absolute_url`, `prepend`, `append`) and a few text filters; `{% link
 * path %}` becomes a relative link to that file (then a deck link);
 * `{% raw %}` keeps its text literally; `{% highlight x %}` is a code fence;
 * `{% comment %}` disappears. Logic (`if`, `for`, `assign`…) is not run: its
 * tags are removed, the text between them kept, with a warning; `{% include
 * %}` is a located warning. Inside code, an expression we cannot evaluate is
 * left as written (Helm and Go templates look the same). Lines never move, so
 * every later warning keeps its line.
 */
import path from 'node:path';
import type { MarkdownIt } from 'markdown-it';
import type { RenderEnv } from '../slides/renderEnv.ts';
import { liquidEnabled } from './context.ts';
import { fencedLines } from './fences.ts';
import { envOf, report, unrendered } from './tokens.ts';

const LIQUID = /\{%-?\s*([\s\S]*?)\s*-?%\}|\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const LOGIC_TAGS = new Set(['if', 'elsif', 'else', 'endif', 'unless', 'endunless', 'for', 'endfor', 'case', 'when', 'endcase', 'assign', 'capture', 'endcapture', 'increment', 'decrement', 'cycle', 'tablerow', 'endtablerow', 'break', 'continue', 'liquid', 'echo']);

export function liquidPlugin(md: MarkdownIt): void {
  md.core.ruler.before('block', 'ld_liquid', (state) => {
    const env = envOf(state);
    if (!env.dialect || !liquidEnabled(env.dialect) || !/\{[{%]/.test(state.src)) return;
    state.src = evaluateLiquid(state.src, env);
  });
}

export function evaluateLiquid(src: string, env: RenderEnv): string {
  const fenced = fencedLines(src.split('\n'));
  const lineAt = (offset: number) => src.slice(0, offset).split('\n').length - 1;
  const inCode = (offset: number) => {
    if (fenced.has(lineAt(offset))) return true;
    const lineStart = src.lastIndexOf('\n', offset - 1) + 1;
    return (src.slice(lineStart, offset).match(/`/g)?.length ?? 0) % 2 === 1;
  };
  const fileLine = (offset: number) => lineAt(offset) + env.lineOffset + 1;
  const keepLines = (text: string) => '\n'.repeat(text.split('\n').length - 1);
  let out = '';
  let last = 0;
  let mode: 'text' | 'raw' | 'comment' = 'text';
  for (const match of src.matchAll(LIQUID)) {
    const at = match.index;
    const whole = match[0];
    const tag = match[1]?.trim();
    const name = tag?.split(/\s+/)[0] ?? '';
    if (mode === 'raw') {
      if (name !== 'endraw') continue;
      out += src.slice(last, at) + keepLines(whole);
      last = at + whole.length;
      mode = 'text';
      continue;
    }
    if (mode === 'comment') {
      if (name !== 'endcomment') continue;
      out += keepLines(src.slice(last, at + whole.length));
      last = at + whole.length;
      mode = 'text';
      continue;
    }
    out += src.slice(last, at);
    last = at + whole.length;
    if (tag === undefined) {
      out += evaluateOutput(match[2]!.trim(), env, inCode(at), fileLine(at)) ?? whole;
      continue;
    }
    if (name === 'raw') mode = 'raw';
    else if (name === 'comment') mode = 'comment';
    out += keepLines(whole) + evaluateTag(tag, name, env, inCode(at), fileLine(at));
  }
  if (mode === 'comment') return out + keepLines(src.slice(last));
  return out + src.slice(last);
}

function evaluateTag(tag: string, name: string, env: RenderEnv, inCode: boolean, line: number): string {
  const args = tag.slice(name.length).trim();
  switch (name) {
    case 'raw':
    case 'endraw':
    case 'comment':
    case 'endcomment':
      return '';
    case 'link':
      return linkTo(args, env);
    case 'highlight':
      return `\`\`\`${args.split(/\s+/)[0] ?? ''}`;
    case 'endhighlight':
      return '```';
    case 'include':
    case 'include_relative':
    case 'post_url':
      return inCode ? `{% ${tag} %}` : unrendered(env, line, `Liquid "${name}" tag`, 'lessondeck does not run Jekyll includes. Put the included text in the lesson, or link to it.');
    default:
      if (LOGIC_TAGS.has(name)) {
        report(env, line, 'liquid', `Liquid "${name}" is not evaluated: its tags are removed and the text between them is kept as written.`);
        return '';
      }
      return inCode ? `{% ${tag} %}` : unrendered(env, line, `Liquid "${name}" tag`, 'it is a Jekyll plugin tag lessondeck does not know. Replace it with plain markdown.');
  }
}

/** `{% link docs/x.md %}`: the path is from the site's root; we want it from this file. */
function linkTo(args: string, env: RenderEnv): string {
  const target = args.replace(/^["']|["']$/g, '').replace(/^\//, '');
  return path.posix.relative(path.posix.dirname(env.file), target) || path.posix.basename(target);
}

/** Value of `{{ … }}`; undefined when it cannot be evaluated and is left as written (in code). */
function evaluateOutput(expression: string, env: RenderEnv, inCode: boolean, line: number): string | undefined {
  const [head, ...filters] = splitFilters(expression);
  let value = lookup(head ?? '', env);
  if (value === undefined) {
    if (inCode) return undefined;
    report(env, line, 'liquid', `Liquid value {{ ${expression} }} is unknown here and was left out. lessondeck knows site.* (from _config.yml), page.* (front matter) and string literals.`);
    return '';
  }
  for (const filter of filters) {
    const [fname, rawArg] = filter.split(/:(.*)/s).map((s) => s.trim());
    const arg = rawArg !== undefined ? lookup(rawArg, env) ?? '' : '';
    value = applyFilter(fname ?? '', value, arg, env);
  }
  return value;
}

function splitFilters(expression: string): string[] {
  return expression.match(/(?:"[^"]*"|'[^']*'|[^|])+/g)?.map((s) => s.trim()) ?? [];
}

function lookup(reference: string, env: RenderEnv): string | undefined {
  const literal = /^(["'])(.*)\1$/s.exec(reference);
  if (literal) return literal[2];
  if (/^-?\d+(\.\d+)?$/.test(reference)) return reference;
  const [scope, ...keys] = reference.split('.');
  const root = scope === 'site' ? siteData(env) : scope === 'page' ? env.dialect?.frontMatter : undefined;
  if (!root || keys.length === 0) return undefined;
  if (scope === 'site' && (keys[0] === 'baseurl' || keys[0] === 'url') && keys.length === 1) return '';
  let value: unknown = root;
  for (const key of keys) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function siteData(env: RenderEnv): Record<string, unknown> {
  return env.dialect?.site ?? {};
}

function applyFilter(name: string, value: string, arg: string, env: RenderEnv): string {
  switch (name) {
    case 'relative_url':
    case 'absolute_url':
      return value;
    case 'prepend':
      return arg + value;
    case 'append':
      return value + arg;
    case 'default':
      return value === '' ? arg : value;
    case 'downcase':
      return value.toLowerCase();
    case 'upcase':
      return value.toUpperCase();
    case 'strip':
      return value.trim();
    case 'slugify':
      return value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    default:
      report(env, env.currentLine, 'liquid', `Liquid filter "${name}" is not applied.`);
      return value;
  }
}
