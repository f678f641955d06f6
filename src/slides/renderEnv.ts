/**
 * What the markdown-it plugins need to know while rendering one lesson.
 * Callbacks keep the core pure: the caller decides how code is highlighted,
 * how links resolve and how included `.mmd` files are read.
 */
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import type { DiagramSource } from './model.ts';
import type { Env } from 'markdown-it';
import type { DialectContext } from '../dialects/context.ts';

export interface CodeRenderResult {
  html: string;
  diagnostics: Diagnostic[];
}

/** Turns a fenced code block into HTML (shiki in the real build). */
export type CodeRenderer = (code: string, info: string, where: SourceLocation) => CodeRenderResult;

export interface RenderEnv extends Env {
  file: string;
  /** File line of the markdown body's first line, minus one (front matter size). */
  lineOffset: number;
  renderCode: CodeRenderer;
  /** Rewrites a link href; returns the href unchanged when it is not a course link. */
  resolveLink: (href: string, line: number) => string;
  /** Reads a file next to the lesson (relative to it), e.g. a referenced `.mmd`; undefined when missing. */
  readRelative: (relativePath: string) => string | undefined;
  /**
   * Why a file next to the lesson (an image, a `.mmd`) may not be used: outside the course
   * after symlinks, or a symlink under --safe (see course/courseJail.ts); undefined when it may.
   */
  refusePath: (relativePath: string) => string | undefined;
  diagrams: DiagramSource[];
  diagnostics: Diagnostic[];
  /** 1-based file line of the block being rendered (inline tokens carry no line). */
  currentLine: number;
  /** Which other tools' markdown this file is written for (src/dialects); absent in bare parses. */
  dialect?: DialectContext;
  /** Diagram sources the build found unreadable in every layout: each is drawn as two diagrams. */
  cutInTwo?: ReadonlySet<string>;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Used when no highlighter is given (tests, `--no-highlight`): plain, escaped code. */
export const plainCodeRenderer: CodeRenderer = (code, info) => {
  const lang = info.trim().split(/\s+/)[0] ?? '';
  const lines = code.replace(/\n$/, '').split('\n');
  const body = lines.map((line, i) => `<span class="line" data-line="${i + 1}">${escapeHtml(line)}</span>`).join('\n');
  return { html: `<pre class="code-plain" data-lang="${escapeHtml(lang)}"><code>${body}</code></pre>`, diagnostics: [] };
};
