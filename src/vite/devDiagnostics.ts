/**
 * Dev server only: a deck whose lesson has errors (invalid front matter, a
 * broken diagram, a dead link…) still renders, with a banner at the top that
 * names each error's file:line, so the author sees it without reading the
 * terminal. Saving the fixed file reloads the page without the banner.
 */
import { formatDiagnostic, type Diagnostic } from '../diagnostics.ts';
import { escapeHtml } from '../slides/renderEnv.ts';

export function withDiagnosticsBanner(html: string, diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return html;
  const items = errors.map((d) => `<li>${escapeHtml(formatDiagnostic(d))}</li>`).join('');
  const banner =
    `<div class="ld-dev-diagnostics" role="alert" style="position:fixed;top:0;left:0;right:0;z-index:1000;max-height:40vh;overflow:auto;` +
    `margin:0;padding:8px 16px;background:#fef2f2;color:#7f1d1d;border-bottom:3px solid #b91c1c;font:14px/1.4 ui-monospace,monospace;white-space:pre-wrap">` +
    `<strong>lessondeck: ${errors.length} error(s) in this lesson</strong><ul style="margin:4px 0 0;padding-left:1.2em">${items}</ul></div>`;
  return html.replace(/<body([^>]*)>/i, (body) => `${body}${banner}`);
}
