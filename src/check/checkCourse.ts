/**
 * `lessondeck check`: lints a course without writing a site. It runs the same
 * pipeline as a build up to the pages (slicing, highlighting, mermaid in the
 * browser, the fit pass, the course-wide lint), so `check` and
 * `build --strict` always agree on what is an error.
 */
import path from 'node:path';
import { closeSharedBrowser } from '../browser/browserService.ts';
import { formatDiagnostic, type Diagnostic } from '../diagnostics.ts';
import { buildSite, type SiteOptions } from '../site/buildSite.ts';

export type CheckFormat = 'text' | 'json';

export async function checkCourse(root: string, options: SiteOptions = {}): Promise<Diagnostic[]> {
  try {
    const site = await buildSite(path.resolve(root), options);
    return sortDiagnostics(site.diagnostics);
  } finally {
    await closeSharedBrowser();
  }
}

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics
    .filter((d) => !seen.has(formatDiagnostic(d)) && seen.add(formatDiagnostic(d)))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}

/** Compiler-style lines plus a summary, or a JSON array of `{file, line, column, severity, rule, message}`. */
export function formatReport(diagnostics: readonly Diagnostic[], format: CheckFormat): string {
  if (format === 'json') {
    return `${JSON.stringify(diagnostics.map(({ file, line, column, severity, rule, message }) => ({ file, line, column, severity, rule, message })), null, 2)}\n`;
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const infos = diagnostics.filter((d) => d.severity === 'info').length;
  const warnings = diagnostics.length - errors - infos;
  const summary = errors + warnings === 0 ? 'No problems found.' : `${errors} error(s), ${warnings} warning(s)`;
  return `${[...diagnostics.map(formatDiagnostic), summary].join('\n')}\n`;
}
