/**
 * Other ways to draw a diagram, for when the author's would have to be
 * shrunk to fit a slide: the other flowchart or state direction (LR ↔ TB),
 * and tighter spacing for its shape (node and rank gaps, wrapped labels; a
 * sequence diagram without the mirrored actors, with shorter gaps between
 * messages; a staged pipeline as columns, src/render/flowchartColumns.ts;
 * a long chain wrapped into rows, src/render/flowchartFold.ts; a timeline
 * as columns of events, src/render/timelineColumns.ts).
 * The layout pass measures each in place and keeps the one with
 * the largest labels; the author's own drawing stays the first choice.
 * Pure string work on the mermaid source.
 */

import { FLIP, stagesAsColumns, subgraphsAsWritten } from './flowchartColumns.ts';
import { foldedChain } from './flowchartFold.ts';
import { timelineAsColumns } from './timelineColumns.ts';

export interface DiagramVariant {
  name: string;
  source: string;
  /** Mermaid settings for this variant, merged over the theme's. */
  config?: Record<string, unknown>;
  /** Drawn only when the first round (the cheaper, more common layouts) still leaves the diagram small. */
  secondRound?: true;
}

/** Labels below this (slide px) in the best box the slide can give mean variants are worth rendering. */
export const VARIANTS_BELOW_LABEL_PX = 18;
/** …and below this after the first round, the second round's variants too. */
export const SECOND_ROUND_BELOW_LABEL_PX = 17;
const second = { secondRound: true } as const;
/** The largest box a diagram gets on a slide (a figure slide: small heading, slim margins). */
export const BEST_BOX = { width: 1224, height: 640 };

const COMPACT_FLOWCHART = { flowchart: { nodeSpacing: 24, rankSpacing: 30, padding: 8, wrappingWidth: 140, diagramPadding: 4 } };
/** Stages side by side have width to spare: wider labels make each column shorter. */
const COLUMNS_FLOWCHART = { flowchart: { nodeSpacing: 18, rankSpacing: 22, padding: 6, wrappingWidth: 220, diagramPadding: 4 } };
const COMPACT_STATE = { state: { nodeSpacing: 28, rankSpacing: 28, padding: 6 } };
/** A lifecycle's transition labels take a rank of their own each: tight ranks halve the height they add. */
const DENSE_STATE = { state: { nodeSpacing: 20, rankSpacing: 12, padding: 4 } };
/** Mermaid spaces entities 140 px apart and makes each at least 100×75: room to spare, not a slide. */
const COMPACT_ER = { er: { nodeSpacing: 24, rankSpacing: 30, entityPadding: 4, minEntityWidth: 40, minEntityHeight: 30, diagramPadding: 4 } };
const COMPACT_CLASS = { class: { nodeSpacing: 20, rankSpacing: 28, padding: 4, diagramPadding: 4 } };
const COMPACT_SEQUENCE = { sequence: { mirrorActors: false, messageMargin: 22, boxMargin: 6, boxTextMargin: 4, noteMargin: 6, actorMargin: 34, width: 110, height: 42, bottomMarginAdj: 0, diagramMarginY: 6 } };
const WRAPPED_SEQUENCE = { sequence: { ...COMPACT_SEQUENCE.sequence, wrap: true, width: 120 } };
/**
 * Long conversations: rows as tight as labels allow. The margins of `alt`/`loop` boxes stay at
 * compact's: below 6 px a section's `[condition]` and divider are drawn over the message before it.
 */
const DENSE_SEQUENCE = { sequence: { ...COMPACT_SEQUENCE.sequence, messageMargin: 12, noteMargin: 3, height: 34, actorMargin: 30 } };
/**
 * Gaps and paddings are fixed pixels, text is not: the same layout with 20 px text has less room
 * around each label, so a drawing limited by its gaps (a long conversation, a tall tree) reads larger.
 */
const LARGE_TEXT = 20;
// Mermaid's sequence renderer sets its three font sizes from the root `fontSize` (over `sequence.*FontSize`).
const LARGE_TEXT_SEQUENCE = { ...DENSE_SEQUENCE, fontSize: LARGE_TEXT };
const LARGE_TEXT_THEME = { themeVariables: { fontSize: `${LARGE_TEXT}px` } };
const LARGE_TEXT_FLOWCHART = { ...COMPACT_FLOWCHART, ...LARGE_TEXT_THEME };
/** Mermaid sizes a class's name and members for the root `fontSize`: without it, 20 px names wrap mid-word ("ClusterLoadAssignmen t"). */
const LARGE_TEXT_CLASS = { ...LARGE_TEXT_THEME, fontSize: LARGE_TEXT };
/** Larger text with every message and note wrapped: mermaid then sizes each note's box for its wrapped lines (with a margin: its last line sits on the edge). */
const WRAPPED_LARGE_TEXT_SEQUENCE = { sequence: { ...DENSE_SEQUENCE.sequence, wrap: true, width: 200, noteMargin: 8 }, fontSize: LARGE_TEXT };
/** …wrapped wider: long messages and notes take fewer lines, for a conversation whose height sets its size. */
const WIDE_WRAPPED_LARGE_TEXT_SEQUENCE = { sequence: { ...WRAPPED_LARGE_TEXT_SEQUENCE.sequence, width: 260 }, fontSize: LARGE_TEXT };
/** Messages with long labels set the gaps between participants: wrapped to a slide's share, the drawing is narrower. */
const WIDE_WRAPPED_SEQUENCE = { sequence: { ...COMPACT_SEQUENCE.sequence, wrap: true, width: 260 } };

/** The line (index into `lines`) that names the diagram type: after front matter, directives and comments. */
export function headerIndex(lines: string[]): number {
  let i = 0;
  if (/^\s*---\s*$/.test(lines[0] ?? '')) {
    i = 1;
    while (i < lines.length && !/^\s*---\s*$/.test(lines[i]!)) i++;
    i++;
  }
  while (i < lines.length && (/^\s*$/.test(lines[i]!) || /^\s*%%/.test(lines[i]!))) i++;
  return i;
}


/** A decision diamond (`B{Valid token?}`), not a hexagon (`{{…}}`) nor the `@{ shape }` syntax. */
const DIAMOND = /(\b[A-Za-z0-9_-]+)\{(?!\{)([^{}]*)\}(?!\})/g;

function flowchartVariants(lines: string[], at: number): DiagramVariant[] {
  const match = /^(\s*(?:graph|flowchart)\b)\s*(TB|TD|BT|LR|RL)?(.*)$/i.exec(lines[at]!);
  if (!match) return [];
  const direction = (match[2] ?? 'TB').toUpperCase();
  const flip = (source: string[]): string => {
    const flipped = [...source];
    flipped[at] = `${match[1]} ${FLIP[direction] ?? 'LR'}${match[3] ?? ''}`;
    return flipped.join('\n');
  };
  const other = flip(lines);
  const columns = stagesAsColumns(lines, at, direction);
  const asWritten = subgraphsAsWritten(lines, at);
  // Folded in the author's direction, and in the other one: a spine of questions with an outcome beside
  // each is two nodes wide, so rows of questions often fit a slide better than columns of them.
  const folds = (source: string[], suffix: string, flowDirection = direction): DiagramVariant[] => [2, 3].flatMap((bands) => {
    const folded = foldedChain(source, at, flowDirection, bands);
    const linked = folded?.includes('foldConnector') ? '-linked' : '';
    const later = linked !== '' || flowDirection !== direction ? second : {};
    return folded ? [{ name: `folded-${bands}${linked}${suffix}`, source: folded, config: COMPACT_FLOWCHART, ...later }] : [];
  });
  // A diamond is as tall as it is wide, so a tree of questions is mostly diamonds: the same questions
  // and arrows with hexagons, as tall as their text, are tried too (compact layouts only).
  const hexagons = lines.map((line, i) => (i > at ? line.replace(DIAMOND, '$1{{$2}}') : line));
  const decisions = hexagons.some((line, i) => line !== lines[i])
    ? [
        { name: 'compact-hex-decisions', source: hexagons.join('\n'), config: COMPACT_FLOWCHART },
        { name: 'flipped-compact-hex-decisions', source: flip(hexagons), config: COMPACT_FLOWCHART },
        ...folds(hexagons, '-hex-decisions'),
        ...folds(flip(hexagons).split('\n'), '-flipped-hex-decisions', FLIP[direction]),
      ]
    : [];
  return [
    { name: 'flipped', source: other },
    { name: 'compact', source: lines.join('\n'), config: COMPACT_FLOWCHART },
    { name: 'flipped-compact', source: other, config: COMPACT_FLOWCHART },
    { name: 'compact-large-text', source: lines.join('\n'), config: LARGE_TEXT_FLOWCHART, ...second },
    { name: 'flipped-compact-large-text', source: other, config: LARGE_TEXT_FLOWCHART, ...second },
    ...(columns ? [{ name: 'stage-columns', source: columns, config: COLUMNS_FLOWCHART }] : []),
    ...folds(lines, ''),
    ...folds(other.split('\n'), '-flipped', FLIP[direction]),
    ...(asWritten ? [{ name: 'subgraphs-as-written', source: asWritten, config: COMPACT_FLOWCHART }] : []),
    ...decisions,
  ];
}

/** A state diagram's direction is a `direction XX` line of its own (TB when there is none). */
function withDirection(lines: string[], at: number, direction: string, keyword: RegExp): string {
  const out = [...lines];
  const existing = out.findIndex((line, i) => i > at && keyword.test(line));
  if (existing >= 0) out[existing] = out[existing]!.replace(/\b(TB|TD|BT|LR|RL)\b/i, direction);
  else out.splice(at + 1, 0, `    direction ${direction}`);
  return out.join('\n');
}

function directionOf(lines: string[], at: number): string {
  const line = lines.find((l, i) => i > at && /^\s*direction\s+(TB|TD|BT|LR|RL)\b/i.test(l));
  return line ? /\b(TB|TD|BT|LR|RL)\b/i.exec(line)![1]!.toUpperCase() : 'TB';
}

/** State, class and ER diagrams: a `direction` line flips them; `compact` is their own spacing settings. */
function structureVariants(lines: string[], at: number, compact: Record<string, unknown>, dense?: Record<string, unknown>, largeText: Record<string, unknown> = LARGE_TEXT_THEME): DiagramVariant[] {
  const flipped = withDirection(lines, at, FLIP[directionOf(lines, at)] ?? 'LR', /^\s*direction\s+\w+/i);
  return [
    { name: 'flipped', source: flipped },
    { name: 'compact', source: lines.join('\n'), config: compact },
    { name: 'flipped-compact', source: flipped, config: compact },
    { name: 'compact-large-text', source: lines.join('\n'), config: { ...compact, ...largeText }, ...second },
    { name: 'flipped-compact-large-text', source: flipped, config: { ...compact, ...largeText }, ...second },
    ...(dense ? [{ name: 'dense-large-text', source: lines.join('\n'), config: { ...dense, ...largeText }, ...second }, { name: 'flipped-dense-large-text', source: flipped, config: { ...dense, ...largeText }, ...second }] : []),
  ];
}

/** Every variant worth trying for `source`, the author's own drawing not included. */
export function layoutVariants(source: string): DiagramVariant[] {
  const lines = source.split(/\r?\n/);
  const at = headerIndex(lines);
  const keyword = (lines[at] ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (keyword === 'graph' || keyword === 'flowchart') return flowchartVariants(lines, at);
  if (keyword === 'statediagram' || keyword === 'statediagram-v2') return structureVariants(lines, at, COMPACT_STATE, DENSE_STATE);
  if (keyword === 'classdiagram' || keyword === 'classdiagram-v2') return structureVariants(lines, at, COMPACT_CLASS, undefined, LARGE_TEXT_CLASS);
  if (keyword === 'erdiagram') return structureVariants(lines, at, COMPACT_ER);
  if (keyword === 'timeline') {
    const columns = timelineAsColumns(lines, at);
    return columns ? [{ name: 'timeline-columns', source: columns, config: COLUMNS_FLOWCHART }] : [];
  }
  if (keyword === 'sequencediagram') return [
    { name: 'compact', source, config: COMPACT_SEQUENCE },
    { name: 'compact-wrapped', source, config: WRAPPED_SEQUENCE },
    { name: 'dense', source, config: DENSE_SEQUENCE },
    // Mermaid sizes a note's box for the note font it had before the root fontSize took over: with larger
    // text a note's words run out of their box, so conversations with notes keep 16 px.
    ...(/^\s*note\b/im.test(source) ? [] : [{ name: 'dense-large-text', source, config: LARGE_TEXT_SEQUENCE, ...second }]),
    { name: 'wrapped-large-text', source, config: WRAPPED_LARGE_TEXT_SEQUENCE, ...second },
    { name: 'wrapped-wide-large-text', source, config: WIDE_WRAPPED_LARGE_TEXT_SEQUENCE, ...second },
    { name: 'compact-wrapped-wide', source, config: WIDE_WRAPPED_SEQUENCE, ...second },
  ];
  return [];
}

/** Natural size of a rendered diagram (its viewBox) and its label font size, read from the SVG markup. */
export function svgMetrics(svg: string): { width: number; height: number; fontPx: number } | undefined {
  const viewBox = /<svg\b[^>]*\sviewBox="([^"]+)"/.exec(svg)?.[1]?.split(/[\s,]+/).map(Number);
  if (!viewBox || viewBox.length !== 4 || !(viewBox[2]! > 0 && viewBox[3]! > 0)) return undefined;
  const fontPx = Number(/font-size:\s*([\d.]+)px/.exec(svg)?.[1] ?? 16) || 16;
  return { width: viewBox[2]!, height: viewBox[3]!, fontPx };
}

/** Label size (slide px) a diagram gets in the best box a slide can give. */
export function bestCaseLabelPx(svg: string): number | undefined {
  const metrics = svgMetrics(svg);
  if (!metrics) return undefined;
  return metrics.fontPx * Math.min(BEST_BOX.width / metrics.width, BEST_BOX.height / metrics.height);
}
