/**
 * How a lesson wants its slides fitted: front matter `fit` (`auto` — the
 * default: split, then scale —, `split`, `scale`, or `false`/`none`) and
 * `minCodeSize` (smallest code font in slide pixels, default 16 at 1280×720),
 * `minDiagramLabel` (diagram labels under this many slide pixels are reported,
 * default 14) and `longCode` (`walkthrough`, the default, or `split`); a slide's own `<!-- fit: … -->` comment wins over the lesson's setting,
 * and the lesson's over the config file's `fit` block.
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { Deck, FitMode, Slide } from '../slides/model.ts';

export const DEFAULT_MIN_CODE_PX = 16;
/** Diagram labels smaller than this at 1280×720 are reported: readable from the back of a room. */
export const DEFAULT_MIN_LABEL_PX = 14;
/** Below this, code is not readable from the back of a room: minCodeSize is clamped to it. */
export const SMALLEST_MIN_CODE_PX = 12;

export interface LessonFitSettings {
  mode: FitMode;
  minCodePx: number;
  minLabelPx: number;
  /** Code taller than its slide: one walkthrough window (default) or continuation parts. */
  longCode: 'walkthrough' | 'split';
}

/** The config file's `fit` block, in front matter's key names: front matter wins key by key. */
export interface FitDefaults {
  mode?: FitMode;
  minCodeSize?: number;
  minDiagramLabel?: number;
  longCode?: 'walkthrough' | 'split';
}

export function lessonFitSettings(deck: Deck, diagnostics: Diagnostic[], defaults: FitDefaults = {}): LessonFitSettings {
  const { mode: defaultMode, ...defaultKeys } = defaults;
  const data: Record<string, unknown> = { ...(defaultMode ? { fit: defaultMode } : {}), ...defaultKeys, ...deck.frontMatter };
  const mode = fitModeOf(data.fit);
  if (mode === undefined) diagnostics.push(frontMatterWarning(deck, `Unknown "fit: ${String(data.fit)}" in front matter; use auto, split, scale or false. Using auto.`));
  let minCodePx = DEFAULT_MIN_CODE_PX;
  if (data.minCodeSize !== undefined) {
    const value = typeof data.minCodeSize === 'number' ? data.minCodeSize : Number.parseFloat(String(data.minCodeSize));
    if (Number.isFinite(value) && value > 0) minCodePx = Math.max(SMALLEST_MIN_CODE_PX, value);
    else diagnostics.push(frontMatterWarning(deck, `"minCodeSize: ${String(data.minCodeSize)}" is not a size in pixels; using ${DEFAULT_MIN_CODE_PX}.`));
  }
  const minLabelPx = positiveNumber(deck, data.minDiagramLabel, 'minDiagramLabel', DEFAULT_MIN_LABEL_PX, diagnostics);
  const longCode = data.longCode === undefined ? 'walkthrough' : data.longCode === 'split' || data.longCode === 'walkthrough' ? data.longCode : undefined;
  if (longCode === undefined) diagnostics.push(frontMatterWarning(deck, `Unknown "longCode: ${String(data.longCode)}" in front matter; use walkthrough or split. Using walkthrough.`));
  return { mode: mode ?? 'auto', minCodePx, minLabelPx, longCode: longCode ?? 'walkthrough' };
}

function positiveNumber(deck: Deck, raw: unknown, key: string, fallback: number, diagnostics: Diagnostic[]): number {
  if (raw === undefined) return fallback;
  const value = typeof raw === 'number' ? raw : Number.parseFloat(String(raw));
  if (Number.isFinite(value) && value > 0) return value;
  diagnostics.push(frontMatterWarning(deck, `"${key}: ${String(raw)}" is not a size in pixels; using ${fallback}.`));
  return fallback;
}

export function slideFitMode(slide: Slide, lesson: LessonFitSettings): FitMode {
  return slide.fit ?? lesson.mode;
}

function fitModeOf(value: unknown): FitMode | undefined {
  if (value === undefined || value === null || value === true) return 'auto';
  if (value === false) return 'none';
  const text = String(value).trim().toLowerCase();
  if (text === 'auto' || text === 'split' || text === 'scale' || text === 'none') return text;
  if (text === 'false' || text === 'off' || text === 'no') return 'none';
  return undefined;
}

function frontMatterWarning(deck: Deck, message: string): Diagnostic {
  return { file: deck.file, line: 1, column: 1, severity: 'warning', rule: 'front-matter', message };
}
