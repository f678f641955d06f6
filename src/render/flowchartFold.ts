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
function findFold(nodes: string[], edges: Edge[], rank: Map<string, number>, bands: number, style: FoldStyle): Fold | undefined {
  const ranks = Math.max(...rank.values()) + 1;
  const ideal = evenCuts(ranks, bands);
  const shifts = [0, 1, -1];
  const tries: number[][] = [];
  const build = (i: number, acc: number[]): void => {
    if (i === bands) return void tries.push(acc);
    for (const d of i === 0 ? [0] : shifts) build(i + 1, [...acc, ideal[i]! + d]);
  };
  build(0, []);
  let found: Fold | undefined;
  for (const cuts of tries) {
    if (cuts.some((c, i) => i > 0 && (c <= cuts[i - 1]! || c >= ranks))) continue;
    const bandAt = (r: number): number => cuts.filter((c) => c <= r).length - 1;
    const bandOf = outcomesBesideQuestions(nodes, edges, new Map(nodes.map((n) => [n, bandAt(rank.get(n)!)])));
    const crossing = edges.filter((e) => bandOf.get(e.from.id) !== bandOf.get(e.to.id));
    if (style === 'plain' && faithful(crossing, bandOf, rank, cuts, ranks)) return { bandOf, crossing, linked: false };
    if (style === 'linked' && linkable(crossing, bandOf, bands) && (!found || connectorTargets(crossing).size < connectorTargets(found.crossing).size)) found = { bandOf, crossing, linked: true };
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

/**
 * The flowchart folded into `bands` rows (LR/RL) or columns (TB/BT): one link from band to band when
 * that is faithful, else through lettered connectors; undefined when neither is.
 */
export function foldedChain(lines: string[], header: number, direction: string, bands: number): string | undefined {
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
  const fold = findFold(nodes, edges, rank, bands, 'plain') ?? findFold(nodes, edges, rank, bands, 'linked');
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
  const connectors = fold.linked ? connectorLines(fold, bandLines) : [];
  const bandLinks = fold.linked
    ? bandLines.slice(1).map((_, i) => `    FOLD${i} --> FOLD${i + 1}`)
    : [...new Set(fold.crossing.map((e) => `    FOLD${fold.bandOf.get(e.from.id)} ${e.link} FOLD${fold.bandOf.get(e.to.id)}`))];
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
    ...connectors,
  ].join('\n');
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
