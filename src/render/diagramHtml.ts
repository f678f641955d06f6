/** Swaps the slicer's diagram placeholders for inline SVG or a located error box. */
import { DIAGRAM_PLACEHOLDER_PATTERN } from '../slides/model.ts';
import type { DiagramSource, FigureVariants } from '../slides/model.ts';
import { escapeHtml } from '../slides/renderEnv.ts';
import type { DiagramResult } from './mermaid.ts';
import { diagramErrorLocation, uniquifySvgIds } from './mermaid.ts';
import { describeDiagramEdges } from './diagramDescription.ts';

export function diagramFigure(result: DiagramResult, diagram: DiagramSource, pageIndex: number | string): string {
  if (result.ok) {
    const svg = withDescription(uniquifySvgIds(result.svg, result.id, String(pageIndex)), describeDiagramEdges(diagram.source));
    return `<figure class="diagram" data-ld-line="${diagram.where.line}">${svg}</figure>`;
  }
  return diagramErrorBox(result.error, diagram);
}

export function diagramErrorBox(message: string, diagram: DiagramSource): string {
  const location = diagramErrorLocation(message, diagram.where, diagram.sourceStart, diagram.source);
  const where = `${location.file}:${location.line}`;
  return (
    `<div class="diagram-error" role="alert" data-ld-line="${diagram.where.line}">` +
    `<p class="diagram-error-title">Diagram failed to render</p>` +
    `<pre class="diagram-error-message">${escapeHtml(message)}</pre>` +
    `<p class="diagram-error-where">${escapeHtml(where)}</p>` +
    `<details><summary>Source</summary><pre>${escapeHtml(diagram.source)}</pre></details></div>`
  );
}

/**
 * Adds the diagram's long text alternative (its connections) as an SVG
 * `<desc>` right after the `<title>`, referenced by `aria-describedby`.
 */
export function withDescription(svg: string, description: string): string {
  const title = /<title id="([^"]+)-title">[\s\S]*?<\/title>/.exec(svg);
  if (!description || !title || svg.includes('<desc')) return svg;
  const id = `${title[1]}-desc`;
  const end = title.index + title[0].length;
  const withDesc = `${svg.slice(0, end)}<desc id="${id}">${escapeHtml(description)}</desc>${svg.slice(end)}`;
  return withDesc.replace(/<svg\b/, `<svg aria-describedby="${id}"`);
}

/** Replaces every placeholder in `html`; `figures[i][v]` is the markup for variant v of diagram i. */
export function insertDiagrams(html: string, figures: readonly FigureVariants[]): string {
  // A function replacement, so `$&` and friends inside SVG text stay literal.
  return html.replace(DIAGRAM_PLACEHOLDER_PATTERN, (_match, index: string, variant?: string) => {
    const variants = figures[Number(index)] ?? [];
    return variants[Number(variant ?? 0)] ?? variants[0] ?? '';
  });
}
