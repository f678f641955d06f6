import { formatDiagnostic, type Diagnostic } from '../diagnostics.ts';

/** Errors and warnings on stderr, then a count; `info` lines (how a file was read) are for `check`. */
export function reportDiagnostics(all: Diagnostic[]): void {
  const diagnostics = all.filter((d) => d.severity !== 'info');
  for (const d of diagnostics) console.error(formatDiagnostic(d));
  if (diagnostics.length) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    console.error(`${errors} error(s), ${diagnostics.length - errors} warning(s)`);
  }
}
