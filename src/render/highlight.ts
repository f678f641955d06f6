/**
 * Build-time code highlighting with shiki.
 *
 * Every block is rendered once with three themes baked in as CSS variables
 * (shiki multi-theme output with `defaultColor: false`): no colour is chosen
 * here, the deck theme's CSS picks one. Token spans look like
 *   <span style="--shiki-light:#D73A49;--shiki-dark:#F97583;--shiki-hc:#A0111F">
 * and the <pre> additionally carries `--shiki-<name>-bg`. Italic/bold tokens
 * also get `--shiki-<name>-font-style` / `-font-weight` / `-text-decoration`.
 *
 * CSS a deck theme needs (`CODE_THEME_CSS` below is a ready-made copy):
 *
 *   .shiki { color: var(--shiki-light); background-color: var(--shiki-light-bg); }
 *   .shiki span { color: var(--shiki-light); font-style: var(--shiki-light-font-style);
 *                 font-weight: var(--shiki-light-font-weight);
 *                 text-decoration: var(--shiki-light-text-decoration); }
 *   html[data-code-theme=dark] .shiki { color: var(--shiki-dark); background-color: var(--shiki-dark-bg); }
 *   html[data-code-theme=dark] .shiki span { color: var(--shiki-dark); ...same for -font-style etc. }
 *   (and the same with `high-contrast` / `--shiki-hc`)
 *
 * Don't put `background-color: var(...-bg)` on the spans: custom properties
 * inherit, so every token would repaint the <pre> background over the
 * `.line.highlighted` background. No `!important` is needed since shiki writes
 * no plain `color:` inline.
 *
 * Structure CSS (line highlight, numbers) is up to the theme, e.g.:
 *   .shiki .line { display: inline-block; width: 100%; }   (lines are joined by "\n")
 *   .shiki.has-steps .line:not(.highlighted), .shiki:has(.highlighted) .line:not(.highlighted) { opacity: .45 }
 *   .shiki.line-numbers code { counter-reset: line calc(var(--start, 1) - 1); }
 *   .shiki.line-numbers .line { counter-increment: line; }
 *   .shiki.line-numbers .line::before { content: counter(line); user-select: none; ... }
 */
import { bundledLanguages, bundledLanguagesInfo, createHighlighter, type Highlighter, type ShikiTransformer } from 'shiki';
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import { parseCodeMeta, type CodeMeta } from './codeSteps.ts';
import type { FenceInfo } from './fenceInfo.ts';

// Kept here too for callers that highlight (the parser has no shiki dependency).
export { parseFenceInfo, type FenceInfo } from './fenceInfo.ts';

export interface HighlightResult {
  html: string;
  diagnostics: Diagnostic[];
}

export interface CodeHighlighter {
  /** Load the grammars for these fence languages (aliases ok). Unknown names are ignored here. */
  loadLanguages(langs: Iterable<string>): Promise<void>;
  /** Synchronous; after loadLanguages() for that lang. Never throws. */
  highlight(code: string, fence: FenceInfo, where: SourceLocation): HighlightResult;
  dispose(): void;
}

/** Shiki themes baked into every block, keyed by the name used in the CSS variable. */
export const CODE_THEMES = {
  light: 'github-light',
  dark: 'github-dark',
  hc: 'github-dark-high-contrast',
} as const;

/** Deck code theme -> CSS variable holding the token colour (`<var>-bg` holds the block background). */
export const CODE_THEME_VARIABLES = {
  light: '--shiki-light',
  dark: '--shiki-dark',
  'high-contrast': '--shiki-hc',
} as const;

export type CodeThemeName = keyof typeof CODE_THEME_VARIABLES;

/** Colour rules for one code theme, scoped under `scope` ('' for the default). */
function themeCssRules(scope: string, variable: string): string {
  const prefix = scope ? `${scope} ` : '';
  return (
    `${prefix}.shiki { color: var(${variable}); background-color: var(${variable}-bg); }\n` +
    `${prefix}.shiki span { color: var(${variable}); font-style: var(${variable}-font-style); ` +
    `font-weight: var(${variable}-font-weight); text-decoration: var(${variable}-text-decoration); }\n`
  );
}

/** Ready-to-include colour CSS: light by default, `html[data-code-theme=dark|high-contrast]` switches. */
export const CODE_THEME_CSS: string =
  themeCssRules('', CODE_THEME_VARIABLES.light) +
  themeCssRules('html[data-code-theme=dark]', CODE_THEME_VARIABLES.dark) +
  themeCssRules('html[data-code-theme=high-contrast]', CODE_THEME_VARIABLES['high-contrast']);

/** Fence languages that mean "no highlighting" and deserve no warning. */
const PLAIN_LANGS = new Set(['', 'text', 'txt', 'plain', 'plaintext', 'output', 'mermaid']);

/** Common fence names shiki doesn't know as aliases. */
const EXTRA_ALIASES: Record<string, string> = { golang: 'go' };

/** alias (lower-case) -> shiki language id, built once from shiki's own metadata. */
const LANGUAGE_IDS: ReadonlyMap<string, string> = buildLanguageIndex();

function buildLanguageIndex(): Map<string, string> {
  const index = new Map<string, string>();
  for (const info of bundledLanguagesInfo) {
    index.set(info.id.toLowerCase(), info.id);
    for (const alias of info.aliases ?? []) index.set(alias.toLowerCase(), info.id);
  }
  for (const [alias, id] of Object.entries(EXTRA_ALIASES)) index.set(alias, id);
  return index;
}

export type ResolvedLanguage =
  | { kind: 'plain' }
  | { kind: 'special'; id: 'ansi' }
  | { kind: 'grammar'; id: string }
  | { kind: 'unknown' };

/** Map a fence language (any case, any alias) to what shiki should use. */
export function resolveLanguage(lang: string): ResolvedLanguage {
  const key = lang.trim().toLowerCase();
  if (PLAIN_LANGS.has(key)) return { kind: 'plain' };
  if (key === 'ansi') return { kind: 'special', id: 'ansi' };
  const id = LANGUAGE_IDS.get(key);
  return id !== undefined && id in bundledLanguages ? { kind: 'grammar', id } : { kind: 'unknown' };
}

/** markdown-it fences end with "\n"; drop exactly one so there's no empty last line. */
function stripTrailingNewline(code: string): string {
  return code.replace(/\r?\n$/, '');
}

function countLines(code: string): number {
  return code.split(/\r\n|\r|\n/).length;
}

function warning(where: SourceLocation, rule: string, message: string): Diagnostic {
  return { file: where.file, line: where.line, column: 1, severity: 'warning', rule, message };
}

function unknownLanguageWarning(where: SourceLocation, lang: string): Diagnostic {
  return warning(
    where,
    'unknown-language',
    `Unknown code language "${lang}"; shown as plain text. Use one of shiki's languages (e.g. bash, yaml, go) or "text".`,
  );
}

/** Adds our data/classes to shiki's <pre> and line spans; one instance per block. */
function blockTransformer(canonicalLang: string, meta: CodeMeta): ShikiTransformer {
  return {
    name: 'lessondeck:code-block',
    pre(node) {
      node.properties['data-lang'] = canonicalLang;
      if (meta.steps !== null) {
        this.addClassToHast(node, 'has-steps');
        node.properties['data-steps'] = meta.steps.join('|');
      }
      if (meta.lineNumbers) this.addClassToHast(node, 'line-numbers');
      if (meta.start !== null) {
        node.properties['data-start'] = String(meta.start);
        // Appended to shiki's own CSS-variable style so CSS counters can use it.
        const style = typeof node.properties.style === 'string' ? node.properties.style : '';
        node.properties.style = `${style}${style && !style.endsWith(';') ? ';' : ''}--start:${meta.start}`;
      }
    },
    line(node, line) {
      node.properties['data-line'] = String(line);
      if (meta.highlighted.has(line)) this.addClassToHast(node, 'highlighted');
    },
  };
}

/** Steps after the first become empty reveal fragments the client script listens to. */
function wrapWithStepFragments(preHtml: string, steps: string[] | null): string {
  if (steps === null || steps.length < 2) return preHtml;
  const fragments = steps
    .slice(1)
    .map((lines) => `<span class="fragment ld-code-step" data-lines="${lines}"></span>`)
    .join('');
  return `<div class="code-block">${preHtml}${fragments}</div>`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Last-resort output if shiki itself fails: same shape, no colours. */
function fallbackHtml(code: string, lang: string): string {
  const lines = code
    .split(/\r\n|\r|\n/)
    .map((text, i) => `<span class="line" data-line="${i + 1}">${escapeHtml(text)}</span>`)
    .join('\n');
  return `<pre class="shiki" data-lang="${escapeHtml(lang)}" tabindex="0"><code>${lines}</code></pre>`;
}

export async function createCodeHighlighter(): Promise<CodeHighlighter> {
  // One instance for the whole build; grammars are added on demand.
  const shiki: Highlighter = await createHighlighter({ themes: Object.values(CODE_THEMES), langs: [] });

  async function loadLanguages(langs: Iterable<string>): Promise<void> {
    const loaded = new Set(shiki.getLoadedLanguages());
    const missing = new Set<string>();
    for (const lang of langs) {
      const resolved = resolveLanguage(lang);
      if (resolved.kind === 'grammar' && !loaded.has(resolved.id)) missing.add(resolved.id);
    }
    if (missing.size > 0) await shiki.loadLanguage(...([...missing] as (keyof typeof bundledLanguages)[]));
  }

  /** Which shiki language to render with, plus any warning about the choice. */
  function chooseLanguage(fence: FenceInfo, where: SourceLocation): { lang: string; diagnostics: Diagnostic[] } {
    const resolved = resolveLanguage(fence.lang);
    switch (resolved.kind) {
      case 'plain':
        return { lang: 'text', diagnostics: [] };
      case 'special':
        return { lang: resolved.id, diagnostics: [] };
      case 'unknown':
        return { lang: 'text', diagnostics: [unknownLanguageWarning(where, fence.lang)] };
      case 'grammar':
        if (shiki.getLoadedLanguages().includes(resolved.id)) return { lang: resolved.id, diagnostics: [] };
        // A caller bug (loadLanguages() not awaited for this lang), not an author error; still don't throw.
        return {
          lang: 'text',
          diagnostics: [
            warning(where, 'code-highlight', `Code language "${fence.lang}" was not loaded before highlighting; shown as plain text.`),
          ],
        };
    }
  }

  function highlight(rawCode: string, fence: FenceInfo, where: SourceLocation): HighlightResult {
    const code = stripTrailingNewline(rawCode);
    const meta = parseCodeMeta(fence.meta, countLines(code));
    const { lang, diagnostics } = chooseLanguage(fence, where);
    diagnostics.push(...meta.problems.map((message) => warning(where, 'code-lines', message)));

    let preHtml: string;
    try {
      preHtml = shiki.codeToHtml(code, {
        lang,
        themes: CODE_THEMES,
        defaultColor: false,
        transformers: [blockTransformer(lang, meta)],
      });
    } catch (error) {
      preHtml = fallbackHtml(code, lang);
      const reason = error instanceof Error ? error.message : String(error);
      diagnostics.push(warning(where, 'code-highlight', `Highlighting failed (${reason}); shown as plain text.`));
    }
    return { html: wrapWithStepFragments(preHtml, meta.steps), diagnostics };
  }

  return { loadLanguages, highlight, dispose: () => shiki.dispose() };
}
