/**
 * Graph questions about a flowchart's links, shared by the layouts that
 * redraw it (flowchartFold.ts, flowchartColumns.ts): ranks, and the links
 * that close a loop.
 */
import type { Edge } from './flowchartColumns.ts';

/** Rank of every node: the longest path to it from a node nothing points at; undefined for a cycle. */
export function ranksOf(nodes: string[], edges: Edge[]): Map<string, number> | undefined {
  const into = new Map<string, number>(nodes.map((n) => [n, 0]));
  const out = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const e of edges) {
    into.set(e.to.id, (into.get(e.to.id) ?? 0) + 1);
    out.get(e.from.id)?.push(e.to.id);
  }
  const rank = new Map<string, number>(nodes.map((n) => [n, 0]));
  const ready = nodes.filter((n) => into.get(n) === 0);
  let seen = 0;
  while (ready.length > 0) {
    const node = ready.shift()!;
    seen++;
    for (const next of out.get(node) ?? []) {
      rank.set(next, Math.max(rank.get(next)!, rank.get(node)! + 1));
      into.set(next, into.get(next)! - 1);
      if (into.get(next) === 0) ready.push(next);
    }
  }
  return seen === nodes.length ? rank : undefined;
}

/** The links that close a loop ("not yet? back to the queue"), found depth first from the nodes nothing points at. */
export function backEdges(nodes: string[], edges: Edge[]): Set<Edge> {
  const out = new Map<string, Edge[]>(nodes.map((n) => [n, []]));
  const pointedAt = new Set(edges.map((e) => e.to.id));
  for (const e of edges) out.get(e.from.id)?.push(e);
  const state = new Map<string, 'open' | 'done'>();
  const back = new Set<Edge>();
  const visit = (node: string): void => {
    state.set(node, 'open');
    for (const edge of out.get(node) ?? []) {
      const seen = state.get(edge.to.id);
      if (seen === 'open') back.add(edge);
      else if (!seen) visit(edge.to.id);
    }
    state.set(node, 'done');
  };
  for (const node of [...nodes.filter((n) => !pointedAt.has(n)), ...nodes]) if (!state.has(node)) visit(node);
  return back;
}
