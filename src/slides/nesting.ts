/**
 * markdown-it parses nested blocks recursively: past `maxNesting` it silently
 * drops the rest of the nested text, and far deeper it overflows the stack.
 * Lines nested deeper than we parse are lifted to the top level instead (same
 * line count, so line numbers hold) and reported: content is never lost.
 */
import type { Diagnostic } from '../diagnostics.ts';

/** Nesting markdown-it is allowed (see createMarkdown); lines deeper than MAX_DEPTH are lifted. */
export const MARKDOWN_MAX_NESTING = 1000;
const MAX_DEPTH = 400;

export function limitNesting(body: string, file: string, lineOffset: number): { text: string; diagnostics: Diagnostic[] } {
  let firstDeep: number | undefined;
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const prefix = /^[ \t>]*/.exec(lines[i]!)![0];
    if (prefix.length < MAX_DEPTH) continue; // cheap: a short prefix cannot be deep
    const depth = (prefix.match(/>/g)?.length ?? 0) + Math.floor(prefix.replace(/>/g, '').replace(/\t/g, '    ').length / 2);
    if (depth <= MAX_DEPTH) continue;
    firstDeep ??= i;
    lines[i] = lines[i]!.slice(prefix.length);
  }
  if (firstDeep === undefined) return { text: body, diagnostics: [] };
  return {
    text: lines.join('\n'),
    diagnostics: [{ file, line: firstDeep + lineOffset + 1, column: 1, severity: 'warning', rule: 'nesting', message: `Lists or quotes nested more than ${MAX_DEPTH} levels deep are shown unnested from here on. Nest less deeply.` }],
  };
}
