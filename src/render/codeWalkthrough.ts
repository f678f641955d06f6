/**
 * Long code as a walkthrough: code too long for its slide is shown whole in
 * one code window of `windowLines` lines that scrolls to each highlighted
 * step (src/client/codeWalkthrough.ts). This module picks the steps. Pure and
 * DOM-free.
 *
 * Steps are the line ranges a person would pick: cut after a blank line or
 * before a top-level declaration (Go `func`/`type`, Python `def`/`class` at
 * column 0, a YAML `---` document, a Dockerfile `FROM` stage…), with a
 * declaration's comments and decorators kept above it; never inside a
 * heredoc, a multi-line string or a continued (`\`) line, and inside a
 * declaration only when no better cut is within reach. Every step fits the
 * window, and no step is less than half as long as another.
 */

export interface WalkthroughOptions {
  /** Fence language (aliases fine): decides what counts as a declaration. */
  lang?: string;
  /** Steps written in the fence info (`{1-12|13-30}`); when present they win. */
  explicitSteps?: readonly string[] | null;
  /**
   * Rows each line takes in the window (a wrapped line takes several; 1 each by
   * default): `windowLines` then counts rows, as the layout pass measures them.
   */
  rows?: readonly number[];
}

/** 1-based, inclusive. */
export interface LineRange {
  from: number;
  to: number;
}

/** Steps for a walkthrough, as `data-steps` specs ("1-12", "13-30", …). */
export function walkthroughSteps(lines: readonly string[], windowLines: number, options: WalkthroughOptions = {}): string[] {
  if (options.explicitSteps && options.explicitSteps.length > 0) return [...options.explicitSteps];
  return walkthroughRanges(lines, windowLines, options.lang, options.rows).map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`));
}

/** Automatic chunks: contiguous ranges covering every line, each at most `windowLines` rows long. */
export function walkthroughRanges(lines: readonly string[], windowLines: number, lang = '', rows: readonly number[] = lines.map(() => 1)): LineRange[] {
  const n = lines.length;
  const window = Math.max(1, Math.floor(windowLines));
  // before[p]: rows of lines [0, p).
  const before = [0];
  for (let i = 0; i < n; i++) before.push(before[i]! + Math.max(1, rows[i] ?? 1));
  const total = before[n]!;
  if (total <= window) return n === 0 ? [] : [{ from: 1, to: n }];
  const scores = cutScores(lines, familyOf(lang));
  const fewest = Math.ceil(total / window);
  let best: { cuts: number[]; value: number } | undefined;
  // More steps than the fewest possible when that buys better cuts (one function a
  // step rather than two and a half); and steps down to 0.4 of the window when only
  // that keeps a declaration whole (at a price: "about half" is the rule).
  for (let count = fewest; count <= Math.min(Math.max(fewest + 2, Math.ceil(fewest * 1.8)), n); count++) {
    for (const shortest of [0.5, 0.4]) {
      const found = bestCuts(scores, before, count, window, Math.ceil(window * shortest));
      if (!found) continue;
      const value = found.value - STEP_COST * count - (unbalanced(found.cuts, before) ? UNBALANCED_COST : 0);
      if (!best || value > best.value) best = { cuts: found.cuts, value };
    }
  }
  const cuts = best?.cuts ?? evenCuts(n, fewest);
  return [0, ...cuts].map((start, i, all) => ({ from: start + 1, to: i + 1 < all.length ? all[i + 1]! : n }));
}

/** What one more step must gain in cut quality to be worth it. */
const STEP_COST = 10;
/** What a step under half of another must gain. */
const UNBALANCED_COST = 5;

function unbalanced(cuts: readonly number[], before: readonly number[]): boolean {
  const n = before.length - 1;
  const ends = [...cuts, n];
  const sizes = ends.map((end, i) => before[end]! - before[i === 0 ? 0 : ends[i - 1]!]!);
  return Math.min(...sizes) * 2 < Math.max(...sizes);
}

const SCORE = {
  /** Inside a heredoc, a multi-line string or right after a `\` continuation. */
  locked: -100,
  /** Before a YAML `---` document or a Dockerfile `FROM` stage. */
  section: 12,
  declarationAfterBlank: 10,
  afterBlank: 8,
  declaration: 7,
  beforeBlank: 4,
  statement: 2,
  /** Between a comment or decorator and the declaration it belongs to. */
  attached: 1,
  insideAfterBlank: 3,
  inside: 0,
} as const;

type Family = 'braces' | 'python' | 'yaml' | 'shell' | 'dockerfile' | 'plain';

const FAMILIES: Record<string, Family> = {
  python: 'python', py: 'python', py3: 'python',
  yaml: 'yaml', yml: 'yaml',
  bash: 'shell', sh: 'shell', shell: 'shell', shellscript: 'shell', zsh: 'shell', ksh: 'shell',
  dockerfile: 'dockerfile', docker: 'dockerfile', containerfile: 'dockerfile',
  '': 'plain', text: 'plain', txt: 'plain', plain: 'plain', plaintext: 'plain', output: 'plain', console: 'plain', log: 'plain',
};

/** Anything unknown is read as a C-like (brace) language. */
function familyOf(lang: string): Family {
  return FAMILIES[lang.trim().toLowerCase()] ?? 'braces';
}

interface LineFacts {
  blank: boolean;
  /** Nesting at the start of the line: open brackets, indentation, shell blocks. */
  depth: number;
  /** A cut before this line would split a heredoc, a multi-line string or a continued line. */
  locked: boolean;
  /** Starts a top-level declaration or statement that reads as one (at column 0, depth 0). */
  declaration: boolean;
  /** Starts a new document or build stage. */
  section: boolean;
  /** A comment or decorator at column 0: it belongs to the line below it. */
  lead: boolean;
}

/** Score of a cut before each line (index 0 is never a cut). */
export function cutScores(lines: readonly string[], family: Family): number[] {
  const facts = scanLines(lines, family);
  const scores = facts.map((line, i): number => {
    if (i === 0) return 0;
    const above = facts[i - 1]!;
    if (line.locked) return SCORE.locked;
    if (line.depth > 0) return above.blank && !line.blank ? SCORE.insideAfterBlank : SCORE.inside;
    // A comment or decorator directly above stays with what it introduces.
    if ((line.declaration || line.section || line.lead) && above.lead && !above.blank) return SCORE.attached;
    const introduced = line.lead ? introducedLine(facts, i) : line;
    if (introduced?.section) return SCORE.section;
    if (introduced?.declaration) return above.blank ? SCORE.declarationAfterBlank : SCORE.declaration;
    if (above.blank && !line.blank) return SCORE.afterBlank;
    if (line.blank) return SCORE.beforeBlank;
    return SCORE.statement;
  });
  // Anywhere in a run of blank lines is nearly as good as right after it: the
  // blank lines only move from the end of one step to the start of the next.
  for (let i = scores.length - 1, after = 0; i > 0; i--) {
    if (!facts[i]!.blank) after = scores[i]!;
    else if (facts[i]!.depth === 0 && !facts[i]!.locked) scores[i] = Math.max(scores[i]!, after - 1);
  }
  return scores;
}

/** The line a run of comments or decorators starting at `from` introduces. */
function introducedLine(facts: readonly LineFacts[], from: number): LineFacts | undefined {
  let i = from;
  while (i < facts.length && facts[i]!.lead) i++;
  return facts[i];
}

/**
 * Best `count` chunks by dynamic programming: the most valuable cuts, with
 * every chunk between `low` lines and the window (at `low` = half the window,
 * none is under half of another) and a small preference for even chunks.
 */
function bestCuts(scores: readonly number[], before: readonly number[], count: number, window: number, shortest: number): { cuts: number[]; value: number } | undefined {
  const n = before.length - 1;
  const total = before[n]!;
  const average = total / count;
  const high = window;
  const low = Math.max(1, Math.min(shortest, Math.floor(average)));
  if (low * count > total || high * count < total) return undefined;
  // value[j][p]: best value of j chunks covering lines [0, p); chunk sizes are in rows.
  const value: number[][] = Array.from({ length: count + 1 }, () => new Array<number>(n + 1).fill(-Infinity));
  const from: number[][] = Array.from({ length: count + 1 }, () => new Array<number>(n + 1).fill(-1));
  value[0]![0] = 0;
  for (let j = 0; j < count; j++) {
    for (let p = 0; p < n; p++) {
      const here = value[j]![p]!;
      if (here === -Infinity) continue;
      for (let end = p + 1; end <= n && before[end]! - before[p]! <= high; end++) {
        const length = before[end]! - before[p]!;
        if (length < low) continue;
        const imbalance = (length - average) / average;
        const next = here + (end < n ? scores[end]! : 0) - imbalance * imbalance;
        if (next > value[j + 1]![end]!) {
          value[j + 1]![end] = next;
          from[j + 1]![end] = p;
        }
      }
    }
  }
  if (value[count]![n] === -Infinity) return undefined;
  const cuts: number[] = [];
  for (let j = count, p = n; j > 1; j--) {
    p = from[j]![p]!;
    cuts.unshift(p);
  }
  return { cuts, value: value[count]![n]! };
}

function evenCuts(n: number, count: number): number[] {
  return Array.from({ length: count - 1 }, (_, i) => Math.round(((i + 1) * n) / count));
}

// ---------- reading the code: depth, locked lines, declarations ----------

const INDENT = /^[ \t]*/;

function indentWidth(line: string): number {
  return (INDENT.exec(line)?.[0] ?? '').replace(/\t/g, '    ').length;
}

function scanLines(lines: readonly string[], family: Family): LineFacts[] {
  const facts = lines.map((line) => ({ blank: line.trim() === '', depth: 0, locked: false, declaration: false, section: false, lead: false }));
  const scanner = SCANNERS[family];
  const state = { depth: 0, openString: null as string | null, heredoc: null as { word: string; tabs: boolean } | null, continued: false };
  lines.forEach((line, i) => {
    const fact = facts[i]!;
    fact.locked = state.openString !== null || state.heredoc !== null || state.continued;
    fact.depth = state.depth;
    scanner(line, state, fact);
    // Code cut out of a larger file may close more than it opened.
    state.depth = Math.max(0, state.depth);
  });
  if (family === 'python' || family === 'yaml') addIndentationDepth(lines, facts);
  return facts;
}

/** Indentation nests in Python and YAML: a line is inside a block when it (or, for a blank line, the next line) is indented. */
function addIndentationDepth(lines: readonly string[], facts: LineFacts[]): void {
  let nextIndent = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const fact = facts[i]!;
    if (!fact.blank) nextIndent = indentWidth(lines[i]!);
    if (nextIndent > 0) {
      fact.depth += nextIndent > 4 ? 2 : 1;
      fact.declaration = false;
      fact.lead = false;
    }
  }
}

interface ScanState {
  depth: number;
  /** The quote of a string still open at the end of the line (Go/JS backquotes, Python triple quotes). */
  openString: string | null;
  heredoc: { word: string; tabs: boolean } | null;
  /** The line ended with `\`. */
  continued: boolean;
}

type Scanner = (line: string, state: ScanState, fact: LineFacts) => void;

const SCANNERS: Record<Family, Scanner> = {
  braces(line, state, fact) {
    const code = stripStrings(line, state, ['"', "'", '`', '/*'], ['`', '/*'], '//');
    state.depth += bracketBalance(code, '{([', '})]');
    fact.lead = fact.depth === 0 && /^(\/\/|\/\*|#\[|@)/.test(line);
    fact.declaration = !fact.locked && fact.depth === 0 && /^[A-Za-z_$]/.test(line);
  },
  python(line, state, fact) {
    const code = stripStrings(line, state, ['"""', "'''", '"', "'"], ['"""', "'''"], '#');
    state.depth += bracketBalance(code, '{([', '})]');
    state.continued = state.openString === null && /\\$/.test(line);
    fact.lead = /^(#|@)/.test(line);
    fact.declaration = !fact.locked && /^(async\s+def|def|class)\b|^if\s+__name__\b/.test(line);
  },
  yaml(line, _state, fact) {
    fact.section = /^(---|\.\.\.)(\s|$)/.test(line);
    fact.lead = /^#/.test(line);
    fact.declaration = !fact.section && /^(- |[^\s#-][^:]*:(\s|$))/.test(line);
  },
  shell(line, state, fact) {
    if (endHeredoc(line, state)) return;
    const code = stripStrings(line, state, ['"', "'"], [], '#');
    // Only braces: a `case` pattern's `)` has no `(`.
    state.depth += bracketBalance(code, '{', '}') + shellBlockBalance(code);
    startHeredoc(withoutComment(line), state);
    state.continued = /\\$/.test(line);
    fact.lead = fact.depth === 0 && /^#(?!!)/.test(line);
    fact.declaration = !fact.locked && fact.depth === 0 && /^(function\s+[\w.-]+|[\w.-]+\s*\(\s*\))/.test(line);
  },
  dockerfile(line, state, fact) {
    if (endHeredoc(line, state)) return;
    startHeredoc(withoutComment(line), state);
    state.continued = /\\\s*$/.test(line);
    fact.lead = !fact.locked && /^#/.test(line);
    fact.section = !fact.locked && /^FROM\b/i.test(line);
    fact.declaration = !fact.locked && /^[A-Za-z]+\b/.test(line);
  },
  plain() {},
};

/**
 * The line with string literals and the trailing comment removed, tracking
 * strings that stay open across lines (`multiline` quotes) in `state`.
 */
function stripStrings(line: string, state: ScanState, quotes: readonly string[], multiline: readonly string[], comment: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (state.openString !== null) {
      const close = line.indexOf(state.openString, i);
      if (close < 0) return out;
      i = close + state.openString.length;
      state.openString = null;
      continue;
    }
    if (line.startsWith(comment, i) && (comment !== '#' || i === 0 || /\s/.test(line[i - 1]!))) return out;
    const quote = quotes.find((q) => line.startsWith(q, i));
    if (!quote) {
      out += line[i];
      i++;
      continue;
    }
    const closer = quote === '/*' ? '*/' : quote;
    const close = findClosingQuote(line, closer, i + quote.length);
    if (close < 0) {
      if (multiline.includes(quote)) state.openString = closer;
      return out;
    }
    i = close + closer.length;
  }
  return out;
}

function findClosingQuote(line: string, quote: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    if (line[i] === '\\' && quote !== '`' && quote !== '*/') i++;
    else if (line.startsWith(quote, i)) return i;
  }
  return -1;
}

function bracketBalance(code: string, opening: string, closing: string): number {
  let balance = 0;
  for (const ch of code) {
    if (opening.includes(ch)) balance++;
    else if (closing.includes(ch)) balance--;
  }
  return balance;
}

function withoutComment(line: string): string {
  return line.replace(/(^|\s)#.*$/, '');
}

/** `if … fi`, `case … esac`, `do … done`. */
function shellBlockBalance(code: string): number {
  const words = code.split(/[\s;&|()]+/);
  let balance = 0;
  for (const word of words) {
    if (word === 'if' || word === 'case' || word === 'do') balance++;
    else if (word === 'fi' || word === 'esac' || word === 'done') balance--;
  }
  return balance;
}

const HEREDOC_START = /<<(-?)\s*(['"]?)([A-Za-z_][\w-]*)\2/;

function startHeredoc(code: string, state: ScanState): void {
  const match = HEREDOC_START.exec(code.replace(/<<</g, ''));
  if (match) state.heredoc = { word: match[3]!, tabs: match[1] === '-' };
}

/** True (and the heredoc closed) when this line ends the open heredoc, or lies inside it. */
function endHeredoc(line: string, state: ScanState): boolean {
  if (!state.heredoc) return false;
  const text = state.heredoc.tabs ? line.replace(/^\t+/, '') : line;
  if (text.trimEnd() === state.heredoc.word) state.heredoc = null;
  return true;
}
