/**
 * A long conversation in halves: a sequence diagram with more rows than a
 * slide can show at a readable size is cut into consecutive diagrams, each
 * with every participant, at a top-level point near the middle (never inside
 * a loop block or an activation; inside a top-level alt/opt branch only when
 * no point between blocks is near the middle, the second part opening that
 * branch again). Each part keeps the source's line
 * numbers — the other part's lines are blanked — so mermaid's "error on line
 * N" still points at the lesson. Pure string work.
 */

/** Rows (messages and notes) a slide shows at a readable label size; more are split. */
export const MAX_SEQUENCE_ROWS = 12;

const BLOCK_START = /^(loop|alt|opt|par|critical|break|rect|box)\b/i;
const BLOCK_MIDDLE = /^(else|and|option)\b/i;
/** Sender, arrow (group 1) and activation sign (group 2) of a message line. */
const MESSAGE = /^[^:]*?(<<-->>|<<->>|-->>|->>|-->|->|--x|-x|--\)|-\))\s*([+-])?/;
const PREAMBLE = /^(participant|actor|autonumber|title|accTitle|accDescr|create|links?|properties|details)\b/i;

interface Row {
  line: number;
  /** Depth of loop/alt… blocks and activations after this line. */
  depthAfter: number;
  counts: boolean;
  /** Inside one top-level `alt`/`opt` (no other block open): the line of the branch this row is in. */
  branch?: number;
  /** Participants active (`activate X`, `->>+X`) after this line, to be activated again in a part that starts after it. */
  active: string[];
}

/** Conditional blocks a cut may fall inside: the second part opens the same branch again, "(continued)". */
const REOPENABLE = /^(alt|opt)\b/i;
/** A dashed arrow: the reply to the message before it. */
const REPLY = /^[^:]*?(-->>|-->|--\))/;
/** A cut inside a branch is taken only when the best cut between blocks is further than this share of a part from the middle. */
const INSIDE_CUT_SLACK = 0.25;

/** The diagram's parts: `[source]` when it is short enough or cannot be cut safely. */
export function splitLongSequence(source: string, maxRows = MAX_SEQUENCE_ROWS): string[] {
  const lines = source.split('\n');
  const header = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('%%'));
  if (header < 0 || !/^sequenceDiagram\b/.test(lines[header]!.trim())) return [source];
  if (lines.some((l) => /^\s*(create|destroy)\b/.test(l))) return [source];

  const rows: Row[] = [];
  let depth = 0;
  let activations = 0;
  let bodyStart = -1;
  let boxDepth = 0;
  let branch: number | undefined;
  const active: string[] = [];
  for (let i = header + 1; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (!text || text.startsWith('%%')) continue;
    if (/^box\b/i.test(text) && bodyStart < 0) boxDepth++;
    else if (/^end\b/i.test(text) && boxDepth > 0 && bodyStart < 0) boxDepth--;
    if (bodyStart < 0 && (PREAMBLE.test(text) || boxDepth > 0 || /^box\b|^end\b/i.test(text))) continue;
    if (bodyStart < 0) bodyStart = i;
    const message = MESSAGE.exec(text);
    if (BLOCK_START.test(text)) {
      if (depth === 0) branch = REOPENABLE.test(text) ? i : undefined;
      depth++;
    } else if (/^end\b/i.test(text)) depth--;
    else if (depth === 1 && branch !== undefined && /^else\b/i.test(text)) branch = i;
    else if (/^activate\b/i.test(text)) {
      activations++;
      active.push(text.replace(/^activate\s+/i, '').trim());
    } else if (/^deactivate\b/i.test(text)) {
      activations--;
      drop(active, text.replace(/^deactivate\s+/i, '').trim());
    } else if (message?.[2] === '+') {
      activations++;
      active.push(receiverOf(text));
    } else if (message?.[2] === '-') {
      activations--;
      drop(active, senderOf(text));
    }
    const inBranch = depth === 1 && branch !== undefined && !/^end\b/i.test(text);
    rows.push({ line: i, depthAfter: depth + activations, counts: !!message || /^note\b/i.test(text) || BLOCK_MIDDLE.test(text), active: [...active], ...(inBranch ? { branch } : {}) });
    if (depth === 0) branch = undefined;
  }
  const total = rows.filter((r) => r.counts).length;
  if (bodyStart < 0 || total <= maxRows) return [source];
  // The whole conversation inside one loop (or opt, rect…): cut inside it, each part in that block again.
  const wrapper = wrappingBlock(lines, rows);
  const level = wrapper ? 1 : 0;

  const parts = Math.ceil(total / maxRows);
  const cuts: number[] = [];
  for (let k = 1; k < parts; k++) {
    const target = (total * k) / parts;
    let seen = 0;
    let best = -1;
    let bestDistance = Infinity;
    for (let r = 0; r < rows.length - 1; r++) {
      if (rows[r]!.counts) seen++;
      if (rows[r]!.depthAfter !== level || (wrapper && (r === 0 || r === rows.length - 2))) continue;
      const distance = Math.abs(seen - target);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = rows[r + 1]!.line;
      }
    }
    // One cut, far from the middle between blocks: inside a top-level alt/opt branch when that is nearer.
    if (parts === 2 && !wrapper && bestDistance > maxRows * INSIDE_CUT_SLACK) {
      const inside = insideCut(rows, lines, target);
      const cutInside = inside && inside.distance < bestDistance ? reopened(lines, bodyStart, rows, inside.line, inside.branch) : undefined;
      if (cutInside) return cutInside;
    }
    // No clean point (one big loop): leave the diagram whole.
    if (best < 0 || bestDistance > maxRows / 2 || cuts.includes(best)) return [source];
    cuts.push(best);
  }
  const bounds = [wrapper ? wrapper.open + 1 : bodyStart, ...cuts, wrapper ? wrapper.close : lines.length];
  return bounds.slice(0, -1).map((from, k) => {
    const to = bounds[k + 1]!;
    const before = rows.filter((r) => r.line < from && MESSAGE.test(lines[r.line]!.trim())).length;
    return lines
      .map((line, i) => {
        if (i < bodyStart) return k > 0 && /^\s*autonumber\s*$/.test(line) ? line.replace(/autonumber\s*$/, `autonumber ${before + 1}`) : line;
        if (wrapper && (i === wrapper.open || i === wrapper.close)) return line;
        return i >= from && i < to ? line : '';
      })
      .join('\n');
  });
}

const SINGLE_BRANCH = /^(loop|opt|rect|critical|break)\b/i;

/** A loop/opt/rect/critical/break block that holds every row of the body, or undefined. */
function wrappingBlock(lines: string[], rows: Row[]): { open: number; close: number } | undefined {
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (!first || !last || rows.length < 3 || !SINGLE_BRANCH.test(lines[first.line]!.trim()) || !/^end\b/i.test(lines[last.line]!.trim())) return undefined;
  // Closed only by its own `end`: nothing of the body lies outside it.
  if (rows.slice(0, -1).some((r) => r.depthAfter < 1) || last.depthAfter !== 0) return undefined;
  return { open: first.line, close: last.line };
}

/** The row nearest the middle after which a cut stays inside one alt/opt branch (a row of it follows), or undefined. */
function insideCut(rows: Row[], lines: string[], target: number): { line: number; branch: number; distance: number } | undefined {
  let seen = 0;
  let found: { line: number; branch: number; distance: number } | undefined;
  for (let r = 0; r < rows.length - 1; r++) {
    const row = rows[r]!;
    if (row.counts) seen++;
    const next = rows[r + 1]!;
    if (row.branch === undefined || next.branch !== row.branch || /^else\b/i.test(lines[next.line]!.trim())) continue;
    // A reply belongs with its request: a cut just before a dashed arrow counts as a row further off.
    const distance = Math.abs(seen - target) + (REPLY.test(lines[next.line]!.trim()) ? 1.5 : 0);
    if (!found || distance < found.distance) found = { line: next.line, branch: row.branch, distance };
  }
  return found;
}

/**
 * Two parts cut at `cut`, inside the branch opened at line `branch`: the first closes the block where
 * the second begins, the second opens that branch again on the line before, "(continued)".
 * Every other line keeps its number.
 */
function reopened(lines: string[], bodyStart: number, rows: Row[], cut: number, branch: number): string[] | undefined {
  const condition = lines[branch]!.trim().replace(/^(alt|opt|else)\b\s*/i, '');
  const opener = /^opt\b/i.test(lines[branch]!.trim()) ? 'opt' : 'alt';
  const indent = /^\s*/.exec(lines[branch]!)![0];
  const before = rows.filter((r) => r.line < cut && MESSAGE.test(lines[r.line]!.trim())).length;
  const previous = [...rows].reverse().find((r) => r.line < cut)!;
  // Lifelines active at the cut are activated again at the top of the second part (the first may end with them open).
  const reactivate = previous.active.map((name) => `${indent}activate ${name}`);
  if (previous.line - bodyStart < reactivate.length) return undefined;
  const first = lines.map((line, i) => (i < cut ? line : i === cut ? `${indent}end` : ''));
  const second = lines.map((line, i) => {
    if (i < bodyStart) return /^\s*autonumber\s*$/.test(line) ? line.replace(/autonumber\s*$/, `autonumber ${before + 1}`) : line;
    if (i === previous.line) return `${indent}${opener} ${condition} (continued)`.trimEnd();
    const start = previous.line - reactivate.length;
    if (i >= start && i < previous.line) return reactivate[i - start]!;
    return i >= cut ? line : '';
  });
  return [first.join('\n'), second.join('\n')];
}

/** `A->>+B: …`: B is activated. */
function receiverOf(message: string): string {
  const match = MESSAGE.exec(message);
  return match ? message.slice(match[0].length).split(':')[0]!.trim() : '';
}

/** `B-->>-A: …`: B, the sender, is deactivated. */
function senderOf(message: string): string {
  const match = MESSAGE.exec(message);
  return match ? match[0].slice(0, match[0].lastIndexOf(match[1]!)).trim() : '';
}

function drop(active: string[], name: string): void {
  const at = active.lastIndexOf(name);
  if (at >= 0) active.splice(at, 1);
}
