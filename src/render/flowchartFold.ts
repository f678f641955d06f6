/**
 * A long flowchart chain folded into rows (or columns). Twelve steps left to
 * right are one thin band across a 16:9 slide, and top to bottom they are a
 * thin column; either way the labels shrink to a few pixels. A designer would
 * wrap the chain like a line of text: steps 1–4 on the first row, 5–8 on the
 * next, with an arrow from row to row.
 *
 * The steps are cut by rank (the longest path from a start) into bands; each
 * band becomes an untitled subgraph laid out in the author's direction and
 * the bands are stacked the other way (a link that loops back within a band
 * stays as written). Mermaid honours a subgraph's own
 * direction only when none of its nodes is linked outside it, so the links
 * between bands become one link between the bands themselves. That is only
 * faithful when each band is left from its last step and entered at its
 * first (one node each). A decision tree rarely is: several questions of one
 * band lead into the next. Such a fold is still offered with connectors, as
 * printed flowcharts do it: each link into a later band ends at a small
 * lettered circle, and the same letter opens the band it leads to (at most
 * MAX_CONNECTORS letters; a loop back to an earlier band goes the same way).
 * A graph with subgraphs, or anything flowchartColumns.ts cannot read, gives
 * no variant. Pure string work.
 */
import { FLIP, readFlowchart, type Edge, type NodeRef, type Statement } from './flowchartColumns.ts';
import { backEdges, ranksOf } from './flowchartGraph.ts';

/** Lines kept as they are: styling and accessibility statements. */
const KEPT = /^\s*(style|classDef|class|click|accTitle|accDescr)\b/;
/** Fewer ranks than this is not a long chain: nothing to fold. */
const MIN_RANKS = 6;
/** More lettered jumps than this and the reader is matching letters instead of following arrows. */
const MAX_CONNECTORS = 4;

/** Where each band starts (ranks), as even as the ranks allow: `bands` bands over `ranks` ranks. */
function evenCuts(ranks: number, bands: number): number[] {
  return Array.from({ length: bands }, (_, i) => Math.round((i * ranks) / bands));
}

interface Fold {
  bandOf: Map<string, number>;
  crossing: Edge[];
  /** Crossing links drawn through lettered connectors (node-to-node), not as one band-to-band link. */
  linked: boolean;
}

/** How a fold's crossing links may be drawn: only as band-to-band links, or through connectors. */
type FoldStyle = 'plain' | 'linked';

/**
 * Bands whose links to each other are faithful as band-to-band links: each
 * link goes to the next band, leaves from one node of the band's last rank
 * and enters at one node of the next band's first rank. Cut points may move
 * by a rank to find such a fold.
 */
function findFold(nodes: string[], edges: Edge[], rank: Map<string, number>, bands: number, style: FoldStyle, weight?: (id: string) => number): Fold | undefined {
  const ranks = Math.max(...rank.values()) + 1;
  const ideal = evenCuts(ranks, bands);
  const shifts = [0, 1, -1];
  const tries: number[][] = [];
  const build = (i: number, acc: number[]): void => {
    if (i === bands) return void tries.push(acc);
    for (const d of i === 0 ? [0] : shifts) build(i + 1, [...acc, ideal[i]! + d]);
  };
  // Two halves weighed by their labels may be cut at any rank: the heavier half sets the size of both.
  if (weight && bands === 2) for (let c = 1; c < ranks; c++) tries.push([0, c]);
  else build(0, []);
  const heavier = (fold: Fold): number => Math.max(...Array.from({ length: bands }, (_, b) => nodes.filter((n) => fold.bandOf.get(n) === b).reduce((sum, n) => sum + weight!(n), 0)));
  const better = (a: Fold, b: Fold): boolean => (weight ? heavier(a) < heavier(b) : connectorTargets(a.crossing).size < connectorTargets(b.crossing).size);
  let found: Fold | undefined;
  for (const cuts of tries) {
    if (cuts.some((c, i) => i > 0 && (c <= cuts[i - 1]! || c >= ranks))) continue;
    const bandAt = (r: number): number => cuts.filter((c) => c <= r).length - 1;
    const bandOf = outcomesBesideQuestions(nodes, edges, new Map(nodes.map((n) => [n, bandAt(rank.get(n)!)])));
    const crossing = edges.filter((e) => bandOf.get(e.from.id) !== bandOf.get(e.to.id));
    if (style === 'plain' && faithful(crossing, bandOf, rank, cuts, ranks)) return { bandOf, crossing, linked: false };
    const fold = { bandOf, crossing, linked: true };
    if (style === 'linked' && linkable(crossing, bandOf, bands) && (!found || better(fold, found))) found = fold;
  }
  return found;
}

/** Nodes a connector leads to: one letter each. */
function connectorTargets(crossing: Edge[]): Set<string> {
  return new Set(crossing.map((e) => e.to.id));
}

/**
 * Connectors need few letters and every band used. A letter may lead back too ("fails again" to the
 * first step, like a loop on paper), but at least one link must lead on, or the bands are not one story.
 */
function linkable(crossing: Edge[], bandOf: Map<string, number>, bands: number): boolean {
  if (crossing.length === 0 || connectorTargets(crossing).size > MAX_CONNECTORS) return false;
  if (new Set(bandOf.values()).size < bands) return false;
  return crossing.some((e) => bandOf.get(e.to.id)! > bandOf.get(e.from.id)!);
}

/**
 * An end (nothing leaves it: `R400[400 Bad Request]`) is drawn in the band of
 * what points at it, when that is one band. A decision tree's spine then
 * folds like a chain, each outcome beside its question, instead of the cut
 * falling between a question and one of its answers.
 */
function outcomesBesideQuestions(nodes: string[], edges: Edge[], bandOf: Map<string, number>): Map<string, number> {
  for (const node of nodes) {
    if (edges.some((e) => e.from.id === node)) continue;
    const from = new Set(edges.filter((e) => e.to.id === node).map((e) => bandOf.get(e.from.id)!));
    if (from.size === 1) bandOf.set(node, [...from][0]!);
  }
  return bandOf;
}

function faithful(crossing: Edge[], bandOf: Map<string, number>, rank: Map<string, number>, cuts: number[], ranks: number): boolean {
  for (let band = 0; band < cuts.length; band++) {
    const exits = new Set(crossing.filter((e) => bandOf.get(e.from.id) === band).map((e) => e.from.id));
    const entries = new Set(crossing.filter((e) => bandOf.get(e.to.id) === band).map((e) => e.to.id));
    if (exits.size > 1 || entries.size > 1) return false;
    const last = (cuts[band + 1] ?? ranks) - 1;
    if ([...exits].some((n) => rank.get(n) !== last)) return false;
    if ([...entries].some((n) => rank.get(n) !== cuts[band])) return false;
  }
  return crossing.every((e) => bandOf.get(e.to.id) === bandOf.get(e.from.id)! + 1);
}

interface Bands {
  fold: Fold;
  /** Each band's node declarations and links (connector halves included when the fold is linked). */
  bandLines: string[][];
  /** The connectors' style lines (none for a plain fold). */
  connectors: string[];
  /** Styling and accessibility lines of the source, as written. */
  kept: string[];
}

/** The chain cut into `bands` bands, or undefined when it is not a long chain or no fold is faithful. */
function chainBands(lines: string[], header: number, bands: number, halves = false): Bands | undefined {
  const reading = readFlowchart(lines, header);
  if (!reading || reading.stages.length > 0) return undefined;
  const { statements } = reading;
  const edges = statements.flatMap((s) => s.edges);
  const nodes = [...new Set(statements.flatMap((s) => s.nodes.map((n) => n.id)))];
  // A loop back (`G -- no --> F`) does not make a step later: rank without it. One that goes from a
  // band back to another is not a plain fold's (like any link that skips a band): it takes a letter.
  const back = backEdges(nodes, edges);
  const rank = ranksOf(nodes, edges.filter((e) => !back.has(e)));
  if (!rank || Math.max(...rank.values()) + 1 < Math.max(MIN_RANKS, bands * 2)) return undefined;
  const shapes = firstShapes(statements);
  const weight = (id: string): number => (shapes.get(id) ?? id).replace(/<br\s*\/?>/gi, ' ').length;
  const fold = halves ? findFold(nodes, edges, rank, bands, 'linked', weight) : findFold(nodes, edges, rank, bands, 'plain') ?? findFold(nodes, edges, rank, bands, 'linked');
  if (!fold) return undefined;

  const bandLines: string[][] = Array.from({ length: bands }, () => []);
  const declared = new Set<string>();
  const declare = (node: NodeRef): void => {
    if (declared.has(node.id)) return;
    declared.add(node.id);
    bandLines[fold.bandOf.get(node.id)!]!.push(`        ${shapes.get(node.id) ?? node.id}`);
  };
  for (const id of nodes) declare({ id, text: id, shaped: false });
  for (const edge of edges) {
    const band = fold.bandOf.get(edge.from.id)!;
    if (band === fold.bandOf.get(edge.to.id)) bandLines[band]!.push(`        ${edge.from.id} ${edge.link} ${edge.to.id}`);
  }
  const connectors = fold.linked ? connectorLines(fold, bandLines) : [];
  const kept = lines.slice(header + 1).filter((l) => KEPT.test(l));
  return { fold, bandLines, connectors, kept };
}

const HEADER = /^(\s*(?:graph|flowchart)\b)\s*(TB|TD|BT|LR|RL)?(.*)$/i;

/**
 * The flowchart folded into `bands` rows (LR/RL) or columns (TB/BT): one link from band to band when
 * that is faithful, else through lettered connectors; undefined when neither is.
 */
export function foldedChain(lines: string[], header: number, direction: string, bands: number): string | undefined {
  const cut = chainBands(lines, header, bands);
  if (!cut) return undefined;
  const { fold, bandLines, connectors, kept } = cut;
  const bandLinks = fold.linked
    ? bandLines.slice(1).map((_, i) => `    FOLD${i} --> FOLD${i + 1}`)
    : [...new Set(fold.crossing.map((e) => `    FOLD${fold.bandOf.get(e.from.id)} ${e.link} FOLD${fold.bandOf.get(e.to.id)}`))];
  const headerMatch = HEADER.exec(lines[header]!)!;
  return [
    ...lines.slice(0, header),
    `${headerMatch[1]} ${FLIP[direction] ?? 'TB'}${headerMatch[3] ?? ''}`,
    ...bandLines.flatMap((body, i) => [`    subgraph FOLD${i} [" "]`, `        direction ${direction}`, ...body, '    end']),
    ...bandLinks,
    ...kept,
    // The bands are a layout device, not part of the story: a faint frame, so the arrow between them reads as "continued".
    ...bandLines.map((_, i) => `    style FOLD${i} fill:none,stroke:#8a8f98,stroke-dasharray:4 4`),
    ...connectors,
  ].join('\n');
}

/**
 * The flowchart as two consecutive diagrams, for one too large to be readable on any single slide:
 * the first half of the chain, and the second, each as the author drew it; every link between them
 * ends at a lettered circle in the first and starts from the same letter in the second (a loop back
 * the other way). Undefined when the chain cannot be cut (see chainBands).
 */
export function chainInTwo(lines: string[], header: number): [string, string] | undefined {
  const cut = chainBands(lines, header, 2, true);
  if (!cut) return undefined;
  const before = lines.slice(0, header);
  const part = (band: number): string => {
    const own = new Set([...cut.fold.bandOf].filter(([, b]) => b === band).map(([id]) => id));
    const mine = (id: string): boolean => own.has(id) || id.startsWith(`FOLDout${band}`) || id.startsWith(`FOLDin${band}`);
    const kept = cut.kept.flatMap((line) => keptFor(line, mine));
    const connectorIds = cut.bandLines[band]!.join(' ').match(/FOLD(?:out|in)\d[A-Z]/g) ?? [];
    const connectors = connectorIds.length > 0 ? [cut.connectors[0]!, `    class ${[...new Set(connectorIds)].join(',')} foldConnector`] : [];
    return [...before, lines[header]!, ...cut.bandLines[band]!.map((l) => l.slice(4)), ...kept, ...connectors].join('\n');
  };
  return [part(0), part(1)];
}

/** A styling line for one part: a style or click of a node drawn elsewhere would make mermaid draw that node here. */
function keptFor(line: string, mine: (id: string) => boolean): string[] {
  const target = /^(\s*(?:style|click)\s+)([\w-]+)/.exec(line);
  if (target) return mine(target[2]!) ? [line] : [];
  const classed = /^(\s*class\s+)([\w,\s-]+?)(\s+\w+\s*;?\s*)$/.exec(line);
  if (classed) {
    const ids = classed[2]!.split(',').map((id) => id.trim()).filter(mine);
    return ids.length > 0 ? [`${classed[1]}${ids.join(',')}${classed[3]}`] : [];
  }
  return [line];
}

/**
 * Each crossing link as two halves: from its node to a lettered circle in its own band, and from the same
 * letter, opening the later band, to where it leads. Adds the halves to `bandLines`; returns the connectors' style.
 */
function connectorLines(fold: Fold, bandLines: string[][]): string[] {
  const letters = new Map([...connectorTargets(fold.crossing)].map((target, i) => [target, String.fromCharCode(65 + i)]));
  const ids: string[] = [];
  const declared = new Set<string>();
  const connector = (band: number, letter: string, side: 'out' | 'in'): string => {
    const id = `FOLD${side}${band}${letter}`;
    if (!declared.has(id)) {
      declared.add(id);
      ids.push(id);
      return `${id}((${letter}))`;
    }
    return id;
  };
  for (const edge of fold.crossing) {
    const letter = letters.get(edge.to.id)!;
    const from = fold.bandOf.get(edge.from.id)!;
    const to = fold.bandOf.get(edge.to.id)!;
    bandLines[from]!.push(`        ${edge.from.id} ${edge.link} ${connector(from, letter, 'out')}`);
    const opening = `FOLDin${to}${letter}`;
    if (!declared.has(opening)) bandLines[to]!.push(`        ${connector(to, letter, 'in')} --> ${edge.to.id}`);
  }
  return [`    classDef foldConnector fill:none,stroke:#8a8f98,stroke-width:1.5px`, `    class ${ids.join(',')} foldConnector`];
}

/** Each node's shape and label as first written (`TAG[git tag]`). */
function firstShapes(statements: Statement[]): Map<string, string> {
  const shapes = new Map<string, string>();
  for (const node of statements.flatMap((s) => s.nodes)) if (node.shaped && !shapes.has(node.id)) shapes.set(node.id, node.text);
  return shapes;
}
