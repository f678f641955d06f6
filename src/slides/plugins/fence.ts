/**
 * Fenced code: ```mermaid becomes a diagram placeholder (rendered to SVG later,
 * outside the pure core); any other language goes to the injected code renderer.
 */
import type { MarkdownIt } from 'markdown-it';
import type { SourceLocation } from '../../diagnostics.ts';
import type { RenderEnv } from '../renderEnv.ts';
import { diagramPlaceholder } from '../model.ts';
import { splitLongSequence } from '../longSequence.ts';
import { diagramInTwo } from '../../render/diagramInTwo.ts';

/**
 * Registers a diagram and returns its placeholders: a long conversation as consecutive parts (see
 * longSequence.ts), and a diagram the build found unreadable in every layout as two (diagramInTwo.ts).
 */
export function addDiagram(env: RenderEnv, source: string, line: number, sourceStart: SourceLocation): string {
  return splitLongSequence(source)
    .flatMap((part): { source: string; half?: 1 | 2 }[] => {
      const halves = env.cutInTwo?.has(part) ? diagramInTwo(part) : undefined;
      return halves ? [{ source: halves[0], half: 1 }, { source: halves[1], half: 2 }] : [{ source: part }];
    })
    .map(({ source: part, half }) => {
      const index = env.diagrams.length;
      env.diagrams.push({ index, source: part, where: { file: env.file, line }, sourceStart, ...(half ? { half } : {}) });
      return diagramPlaceholder(index);
    })
    .join('');
}

export function fencePlugin(md: MarkdownIt): void {
  md.renderer.rules.fence = (tokens, idx, _options, env) => {
    const token = tokens[idx]!;
    const renderEnv = env as RenderEnv;
    const info = token.info.trim();
    const lang = (info.split(/\s+/)[0] ?? '').toLowerCase();
    const line = (token.map?.[0] ?? 0) + renderEnv.lineOffset + 1;
    if (lang === 'mermaid') return addDiagram(renderEnv, token.content, line, { file: renderEnv.file, line: line + 1 });
    const result = renderEnv.renderCode(token.content, info, { file: renderEnv.file, line });
    renderEnv.diagnostics.push(...result.diagnostics);
    return result.html.includes('class="code-block"') ? result.html : `<div class="code-block">${result.html}</div>`;
  };
  // Indented code blocks get the same treatment as an unlabelled fence.
  md.renderer.rules.code_block = (tokens, idx, _options, env) => {
    const token = tokens[idx]!;
    const renderEnv = env as RenderEnv;
    const line = (token.map?.[0] ?? 0) + renderEnv.lineOffset + 1;
    const result = renderEnv.renderCode(token.content, 'text', { file: renderEnv.file, line });
    return `<div class="code-block">${result.html}</div>`;
  };
}
