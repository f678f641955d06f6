/**
 * CLI flags over the effective settings: only flags the user typed count
 * (commander tells them from defaults), so a config file's value is never
 * replaced by a flag's default.
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { LessondeckSettings, PaperSetting, PdfFormatSetting, PerPageSetting } from '../config/types.ts';

/** The flags a command was given on the command line, by commander's option names. */
export function typedFlags(command: Command): Record<string, unknown> {
  const values = command.opts();
  return Object.fromEntries(Object.entries(values).filter(([name]) => ['cli', 'env'].includes(command.getOptionValueSource(name) ?? '')));
}

/** Where `--out` goes: the site folder, or the PDF folder for `export`. */
export type OutMeaning = 'site' | 'pdf';

export function withFlags(settings: LessondeckSettings, flags: Record<string, unknown>, out: OutMeaning = 'site', server?: 'dev' | 'present'): LessondeckSettings {
  const next: LessondeckSettings = structuredClone(settings);
  const text = (name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
  if (text('root')) next.root = path.resolve(text('root')!);
  if (text('out')) {
    if (out === 'pdf') next.pdf.outDir = path.resolve(text('out')!);
    else next.outDir = path.resolve(text('out')!);
  }
  if (text('theme')) next.theme = text('theme');
  if (text('base')) next.base = text('base')!;
  if (text('browser')) next.browser = text('browser');
  if (flags.strict === true) next.strict = true;
  if (flags.safe === true) next.safe = true;
  if (text('format') && out === 'pdf') next.pdf.formats = text('format')!.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean) as PdfFormatSetting[];
  if (text('paper')) next.pdf.paper = text('paper') as PaperSetting;
  if (text('perPage')) next.pdf.perPage = Number(text('perPage')) as PerPageSetting;
  if (flags.withSteps === true) next.pdf.withSteps = true;
  if (text('scale')) next.pdf.scale = Number(text('scale'));
  if (flags.tagged === false) next.pdf.tagged = false;
  if (server) {
    if (text('port')) next[server].port = Number(text('port'));
    // `--host` alone (dev, preview) means every address, as Vite takes it.
    if (flags.host === true) next[server].host = '0.0.0.0';
    else if (text('host')) next[server].host = text('host')!;
  }
  return next;
}
