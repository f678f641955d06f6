/**
 * Links and images: `.md` links are rewritten to deck pages; an image that
 * points at a `.mmd` file is read and rendered as a diagram. An image or
 * diagram file the course may not use (outside it, or a symlink under
 * --safe) is never referenced: its alt text stands in, with a located error.
 */
import path from 'node:path';
import type { MarkdownIt } from 'markdown-it';
import { escapeHtml, type RenderEnv } from '../renderEnv.ts';
import { addDiagram } from './fence.ts';
import { isDiagramFile, localImagePath } from '../imagePaths.ts';


export function linksPlugin(md: MarkdownIt): void {
  const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const href = token.attrGet('href');
    if (href !== null) token.attrSet('href', (env as RenderEnv).resolveLink(String(href), (env as RenderEnv).currentLine));
    return defaultLinkOpen(tokens, idx, options, env, self);
  };

  const defaultImage = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const renderEnv = env as RenderEnv;
    const src = String(token.attrGet('src') ?? '');
    const relative = localImagePath(src);
    const refused = relative === undefined ? undefined : renderEnv.refusePath(relative);
    if (refused) {
      renderEnv.diagnostics.push({ file: renderEnv.file, line: renderEnv.currentLine, column: 1, severity: 'error', rule: 'unsafe-path', message: `Image "${src}" not used: ${refused}` });
      return `<span class="ld-refused-image" role="img" aria-label="${escapeHtml(token.content)}">${escapeHtml(token.content || 'image')}</span>`;
    }
    if (relative !== undefined && isDiagramFile(src)) {
      const text = renderEnv.readRelative(relative);
      if (text !== undefined) return addDiagram(renderEnv, text, renderEnv.currentLine, { file: path.posix.join(path.posix.dirname(renderEnv.file), relative), line: 1 });
      renderEnv.diagnostics.push({
        file: renderEnv.file, line: renderEnv.currentLine, column: 1, severity: 'error', rule: 'missing-file',
        message: `Diagram file "${src}" was not found. Check the path; it is relative to this lesson.`,
      });
    }
    token.attrSet('loading', 'lazy');
    return defaultImage(tokens, idx, options, env, self);
  };
}
