/**
 * Fewer, fuller slides: a run of short sibling sections (a `###` with a
 * sentence or two bullets each, a References tail, a `##` that only
 * introduces its children) shares slides as titled blocks — in columns when
 * they are text, one under another when one holds a diagram or code. Members
 * join a shared slide while everything still fits at full size, with at most
 * one big block on it; a member that does not join is fitted on its own.
 */
import type { Arranged } from './arrange.ts';
import { columns, evaluate, grow, scaled, stack } from './arrange.ts';
import { NEARLY_FITS_SCALE } from './scale.ts';
import type { Piece } from './blocks.ts';
import { bigCount, copyOf, hasDiagram, isTextOnly, withOrigin } from './blocks.ts';
import { wrapDiagram } from './diagrams.ts';
import type { Fitter } from './scale.ts';
import { parse } from './stage.ts';
import type { PageRun, PageRunMember, PagePart } from './types.ts';

export interface Member {
  spec: PageRunMember;
  pieces: Piece[];
}

export function membersOf(run: PageRun): Member[] {
  return run.members.map((spec) => ({ spec, pieces: spec.blocks.flatMap((html, from) => parse(html).map((node) => ({ node: withOrigin(node, from), from }))) }));
}

/** A member as a titled block; its own parallel groups stay in columns inside it. A member with nothing of its own (a `##` that only introduced its children) is just a link target. */
function block(member: Member, withId: boolean, inner: 'columns' | 'stack'): HTMLElement {
  const el = withOrigin(document.createElement('div'), 0);
  if (member.pieces.length === 0) {
    el.className = 'ld-anchor';
    if (withId) el.id = member.spec.id;
    return el;
  }
  el.className = 'ld-block';
  if (withId) el.id = member.spec.id;
  el.insertAdjacentHTML('beforeend', `<h3 class="ld-block-title">${member.spec.blockTitle}</h3>`);
  const arranged = inner === 'columns' ? columns(member.pieces) : null;
  el.append(...(arranged ?? stack(member.pieces)).body);
  return el;
}

/** Several diagrams share a slide only when each keeps labels this much above the minimum. */
const SHARED_DIAGRAM_MARGIN_PX = 2;

/** A parent with nothing of its own but the first sentence of its prose (the rest is in its notes). */
const introducesOnly = (member: Member): boolean => member.pieces.every((p) => p.node instanceof HTMLElement && p.node.classList.contains('ld-lead'));

/** How small a `##` with its only `###` may be set to share one slide (body text stays ≥ 20 px). */
const MERGED_INTRO_SCALE = 0.85;

const columnCount = (n: number): number => (n <= 3 ? n : n === 4 ? 2 : 3);

/** Lays a group of members out as one slide; null when no way fits. */
export function shareSlide(f: Fitter, run: PageRun, members: Member[]): Arranged | null {
  // Small diagrams may share (three short pipelines one under another); code, tables and images may not.
  const all = members.flatMap((m) => m.pieces);
  const diagramCount = all.filter((p) => hasDiagram(p.node)).length;
  if (bigCount(all) - diagramCount + Math.min(diagramCount, 1) > 1) return null;
  const floor = members[0]!.spec.minLabelPx + (diagramCount > 1 ? SHARED_DIAGRAM_MARGIN_PX : 0);
  const readable = (a: Arranged): boolean => a.diagrams.every((d) => d.labelPx >= floor);
  const [head, ...rest] = members;
  // The slide's heading: the parent's, else the run's (the parent's title), else the first member's.
  // The member whose heading the slide carries gives the slide its id; the others keep theirs on their block.
  const headed = head!.spec.parent || !run.heading;
  const heading = headed ? head!.spec.heading : run.heading;
  const top = headed ? head!.pieces.map((p) => wrapDiagram(copyOf(p))) : [];
  const named = headed ? rest : members;
  // Members with nothing of their own are link targets only, outside the grid.
  const titled = named.filter((m) => m.pieces.length > 0);
  if (titled.length === 0) return null;
  const anchors = named.filter((m) => m.pieces.length === 0).map((m) => block(m, headed || m !== members[0], 'stack'));
  const g: Fitter = { ...f, frame: { ...f.frame, heading } };
  const allText = titled.every((m) => m.pieces.every((p) => isTextOnly(p.node)));
  const counts = allText ? [...new Set([columnCount(titled.length), Math.min(2, titled.length), 1])] : [...new Set([1, Math.min(2, titled.length)])];
  const layouts = counts.flatMap((cols) => (cols === 1 ? (['columns', 'stack'] as const) : (['stack'] as const)).map((inner) => ({ cols, inner })));
  for (const { cols, inner } of layouts) {
    const blocks = titled.map((m) => block(m, headed || m !== members[0], inner));
    const grid = withOrigin(document.createElement('div'), 0);
    grid.className = 'ld-blocks';
    grid.style.setProperty('--ld-cols', String(cols));
    grid.append(...blocks);
    const candidate = { name: `blocks-${cols}`, sectionClass: 'ld-layout-blocks', body: [...top, ...anchors.map((a) => a.cloneNode(true)), grid] };
    const arranged = evaluate(g, candidate);
    if (arranged && readable(arranged)) return grow(g, arranged);
    // A `##` that only introduces its one `###` (a sentence at most) is not worth a slide of its own:
    // rather the pair on one slide a touch smaller (as the `###` alone would be) than a near-empty slide.
    if (headed && introducesOnly(head!) && titled.length === 1 && cols === 1 && inner === 'stack') {
      // Its sentence is the start of its notes, so it may give way to the `###`.
      const withoutLead = { ...candidate, body: candidate.body.slice(top.length) };
      for (const cand of [candidate, withoutLead]) {
        for (const scale of [NEARLY_FITS_SCALE, MERGED_INTRO_SCALE]) {
          const smaller = evaluate(g, scaled(cand, scale));
          if (smaller && readable(smaller)) return smaller;
        }
      }
    }
  }
  return null;
}

/** Greedy packing in document order: members join the open slide while it still fits. */
export function packMembers(f: Fitter, run: PageRun, members: Member[]): { groups: number[][]; shared: Map<number, Arranged> } {
  const groups: number[][] = [];
  const shared = new Map<number, Arranged>();
  let open: number[] = [];
  let openArranged: Arranged | null = null;
  const eligible = (m: Member): boolean => m.spec.mode !== 'scale' && !m.spec.title;
  const flush = (): void => {
    if (open.length === 0) return;
    if (open.length > 1 && openArranged) shared.set(groups.length, openArranged);
    groups.push(open);
    open = [];
    openArranged = null;
  };
  members.forEach((member, i) => {
    if (!eligible(member)) {
      flush();
      groups.push([i]);
      return;
    }
    if (open.length === 0) {
      open = [i];
      return;
    }
    const trial = [...open, i];
    const arranged = shareSlide(f, run, trial.map((k) => members[k]!));
    if (arranged) {
      open = trial;
      openArranged = arranged;
    } else {
      flush();
      open = [i];
    }
  });
  flush();
  return { groups, shared };
}

export function sharedPart(arranged: Arranged, serialise: (node: Node) => string): PagePart {
  return { blocks: arranged.body.map((node) => ({ html: serialise(node), from: 0 })), layout: arranged.sectionClass ?? 'ld-layout-blocks' };
}
