/**
 * Front matter: YAML between `---` lines at the very top, parsed with gray-matter.
 * A document that merely opens with a `---` horizontal rule is not front matter:
 * we only accept a block that parses to a YAML mapping.
 */
import matter from 'gray-matter';
import type { Diagnostic } from '../diagnostics.ts';

export interface FrontMatterResult {
  data: Record<string, unknown>;
  /** The markdown after the front matter. */
  body: string;
  /** How many lines the front matter took, so body line N is file line N + offset. */
  lineOffset: number;
  diagnostics: Diagnostic[];
}

const OPENING_FENCE = /^---[ \t]*\r?\n/;
const YAML_KEY_LINE = /^[A-Za-z_][\w-]*\s*:/;
/** Values front matter may hold once aliases are expanded (as `yaml`'s maxAliasCount bounds them): far more than any real one. */
export const MAX_FRONT_MATTER_NODES = 50_000;

/** Whether walking `value` as JSON would (aliases expanded) visit more than `limit` values; stops as soon as it does. */
function expandedSizeExceeds(value: unknown, limit: number): boolean {
  let budget = limit;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (--budget < 0) return true;
    if (Array.isArray(next)) stack.push(...next);
    else if (next && typeof next === 'object' && !(next instanceof Date)) stack.push(...Object.values(next));
  }
  return false;
}

export function parseFrontMatter(text: string, file: string): FrontMatterResult {
  const source = text.replace(/^\uFEFF/, '');
  if (!OPENING_FENCE.test(source)) return noFrontMatter(source);

  const closing = findClosingFence(source);
  if (closing === undefined) return noFrontMatter(source);
  const firstInner = source.split(/\r?\n/, 2)[1] ?? '';
  // A lone `---` rule followed by prose is a horizontal rule, not metadata.
  if (!YAML_KEY_LINE.test(firstInner) && !firstInner.trimStart().startsWith('#')) return noFrontMatter(source);

  try {
    // An empty options object disables gray-matter's content cache, which
    // would otherwise hand back stale results for identical strings.
    const parsed = matter(source, {});
    if (!isPlainObject(parsed.data)) return noFrontMatter(source);
    if (expandedSizeExceeds(parsed.data, MAX_FRONT_MATTER_NODES)) {
      // An alias bomb (aliases of lists of aliases) is small as YAML and gigabytes wherever it is walked.
      return {
        data: {},
        body: source.slice(closing.bodyStart),
        lineOffset: closing.lines,
        diagnostics: [{ file, line: 1, column: 1, severity: 'error', rule: 'front-matter', message: `The YAML front matter expands to more than ${MAX_FRONT_MATTER_NODES} values (YAML aliases repeating aliases), so it was ignored. Write the values out instead of nesting anchors (&name / *name).` }],
      };
    }
    return { data: parsed.data, body: source.slice(closing.bodyStart), lineOffset: closing.lines, diagnostics: [] };
  } catch (error) {
    const mark = (error as { mark?: { line?: number; column?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    return {
      data: {},
      body: source.slice(closing.bodyStart),
      lineOffset: closing.lines,
      diagnostics: [
        {
          file,
          line: (mark?.line ?? 0) + 2,
          column: (mark?.column ?? 0) + 1,
          severity: 'error',
          rule: 'front-matter',
          message: `Invalid YAML front matter: ${reason.split('\n')[0]}. Fix the YAML between the two '---' lines at the top of the file.`,
        },
      ],
    };
  }
}

function noFrontMatter(source: string): FrontMatterResult {
  return { data: {}, body: source, lineOffset: 0, diagnostics: [] };
}

/** Finds the `---` (or `...`) line closing the block; counts lines up to the body. */
function findClosingFence(source: string): { bodyStart: number; lines: number } | undefined {
  const lines = source.split('\n');
  let offset = (lines[0] ?? '').length + 1;
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    const end = offset + (lines[i] ?? '').length + 1;
    if (line === '---' || line === '...') return { bodyStart: Math.min(end, source.length), lines: i + 1 };
    offset = end;
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a duration in minutes from front matter values like `45`, `"45 min"`, `"1h 30m"`, `"1.5 hours"`. */
export function parseDurationMinutes(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  if (typeof value !== 'string') return undefined;
  const text = value.toLowerCase();
  const hours = /(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hour|hours)\b/.exec(text);
  const minutes = /(\d+)\s*(?:m|min|mins|minute|minutes)\b/.exec(text);
  if (hours || minutes) return Math.round(Number(hours?.[1] ?? 0) * 60 + Number(minutes?.[1] ?? 0));
  const plain = /^\s*(\d+)\s*$/.exec(text);
  return plain ? Number(plain[1]) : undefined;
}
