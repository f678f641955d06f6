/**
 * A staged flowchart drawn as columns. A pipeline written top to bottom
 * through subgraphs (CI → staging → production) is one long chain: twenty
 * ranks tall, shrunk to a few pixels on a 16:9 slide. A designer would draw
 * each stage as a column and put the stages side by side. Mermaid honours a
 * subgraph's own `direction` only when none of its nodes is linked to the
 * outside, so the links between stages become links between the stages
 * themselves (`CI --> STAGING`).
 *
 * That is only faithful when each stage is entered at one node and left from
 * one node (the arrow into the column can only mean its first step, the
 * arrow out its last). Anything this module cannot read for certain —
 * `linkStyle` (edge numbers change), the `@{}` node syntax, a statement it
 * cannot parse, stages that link in a loop — gives no variant at all: it is
 * one more layout to try, never a guess. Pure string work.
 */
import { ranksOf } from './flowchartGraph.ts';

/** The other direction of a flowchart or subgraph. */
export const FLIP: Record<string, string> = { LR: 'TB', RL: 'TB', TB: 'LR', TD: 'LR', BT: 'LR' };

const NODE_ID = /^[\p{L}\p{N}_]+/u;
/** Openers of node shapes, longest first; each maps to the closer that ends it. */
const SHAPES: ReadonlyArray<readonly [string, string]> = [
  ['(((', ')))'], ['([', '])'], ['[[', ']]'], ['[(', ')]'], ['((', '))'], ['{{', '}}'],
  ['[/', '/]'], ['[\\', '\\]'], ['[/', '\\]'], ['[\\', '/]'], ['[', ']'], ['(', ')'], ['{', '}'], ['>', ']'],
];
const LINK = /^\s*([xo<]?(?:-{2,}|={2,}|-?\.+-)[-xo>=]?|~{3,})\s*(\|[^|]*\|)?\s*/;
const TEXT_LINK = /^\s*([xo<]?(?:--|==|-\.))\s+([^|]+?)\s+(-{2,}[->xo]|={2,}[=>xo]|\.-[->xo]?)\s*/;

export interface NodeRef {
  id: string;
  /** The reference as written, shape and label included. */
  text: string;
  shaped: boolean;
}

export interface Edge {
  from: NodeRef;
  to: NodeRef;
  link: string;
}

/** `PR[Pull request]:::hot` → its id and text; undefined when it is not a node we can read. */
function readNode(text: string): { node: NodeRef; rest: string } | undefined {
  const id = NODE_ID.exec(text)?.[0];
  if (!id) return undefined;
  let at = id.length;
  let shaped = false;
  const shape = SHAPES.find(([open]) => text.startsWith(open, at));
  if (shape) {
    const [open, close] = shape;
    let inner = at + open.length;
    if (text[inner] === '"') {
      const endQuote = text.indexOf('"', inner + 1);
      if (endQuote < 0) return undefined;
      inner = endQuote + 1;
    }
    const end = text.indexOf(close, inner);
    if (end < 0) return undefined;
    at = end + close.length;
    shaped = true;
  }
  const cls = /^:::[\w-]+/.exec(text.slice(at));
  if (cls) at += cls[0].length;
  return { node: { id, text: text.slice(0, at), shaped }, rest: text.slice(at) };
}

/** `A & B` → both nodes. */
function readNodeGroup(text: string): { nodes: NodeRef[]; rest: string } | undefined {
  const nodes: NodeRef[] = [];
  let rest = text.trimStart();
  for (;;) {
    const read = readNode(rest);
    if (!read) return undefined;
    nodes.push(read.node);
    rest = read.rest;
    const and = /^\s*&\s*/.exec(rest);
    if (!and) return { nodes, rest };
    rest = rest.slice(and[0].length);
  }
}

/** One statement: a node, or a chain of links. Undefined when it cannot be read. */
function readStatement(text: string): { nodes: NodeRef[]; edges: Edge[] } | undefined {
  const first = readNodeGroup(text);
  if (!first) return undefined;
  const nodes = [...first.nodes];
  const edges: Edge[] = [];
  let left = first.nodes;
  let rest = first.rest;
  while (rest.trim() !== '') {
    const link = TEXT_LINK.exec(rest) ?? LINK.exec(rest);
    if (!link) return undefined;
    const right = readNodeGroup(rest.slice(link[0].length));
    if (!right) return undefined;
    const linkText = link[0].trim();
    for (const from of left) for (const to of right.nodes) edges.push({ from, to, link: linkText });
    nodes.push(...right.nodes);
    left = right.nodes;
    rest = right.rest;
  }
  return { nodes, edges };
}

export interface Stage {
  id: string;
  /** Line index of its `subgraph` line. */
  line: number;
  members: Set<string>;
}

export interface Statement {
  line: number;
  nodes: NodeRef[];
  edges: Edge[];
}

export interface Reading {
  stages: Stage[];
  statements: Statement[];
  /** Top-level stage of each node mentioned inside one. */
  stageOf: Map<string, string>;
}

/** A `;` between statements (`A --> B; B --> C`), not one in a quoted label or an entity (`#quot;`). */
function hasStatementSeparator(text: string): boolean {
  return text.replace(/"[^"]*"/g, '""').replace(/#\w+;/g, '').includes(';');
}

/** `A --> B;`: a statement may end with a semicolon. */
function withoutClosingSemicolon(text: string): string {
  return text.endsWith(';') && !/#\w+;$/.test(text) ? text.slice(0, -1).trimEnd() : text;
}

const PASS_THROUGH = /^\s*(%%|style\b|classDef\b|class\b|click\b|direction\b|accTitle\b|accDescr\b|$)/;

/** Subgraphs, statements and membership, or undefined when anything is beyond this reader. */
export function readFlowchart(lines: string[], header: number): Reading | undefined {
  const stages: Stage[] = [];
  const statements: Statement[] = [];
  const stageOf = new Map<string, string>();
  const open: string[] = [];
  for (let i = header + 1; i < lines.length; i++) {
    const text = withoutClosingSemicolon(lines[i]!.trim());
    if (/^linkStyle\b|@\{/.test(text) || hasStatementSeparator(text)) return undefined;
    const subgraph = /^subgraph\s+([\p{L}\p{N}_]+)/u.exec(text);
    if (/^subgraph\b/.test(text)) {
      if (!subgraph) return undefined;
      if (open.length === 0) stages.push({ id: subgraph[1]!, line: i, members: new Set() });
      open.push(subgraph[1]!);
      continue;
    }
    if (/^end$/.test(text)) {
      if (!open.pop()) return undefined;
      continue;
    }
    if (PASS_THROUGH.test(text)) continue;
    const statement = readStatement(text);
    if (!statement) return undefined;
    statements.push({ line: i, ...statement });
    const stage = open.length > 0 ? stages.at(-1)! : undefined;
    if (!stage) continue;
    for (const node of statement.nodes) {
      const known = stageOf.get(node.id);
      // Mermaid keeps a node in the first subgraph that closed with it (FlowDB.makeUniq): `IMG --> STG`
      // written in a later stage links out of it, it does not move IMG.
      if (known && known !== stage.id) continue;
      stageOf.set(node.id, stage.id);
      stage.members.add(node.id);
    }
  }
  if (open.length > 0) return undefined;
  return { stages, statements, stageOf };
}

interface Relinked {
  out: string[];
  /** Links between a stage and what lies outside it, as links of the stage itself. */
  stageLinks: string[];
  /** The same links between the stages' ids (and outside nodes'). */
  stageEdges: Edge[];
  /** Shapes and labels first written in a rewritten link, to be declared inside their stage. */
  definitionsFor: Map<string, string[]>;
}

/**
 * Links that leave or enter the `collapsed` stages become links of the stage
 * itself (mermaid then honours the stage's own direction); undefined when one
 * of them is left or entered at more than one node, or nothing crosses.
 */
function linkStagesNotNodes(lines: string[], reading: Reading, collapsed: Set<string>): Relinked | undefined {
  const { stages, statements, stageOf } = reading;
  const groupOf = (id: string): string => {
    const stage = stageOf.get(id);
    return stage && collapsed.has(stage) ? stage : id;
  };
  const crossing = statements.flatMap((s) => s.edges).filter((e) => groupOf(e.from.id) !== groupOf(e.to.id) && (collapsed.has(groupOf(e.from.id)) || collapsed.has(groupOf(e.to.id))));
  if (crossing.length === 0) return undefined;
  for (const stage of stages.filter((st) => collapsed.has(st.id))) {
    const exits = new Set(crossing.filter((e) => groupOf(e.from.id) === stage.id).map((e) => e.from.id));
    const entries = new Set(crossing.filter((e) => groupOf(e.to.id) === stage.id).map((e) => e.to.id));
    if (exits.size > 1 || entries.size > 1) return undefined;
  }
  const out = [...lines];
  const definitionsFor = new Map<string, string[]>();
  const stageLinks: string[] = [];
  const stageEdges: Edge[] = [];
  for (const statement of statements) {
    if (!statement.edges.some((e) => crossing.includes(e))) continue;
    const indent = /^\s*/.exec(lines[statement.line]!)![0];
    const kept: string[] = [];
    // Shapes and labels written in this statement must survive it.
    for (const node of statement.nodes.filter((n) => n.shaped)) {
      const stage = groupOf(node.id);
      if (collapsed.has(stage)) definitionsFor.set(stage, [...(definitionsFor.get(stage) ?? []), node.text]);
      else kept.push(`${indent}${node.text}`);
    }
    for (const edge of statement.edges) {
      if (crossing.includes(edge)) {
        stageLinks.push(`    ${groupOf(edge.from.id)} ${edge.link} ${groupOf(edge.to.id)}`);
        const end = (id: string): NodeRef => ({ id: groupOf(id), text: groupOf(id), shaped: false });
        stageEdges.push({ from: end(edge.from.id), to: end(edge.to.id), link: edge.link });
      }
      else kept.push(`${indent}${edge.from.id} ${edge.link} ${edge.to.id}`);
    }
    out[statement.line] = kept.join('\n');
  }
  return { out, stageLinks, stageEdges, definitionsFor };
}

/** Does following the links from stage to stage ever come back (no ranks)? */
const loopsBack = (edges: Edge[]): boolean => !ranksOf([...new Set(edges.flatMap((e) => [e.from.id, e.to.id]))], edges);

/** Line index of a top-level stage's own `direction` line, or -1. */
function ownDirectionLine(lines: string[], stage: Stage): number {
  let depth = 0;
  for (let i = stage.line + 1; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (/^subgraph\b/.test(text)) depth++;
    else if (/^end$/.test(text)) {
      if (depth === 0) return -1;
      depth--;
    } else if (depth === 0 && /^direction\s+(TB|TD|BT|LR|RL)\b/i.test(text)) return i;
  }
  return -1;
}

/**
 * The flowchart drawn as its author meant: a subgraph with a `direction` of
 * its own is drawn in the graph's direction by mermaid as soon as one of its
 * nodes is linked outside it (a six-step retry budget, written left to
 * right, drawn as a tall column). Its links to the outside become links of
 * the subgraph, so its own direction holds — when it is entered at one node
 * and left from one. Undefined when no subgraph asks for a direction.
 */
export function subgraphsAsWritten(lines: string[], header: number): string | undefined {
  const reading = readFlowchart(lines, header);
  if (!reading) return undefined;
  const directed = new Set(reading.stages.filter((stage) => ownDirectionLine(lines, stage) >= 0).map((stage) => stage.id));
  if (directed.size === 0) return undefined;
  const relinked = linkStagesNotNodes(lines, reading, directed);
  if (!relinked) return undefined;
  const { out, stageLinks, definitionsFor } = relinked;
  for (const stage of reading.stages.filter((st) => directed.has(st.id))) {
    const own = /^\s*/.exec(lines[stage.line]!)![0];
    out[stage.line] = [lines[stage.line]!, ...(definitionsFor.get(stage.id) ?? []).map((d) => `${own}    ${d}`)].join('\n');
  }
  return [...out, ...new Set(stageLinks)].join('\n');
}

/** The flowchart with its stages as columns side by side, or undefined when that would not be faithful. */
export function stagesAsColumns(lines: string[], header: number, direction: string): string | undefined {
  const reading = readFlowchart(lines, header);
  if (!reading || reading.stages.length < 2) return undefined;
  const { stages } = reading;
  const relinked = linkStagesNotNodes(lines, reading, new Set(stages.map((stage) => stage.id)));
  // A loop back between stages ("fix forward" → the first stage) has no first stage left once the
  // stages are boxes: mermaid may then put the last stage on top, drawing the pipeline backwards.
  if (!relinked || loopsBack(relinked.stageEdges)) return undefined;
  const { out, stageLinks, definitionsFor } = relinked;
  for (const stage of stages) {
    const extra = definitionsFor.get(stage.id) ?? [];
    const own = /^\s*/.exec(lines[stage.line]!)![0];
    out[stage.line] = [lines[stage.line]!, `${own}    direction ${direction}`, ...extra.map((d) => `${own}    ${d}`)].join('\n');
  }
  // A stage's own direction line would override the columns.
  for (const stage of stages) {
    for (let i = stage.line + 1; i < out.length && !/^\s*end\s*$/.test(lines[i]!); i++) if (/^\s*direction\b/.test(lines[i]!)) out[i] = '';
  }
  const headerMatch = /^(\s*(?:graph|flowchart)\b)\s*(TB|TD|BT|LR|RL)?(.*)$/i.exec(lines[header]!)!;
  out[header] = `${headerMatch[1]} ${FLIP[direction] ?? 'LR'}${headerMatch[3] ?? ''}`;
  return [...out, ...new Set(stageLinks)].join('\n');
}
