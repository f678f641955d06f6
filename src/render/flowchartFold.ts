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
 * first (one node each); a graph with subgraphs, a loop across bands, or anything
 * flowchartColumns.ts cannot read gives no variant. Pure string work.
 */
import { FLIP, readFlowchart, type Edge, type NodeRef, type Statement } from './flowchartColumns.ts';
import { backEdges, ranksOf } from './flowchartGraph.ts';

/** Lines kept as they are: styling and accessibility statements. */
const KEPT = /^\s*(style|classDef|class|click|accTitle|accDescr)\b/;
/** Fewer ranks than this is not a long chain: nothing to fold. */
const MIN_RANKS = 6;

/** Where each band starts (ranks), as even as the ranks allow: `bands` bands over `ranks` ranks. */
function evenCuts(ranks: number, bands: number): number[] {
  return Array.from({ length: bands }, (_, i) => Math.round((i * ranks) / bands));
}

interface Fold {
  bandOf: Map<string, number>;
  crossing: Edge[];
}

/**
 * Bands whose links to each other are faithful as band-to-band links: each
 * link goes to the next band, leaves from one node of the band's last rank
 * and enters at one node of the next band's first rank. Cut points may move
 * by a rank to find such a fold.
 */
function findFold(nodes: string[], edges: Edge[], rank: Map<string, number>, bands: number): Fold | undefined {
  const ranks = Math.max(...rank.values()) + 1;
  const ideal = evenCuts(ranks, bands);
  const shifts = [0, 1, -1];
  const tries: number[][] = [];
  const build = (i: number, acc: number[]): void => {
    if (i === bands) return void tries.push(acc);
    for (const d of i === 0 ? [0] : shifts) build(i + 1, [...acc, ideal[i]! + d]);
  };
  build(0, []);
  for (const cuts of tries) {
    if (cuts.some((c, i) => i > 0 && (c <= cuts[i - 1]! || c >= ranks))) continue;
    const bandAt = (r: number): number => cuts.filter((c) => c <= r).length - 1;
    const bandOf = outcomesBesideQuestions(nodes, edges, new Map(nodes.map((n) => [n, bandAt(rank.get(n)!)])));
    const crossing = edges.filter((e) => bandOf.get(e.from.id) !== bandOf.get(e.to.id));
    if (faithful(crossing, bandOf, rank, cuts, ranks)) return { bandOf, crossing };
  }
  return undefined;
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

/** The flowchart folded into `bands` rows (LR/RL) or columns (TB/BT), or undefined when that would not be faithful. */
export function foldedChain(lines: string[], header: number, direction: string, bands: number): string | undefined {
  const reading = readFlowchart(lines, header);
  if (!reading || reading.stages.length > 0) return undefined;
  const { statements } = reading;
  const edges = statements.flatMap((s) => s.edges);
  const nodes = [...new Set(statements.flatMap((s) => s.nodes.map((n) => n.id)))];
  // A loop back (`G -- no --> F`) does not make a step later: rank without it. A fold that would
  // send it from one band back to another is refused below, like any link that skips a band.
  const back = backEdges(nodes, edges);
  const rank = ranksOf(nodes, edges.filter((e) => !back.has(e)));
  if (!rank || Math.max(...rank.values()) + 1 < Math.max(MIN_RANKS, bands * 2)) return undefined;
  const fold = findFold(nodes, edges, rank, bands);
  if (!fold) return undefined;

  const shapes = firstShapes(statements);
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
  const bandLinks = [...new Set(fold.crossing.map((e) => `    FOLD${fold.bandOf.get(e.from.id)} ${e.link} FOLD${fold.bandOf.get(e.to.id)}`))];
  const headerMatch = /^(\s*(?:graph|flowchart)\b)\s*(TB|TD|BT|LR|RL)?(.*)$/i.exec(lines[header]!)!;
  const before = lines.slice(0, header);
  const kept = lines.slice(header + 1).filter((l) => KEPT.test(l));
  return [
    ...before,
    `${headerMatch[1]} ${FLIP[direction] ?? 'TB'}${headerMatch[3] ?? ''}`,
    ...bandLines.flatMap((body, i) => [`    subgraph FOLD${i} [" "]`, `        direction ${direction}`, ...body, '    end']),
    ...bandLinks,
    ...kept,
    // The bands are a layout device, not part of the story: a faint frame, so the arrow between them reads as "continued".
    ...bandLines.map((_, i) => `    style FOLD${i} fill:none,stroke:#8a8f98,stroke-dasharray:4 4`),
  ].join('\n');
}

/** Each node's shape and label as first written (`TAG[git tag]`). */
function firstShapes(statements: Statement[]): Map<string, string> {
  const shapes = new Map<string, string>();
  for (const node of statements.flatMap((s) => s.nodes)) if (node.shaped && !shapes.has(node.id)) shapes.set(node.id, node.text);
  return shapes;
}
