/**
 * A located problem in the course: what `check`, `build --strict` and the dev
 * overlay report. Lines and columns are 1-based, like a compiler's.
 */
/** `info` tells what was decided where it was not obvious (e.g. how a file was read); it never fails a command. */
export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  /** Short rule id, e.g. `mermaid-syntax`, `unknown-language`, `broken-link`. */
  rule: string;
  message: string;
}

export interface SourceLocation {
  /** Path of the markdown file, relative to the course root (posix separators). */
  file: string;
  /** 1-based line in that file. */
  line: number;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} (${d.rule})`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
