/**
 * The long text alternative of a diagram: its connections, read from the
 * Mermaid source ("Build → Push image; Gate → Release blocked (findings)").
 * The short one (the SVG `<title>`, naming the nodes) is describeDiagram in
 * mermaid.ts; this one becomes the SVG `<desc>`, so a screen reader user gets
 * what the arrows say too. Pure string work, unit-tested without a browser.
 */

import { cleanLabel, diagramLines } from './mermaid.ts';

const MAX_EDGES = 40;

/** Connections of flowcharts, sequence and state diagrams; '' for other kinds (their title says enough). */
export function describeDiagramEdges(source: string): string {
  const lines = diagramLines(source);
  const keyword = lines[0]?.split(/\s+/)[0]?.toLowerCase() ?? '';
  const body = lines.slice(1);
  let edges: string[] = [];
  if (keyword === 'graph' || keyword === 'flowchart' || keyword === 'flowchart-elk') edges = flowchartEdges(body);
  else if (keyword === 'sequencediagram') edges = sequenceMessages(body);
  else if (keyword === 'statediagram' || keyword === 'statediagram-v2') edges = stateTransitions(body);
  if (edges.length === 0) return '';
  const shown = edges.slice(0, MAX_EDGES);
  const more = edges.length > MAX_EDGES ? `; and ${edges.length - MAX_EDGES} more` : '';
  return `${shown.join('; ')}${more}.`;
}

const FLOWCHART_SKIP = /^(subgraph|end|style|classDef|class|click|linkStyle|direction|accTitle|accDescr)\b/;
/** An edge, with an optional `|label|`: `-->`, `---`, `-.->`, `==>`, `--x`, `<-->`, `~~~` … */
const EDGE = /\s*(<?(?:-{2,}|={2,}|-\.+-)[->xo]?|~~~)\s*(?:\|([^|]*)\|)?\s*/;
/** `A -- text --> B` (label written inside the arrow) → `A -->|text| B`. */
const INLINE_EDGE_LABEL = /(--|==|-\.)\s+([^-=.>|][^>|]*?)\s+(-->|==>|\.->|---|===|-\.-)/g;
const NODE = /^([A-Za-z0-9_][\w.-]*)\s*(?:@\{[^}]*?label\s*:\s*"([^"]*)"[^}]*\}|[[({>/\\]+\s*("[^"]*"|[^\])}]*?)\s*[/\\]?[\])}]+)?/;

function flowchartEdges(lines: readonly string[]): string[] {
  const statements = lines.flatMap((line) => line.split(';')).map((s) => s.trim()).filter((s) => s && !FLOWCHART_SKIP.test(s));
  const labels = new Map<string, string>();
  const chains: { nodes: string[][]; edgeLabels: string[] }[] = [];
  for (const statement of statements) {
    const parts = statement.replace(INLINE_EDGE_LABEL, '$3|$2|').split(EDGE);
    // split() with two capture groups: node, arrow, label, node, arrow, label, node …
    const nodes: string[][] = [];
    const edgeLabels: string[] = [];
    for (let i = 0; i < parts.length; i += 3) {
      nodes.push((parts[i] ?? '').split('&').map((n) => readNode(n.trim(), labels)).filter((id): id is string => !!id));
      if (i + 2 < parts.length) edgeLabels.push(cleanLabel(parts[i + 2] ?? ''));
    }
    if (nodes.length > 1) chains.push({ nodes, edgeLabels });
  }
  const name = (id: string) => labels.get(id) ?? id;
  return chains.flatMap(({ nodes, edgeLabels }) =>
    nodes.slice(1).flatMap((targets, i) =>
      (nodes[i] ?? []).flatMap((from) => targets.map((to) => `${name(from)} → ${name(to)}${edgeLabels[i] ? ` (${edgeLabels[i]})` : ''}`)),
    ),
  );
}

/** Records a node's label (when the statement gives one) and returns its id. */
function readNode(text: string, labels: Map<string, string>): string | undefined {
  const match = NODE.exec(text);
  if (!match?.[1]) return undefined;
  const label = cleanLabel(match[2] ?? match[3] ?? '');
  if (label) labels.set(match[1], label);
  return match[1];
}

function sequenceMessages(lines: readonly string[]): string[] {
  const aliases = new Map<string, string>();
  const messages: string[] = [];
  for (const line of lines) {
    const declared = /^(?:create\s+)?(?:participant|actor)\s+(\S+?)(?:\s+as\s+(.+))?$/.exec(line);
    if (declared?.[1]) {
      if (declared[2]) aliases.set(declared[1], cleanLabel(declared[2]));
      continue;
    }
    const message = /^([^-<>+:]+?)\s*(?:<<-->>|<<->>|-->>|->>|-->|->|--x|-x|--\)|-\))\s*[+-]?\s*([^:]+?)\s*:\s*(.*)$/.exec(line);
    if (!message?.[1] || !message[2]) continue;
    const name = (id: string) => aliases.get(id.trim()) ?? cleanLabel(id);
    messages.push(`${name(message[1])} → ${name(message[2])}${message[3] ? `: ${cleanLabel(message[3])}` : ''}`);
  }
  return messages;
}

function stateTransitions(lines: readonly string[]): string[] {
  return lines.flatMap((line) => {
    const match = /^(\[\*\]|[\w.-]+)\s*-->\s*(\[\*\]|[\w.-]+)\s*(?::\s*(.+))?$/.exec(line);
    if (!match?.[1] || !match[2]) return [];
    const name = (id: string, end: string) => (id === '[*]' ? end : id);
    return [`${name(match[1], 'start')} → ${name(match[2], 'end')}${match[3] ? ` (${cleanLabel(match[3])})` : ''}`];
  });
}
