/**
 * How a lesson wants its slides fitted: front matter `fit` (`auto` — the
 * default: split, then scale —, `split`, `scale`, or `false`/`none`) and
 * `minCodeSize` (smallest code font in slide pixels, default 16 at 1280×720);
 * a slide's own `<!-- fit: … -->` comment wins over the lesson's setting.
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { Deck, FitMode, Slide } from '../slides/model.ts';

export const DEFAULT_MIN_CODE_PX = 16;
/** Below this, code is not readable from the back of a room: minCodeSize is clamped to it. */
export const SMALLEST_MIN_CODE_PX = 12;

export interface LessonFitSettings {
  mode: FitMode;
  minCodePx: number;
}

export function lessonFitSettings(deck: Deck, diagnostics: Diagnostic[]): LessonFitSettings {
  const data = deck.frontMatter;
  const mode = fitModeOf(data.fit);
  if (mode === undefined) diagnostics.push(frontMatterWarning(deck, `Unknown "fit: ${String(data.fit)}" in front matter; use auto, split, scale or false. Using auto.`));
  let minCodePx = DEFAULT_MIN_CODE_PX;
  if (data.minCodeSize !== undefined) {
    const value = typeof data.minCodeSize === 'number' ? data.minCodeSize : Number.parseFloat(String(data.minCodeSize));
    if (Number.isFinite(value) && value > 0) minCodePx = Math.max(SMALLEST_MIN_CODE_PX, value);
    else diagnostics.push(frontMatterWarning(deck, `"minCodeSize: ${String(data.minCodeSize)}" is not a size in pixels; using ${DEFAULT_MIN_CODE_PX}.`));
  }
  return { mode: mode ?? 'auto', minCodePx };
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
