/**
 * A long conversation in halves: a sequence diagram with more rows than a
 * slide can show at a readable size is cut into consecutive diagrams, each
 * with every participant, at a top-level point near the middle (never inside
 * a loop/alt block or an activation). Each part keeps the source's line
 * numbers — the other part's lines are blanked — so mermaid's "error on line
 * N" still points at the lesson. Pure string work.
 */

/** Rows (messages and notes) a slide shows at a readable label size; more are split. */
export const MAX_SEQUENCE_ROWS = 12;

const BLOCK_START = /^(loop|alt|opt|par|critical|break|rect|box)\b/i;
const BLOCK_MIDDLE = /^(else|and|option)\b/i;
const MESSAGE = /^[^:]*?(<<-->>|<<->>|-->>|->>|-->|->|--x|-x|--\)|-\))\s*([+-])?/;
const PREAMBLE = /^(participant|actor|autonumber|title|accTitle|accDescr|create|links?|properties|details)\b/i;

interface Row {
  line: number;
  /** Depth of loop/alt… blocks and activations after this line. */
  depthAfter: number;
  counts: boolean;
}

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
  for (let i = header + 1; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (!text || text.startsWith('%%')) continue;
    if (/^box\b/i.test(text) && bodyStart < 0) boxDepth++;
    else if (/^end\b/i.test(text) && boxDepth > 0 && bodyStart < 0) boxDepth--;
    if (bodyStart < 0 && (PREAMBLE.test(text) || boxDepth > 0 || /^box\b|^end\b/i.test(text))) continue;
    if (bodyStart < 0) bodyStart = i;
    const message = MESSAGE.exec(text);
    if (BLOCK_START.test(text)) depth++;
    else if (/^end\b/i.test(text)) depth--;
    else if (/^activate\b/i.test(text)) activations++;
    else if (/^deactivate\b/i.test(text)) activations--;
    else if (message?.[2] === '+') activations++;
    else if (message?.[2] === '-') activations--;
    rows.push({ line: i, depthAfter: depth + activations, counts: !!message || /^note\b/i.test(text) || BLOCK_MIDDLE.test(text) });
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
