/**
 * Parsing of a code fence's meta string ("{1-4|6-9} numbers start=5") into
 * what the highlighter needs: lines to highlight, reveal step-through data
 * and line-number options. Pure and DOM-free so it is trivial to unit test.
 *
 * Line numbers in ranges are 1-based and relative to the code block, even
 * when `start=N` shifts the displayed numbers.
 */

export interface CodeMeta {
  /** Lines (1-based) that carry class `highlighted` in the emitted HTML. */
  highlighted: Set<number>;
  /**
   * Normalised step specs (invalid parts removed), e.g. ["1-4", "6-9"].
   * `null` when the meta has no `|`, i.e. no step-through. An empty string is
   * a deliberate "nothing highlighted" step (reveal's `{|1-4}` idiom).
   */
  steps: string[] | null;
  lineNumbers: boolean;
  /** Displayed number of the first line, from `start=N`; null when absent. */
  start: number | null;
  /** Human-readable problems; the caller turns them into diagnostics. */
  problems: string[];
}

interface LineSpec {
  lines: Set<number>;
  /** Valid parts, re-joined with "," (whitespace removed). */
  normalized: string;
  problems: string[];
}

const LINE_NUMBER_WORDS = new Set(['numbers', 'linenumbers', 'showlinenumbers', 'line-numbers']);
const RANGE_PART = /^(\d+)(?:-(\d+))?$/;
const START_WORD = /^start=(.*)$/i;

/** Parse the whole meta string. `lineCount` bounds-checks the ranges. */
export function parseCodeMeta(meta: string, lineCount: number): CodeMeta {
  const result: CodeMeta = { highlighted: new Set(), steps: null, lineNumbers: false, start: null, problems: [] };
  const { braces, words } = splitMeta(meta);

  if (braces !== null) applyLineSpec(result, braces, lineCount);
  for (const word of words) applyWord(result, word);
  return result;
}

/** Separate the first `{...}` group from the other whitespace-separated words. */
function splitMeta(meta: string): { braces: string | null; words: string[] } {
  const match = /\{([^}]*)\}/.exec(meta);
  const rest = match ? meta.slice(0, match.index) + ' ' + meta.slice(match.index + match[0].length) : meta;
  return { braces: match ? (match[1] ?? '') : null, words: rest.split(/\s+/).filter(Boolean) };
}

/** `{2}` / `{1-4,7}` highlight lines; `{1-4|6-9}` declares steps instead. */
function applyLineSpec(result: CodeMeta, braces: string, lineCount: number): void {
  if (!braces.includes('|')) {
    const spec = parseLineSpec(braces, lineCount);
    result.highlighted = spec.lines;
    result.problems.push(...spec.problems);
    return;
  }

  const steps: { lines: Set<number>; normalized: string }[] = [];
  for (const rawStep of braces.split('|')) {
    const spec = parseLineSpec(rawStep, lineCount);
    result.problems.push(...spec.problems);
    // A step made only of invalid parts is dropped rather than turned into a
    // silent "nothing highlighted" step; an intentionally empty one is kept.
    if (spec.normalized === '' && rawStep.trim() !== '') continue;
    steps.push(spec);
  }
  result.steps = steps.map((s) => s.normalized);
  result.highlighted = steps[0]?.lines ?? new Set();
}

/** Parse "1-4, 7" into a set of line numbers, collecting one problem per bad part. */
export function parseLineSpec(spec: string, lineCount: number): LineSpec {
  const lines = new Set<number>();
  const kept: string[] = [];
  const problems: string[] = [];

  for (const rawPart of spec.split(',')) {
    const part = rawPart.replace(/\s+/g, '');
    if (part === '') continue;
    const problem = rangeProblem(part, lineCount);
    if (problem) {
      problems.push(problem);
      continue;
    }
    const [from, to] = rangeBounds(part);
    for (let n = from; n <= to; n++) lines.add(n);
    kept.push(part);
  }
  return { lines, normalized: kept.join(','), problems };
}

/** Why a single "N" or "N-M" part is unusable, or null when it is fine. */
function rangeProblem(part: string, lineCount: number): string | null {
  if (!RANGE_PART.test(part)) {
    return `Invalid line range "${part}" in code fence; expected a line number or a range like "2-5". Ignored.`;
  }
  const [from, to] = rangeBounds(part);
  if (from < 1) return `Line range "${part}" in code fence must start at line 1 or later. Ignored.`;
  if (to < from) return `Line range "${part}" in code fence goes backwards; write "${to}-${from}". Ignored.`;
  if (to > lineCount) {
    return `Line range "${part}" in code fence is beyond the code block, which has ${lineCount} line${lineCount === 1 ? '' : 's'}. Ignored.`;
  }
  return null;
}

/** Bounds of an already-validated-syntax part. */
function rangeBounds(part: string): [number, number] {
  const match = RANGE_PART.exec(part);
  const from = Number(match?.[1]);
  return [from, match?.[2] === undefined ? from : Number(match[2])];
}

/** Flags outside the braces: line-number switches and `start=N`. Unknown words are left to other plugins. */
function applyWord(result: CodeMeta, word: string): void {
  if (LINE_NUMBER_WORDS.has(word.toLowerCase())) {
    result.lineNumbers = true;
    return;
  }
  const start = START_WORD.exec(word);
  if (!start) return;
  const value = (start[1] ?? '').replace(/^["']|["']$/g, '');
  if (/^\d+$/.test(value)) result.start = Number(value);
  else result.problems.push(`Invalid "${word}" in code fence; expected start=<line number>. Ignored.`);
}
