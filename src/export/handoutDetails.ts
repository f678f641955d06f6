/**
 * What a handout shows of a slide besides its picture: the slide's code as
 * real text (in the theme's code font and colours, at a size read on paper)
 * and its diagrams drawn as large as their labels need. A slide picture on
 * paper is a third of the page wide, where code and labels would be 2–3 pt.
 *
 * A diagram gets one row of the page when its smallest label is readable
 * there, else a page of its own (a landscape page when it is wide, as a
 * pipeline usually is), whichever draws it larger.
 */
import { escapeHtml } from '../slides/renderEnv.ts';
import type { SlideContent, TextRun } from './slideContent.ts';

export interface CodeDetail {
  kind: 'code';
  html: string;
}

export interface DiagramDetail {
  kind: 'diagram';
  svg: string;
  alt: string;
  /** The SVG's user-space size and its smallest font size (same units). */
  width: number;
  height: number;
  minFont: number;
}

export type SlideDetail = CodeDetail | DiagramDetail;

function codeHtml(lines: TextRun[][], background: string): string {
  const body = lines.map((line) => line.map((run) => `<span style="color:#${run.color}${run.bold ? ';font-weight:700' : ''}${run.italic ? ';font-style:italic' : ''}">${escapeHtml(run.text)}</span>`).join('')).join('\n');
  return `<pre class="ld-detail-code" style="background:#${background}"><code>${body}</code></pre>`;
}

/** Size and smallest label of an SVG (mermaid writes both into its source). */
export function svgMetrics(svg: string): { width: number; height: number; minFont: number } {
  const viewBox = /viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(svg);
  const width = Number(viewBox?.[1] ?? /\bwidth="([\d.]+)"/.exec(svg)?.[1] ?? 800);
  const height = Number(viewBox?.[2] ?? /\bheight="([\d.]+)"/.exec(svg)?.[1] ?? 450);
  const sizes = [...svg.matchAll(/font-size(?:="|:\s*)([\d.]+)(?:px)?/g)].map((m) => Number(m[1])).filter((n) => n > 0);
  return { width, height, minFont: sizes.length ? Math.min(...sizes) : 16 };
}

/** A printed slide page's code blocks (one detail) and diagrams (one each), in slide order. */
export function slideDetails(content: SlideContent | undefined): SlideDetail[] {
  if (!content) return [];
  const code: string[] = [];
  const diagrams: DiagramDetail[] = [];
  for (const shape of content.shapes) {
    if (shape.kind === 'code' && shape.lines.some((l) => l.some((r) => r.text.trim()))) code.push(codeHtml(shape.lines, shape.background));
    else if (shape.kind === 'picture' && shape.svg) diagrams.push({ kind: 'diagram', svg: shape.svg, alt: shape.alt, ...svgMetrics(shape.svg) });
  }
  return [...(code.length ? [{ kind: 'code' as const, html: code.join('') }] : []), ...diagrams];
}

export interface DiagramPlacement {
  /** On a page of its own… */
  fullPage: boolean;
  /** …in landscape. */
  landscape: boolean;
  /** Points per SVG unit. */
  scale: number;
  /** The smallest label on paper, pt. */
  labelPt: number;
}

type Area = { width: number; height: number };

/** Where a diagram reads best: in a row when its labels reach `minPt` there, else on a portrait or landscape page of its own (areas in pt). */
export function placeDiagram(d: Pick<DiagramDetail, 'width' | 'height' | 'minFont'>, row: Area, portrait: Area, landscape: Area, minPt: number): DiagramPlacement {
  const fit = (area: Area) => Math.min(area.width / d.width, area.height / d.height);
  const inRow = fit(row);
  if (d.minFont * inRow >= minPt) return { fullPage: false, landscape: false, scale: inRow, labelPt: d.minFont * inRow };
  const upright = fit(portrait);
  const wide = fit(landscape);
  const useLandscape = wide > upright * 1.1;
  const scale = Math.max(inRow, useLandscape ? wide : upright);
  return { fullPage: true, landscape: useLandscape, scale, labelPt: d.minFont * scale };
}

export const DETAIL_CSS = `
.ld-detail{overflow:hidden;border-left:1.5pt solid #c5cad3;padding-left:8pt}
.ld-detail .ld-fit-text{display:flex;flex-direction:column;gap:5pt}
.ld-detail-code{margin:0;padding:4pt 6pt;border-radius:2pt;font-family:"JetBrains Mono",ui-monospace,monospace;font-size:1em;line-height:1.3;white-space:pre-wrap;overflow-wrap:anywhere}
.ld-detail-code code{font:inherit}
.ld-detail-diagram{position:absolute;display:flex;align-items:center;justify-content:center}
.ld-detail-diagram svg{display:block}
`;
