/**
 * Where a walkthrough's automatic steps start (pure: no DOM, unit-tested in
 * Node). Code is cut where a reader would pause — after a blank line,
 * before a top-level declaration or a YAML `---` document — into as few
 * chunks as the window needs, balanced so no chunk is much shorter than the
 * others; the best set of cuts is found by dynamic programming over every
 * possible cut, not greedily.
 */

/** What one more step costs, against the break costs below: a mid-block cut is worth two more steps. */
const EXTRA_CHUNK_COST = 3;

/** How bad it is to start a chunk at line `at` (0 = a natural pause). */
function breakCost(lines: readonly string[], at: number): number {
  const line = lines[at] ?? '';
  const before = lines[at - 1] ?? '';
  const topLevel = /^\S/.test(line) && !/^[)}\]]/.test(line);
  if (/^---\s*$/.test(line)) return 0;
  if (before.trim() === '' && topLevel) return 0;
  if (before.trim() === '' && line.trim() !== '') return 1;
  if (topLevel) return 2;
  if (/^\s*[)}\]]/.test(line)) return 12;
  return 6;
}

/**
 * Steps (1-based inclusive line ranges `a-b`) for `lines` shown through a
 * window of `window` rows; `rows[i]` is how many rows line i takes (a wrapped
 * line takes several; 1 each by default).
 */
export function autoSteps(lines: readonly string[], window: number, rows: readonly number[] = lines.map(() => 1)): string[] {
  const total = lines.length;
  const allRows = rows.reduce((a, b) => a + b, 0);
  if (allRows <= window) return [`1-${total}`];
  const minChunks = Math.ceil(allRows / window);
  let best: { cost: number; starts: number[] } | undefined;
  // More chunks than the minimum are allowed when the cuts they buy are better (one function per step).
  for (let chunks = minChunks; chunks <= Math.ceil(minChunks * 1.8); chunks++) {
    const plan = cheapestCuts(lines, rows, window, chunks);
    const value = plan ? plan.cost + (chunks - minChunks) * EXTRA_CHUNK_COST : Infinity;
    if (plan && (!best || value < best.cost)) best = { cost: value, starts: plan.starts };
  }
  const starts = best?.starts ?? Array.from({ length: minChunks }, (_, i) => i * window);
  return starts.map((start, i) => `${start + 1}-${starts[i + 1] ?? total}`);
}

function cheapestCuts(lines: readonly string[], rows: readonly number[], window: number, chunks: number): { cost: number; starts: number[] } | undefined {
  const total = lines.length;
  // before[i]: rows of lines [0, i).
  const before = [0];
  for (const r of rows) before.push(before[before.length - 1]! + r);
  const ideal = before[total]! / chunks;
  // cost[k][j]: cheapest way to cover lines [0, j) with k chunks; from[k][j]: where the last chunk starts.
  const cost: number[][] = Array.from({ length: chunks + 1 }, () => new Array<number>(total + 1).fill(Infinity));
  const from: number[][] = Array.from({ length: chunks + 1 }, () => new Array<number>(total + 1).fill(-1));
  cost[0]![0] = 0;
  for (let k = 1; k <= chunks; k++) {
    for (let j = 1; j <= total; j++) {
      for (let i = j - 1; i >= 0 && before[j]! - before[i]! <= window; i--) {
        const previous = cost[k - 1]![i]!;
        if (previous === Infinity) continue;
        const length = before[j]! - before[i]!;
        const balance = ((length - ideal) / ideal) ** 2 * 6 + (length < ideal / 2 ? 20 : 0);
        const value = previous + balance + (i > 0 ? breakCost(lines, i) : 0);
        if (value < cost[k]![j]!) {
          cost[k]![j] = value;
          from[k]![j] = i;
        }
      }
    }
  }
  if (cost[chunks]![total] === Infinity) return undefined;
  const starts: number[] = [];
  for (let k = chunks, j = total; k > 0; k--) {
    const i = from[k]![j]!;
    starts.unshift(i);
    j = i;
  }
  return { cost: cost[chunks]![total]!, starts };
}
