/**
 * Per-slide timing (seconds) from front matter `timing`, for the speaker
 * view's pacing: a number gives every slide that many seconds; a map gives
 * slides by id (`timing: { introduction: 120, summary: 60 }`). Rendered as
 * reveal's `data-timing` attribute.
 */
import type { Slide } from '../slides/model.ts';

function seconds(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function slideTiming(timing: unknown, slide: Pick<Slide, 'id'>): number | undefined {
  if (typeof timing === 'object' && timing !== null && !Array.isArray(timing)) return seconds((timing as Record<string, unknown>)[slide.id]);
  return seconds(timing);
}

export function timingAttribute(timing: unknown, slide: Pick<Slide, 'id'>): string {
  const value = slideTiming(timing, slide);
  return value === undefined ? '' : ` data-timing="${value}"`;
}
