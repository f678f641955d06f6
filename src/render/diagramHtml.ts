/** Swaps the slicer's diagram placeholders for inline SVG or a located error box. */
import { DIAGRAM_PLACEHOLDER_PATTERN } from '../slides/model.ts';
import type { DiagramSource } from '../slides/model.ts';
import { escapeHtml } from '../slides/renderEnv.ts';
import type { DiagramResult } from './mermaid.ts';
import { uniquifySvgIds } from './mermaid.ts';

export function diagramFigure(result: DiagramResult, diagram: DiagramSource, pageIndex: number): string {
  if (result.ok) return `<figure class="diagram" data-ld-line="${diagram.where.line}">${uniquifySvgIds(result.svg, result.id, String(pageIndex))}</figure>`;
  return diagramErrorBox(result.error, diagram);
}

export function diagramErrorBox(message: string, diagram: DiagramSource): string {
  const where = `${diagram.where.file}:${diagram.where.line}`;
  return (
    `<div class="diagram-error" role="alert" data-ld-line="${diagram.where.line}">` +
    `<p class="diagram-error-title">Diagram failed to render</p>` +
    `<pre class="diagram-error-message">${escapeHtml(message)}</pre>` +
    `<p class="diagram-error-where">${escapeHtml(where)}</p>` +
    `<details><summary>Source</summary><pre>${escapeHtml(diagram.source)}</pre></details></div>`
  );
}

/** Replaces every placeholder in `html`; `figures[i]` is the markup for diagram i. */
export function insertDiagrams(html: string, figures: readonly string[]): string {
  // A function replacement, so `$&` and friends inside SVG text stay literal.
  return html.replace(DIAGRAM_PLACEHOLDER_PATTERN, (_match, index: string) => figures[Number(index)] ?? '');
}
