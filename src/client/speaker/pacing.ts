/**
 * Pacing math for the speaker view (pure: no DOM, no clock).
 *
 * A lesson's planned duration is spread over its slides in proportion to how
 * much there is to say on each (slide text + notes + code lines + diagrams);
 * slides with an explicit timing (`data-timing`, seconds) keep it and the rest
 * of the time is shared by the others. Without a planned duration the plan is
 * estimated from the content at a speaking pace, and marked as an estimate.
 */

export interface SlideContent {
  /** Words visible on the slide (headings, lists, tables, captions). */
  slideWords: number;
  /** Words of the speaker notes: what the instructor says. */
  notesWords: number;
  codeLines: number;
  diagrams: number;
  /** Explicit seconds for this slide, when the author set one. */
  timingSeconds?: number | undefined;
}

/** Weights in "spoken words": every slide costs a little, code and diagrams need explaining. */
export const WEIGHTS = { base: 25, slideWord: 1, notesWord: 1, codeLine: 4, diagram: 60 } as const;
/** Speaking pace used when no duration is planned (words per minute). */
export const WORDS_PER_MINUTE = 130;

export function slideWeight(content: SlideContent): number {
  return (
    WEIGHTS.base +
    WEIGHTS.slideWord * content.slideWords +
    WEIGHTS.notesWord * content.notesWords +
    WEIGHTS.codeLine * content.codeLines +
    WEIGHTS.diagram * content.diagrams
  );
}

export interface Schedule {
  /** Planned seconds per slide. */
  durations: number[];
  /** Planned start of each slide, seconds from the start of the talk. */
  starts: number[];
  totalSeconds: number;
  /** True when no duration was planned and the schedule was estimated from content. */
  estimated: boolean;
}

function validTiming(seconds: number | undefined): seconds is number {
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0;
}

/**
 * Plans every slide's time. `plannedMinutes` (the lesson's duration) is spread
 * over the slides without an explicit timing, weighted by content.
 */
export function planSchedule(slides: readonly SlideContent[], plannedMinutes?: number | null): Schedule {
  const weights = slides.map(slideWeight);
  const fixed = slides.reduce((sum, s) => sum + (validTiming(s.timingSeconds) ? s.timingSeconds : 0), 0);
  const flexibleWeight = slides.reduce((sum, s, i) => sum + (validTiming(s.timingSeconds) ? 0 : weights[i]!), 0);
  const planned = typeof plannedMinutes === 'number' && plannedMinutes > 0 ? plannedMinutes * 60 : undefined;
  const secondsPerWeight =
    planned === undefined ? 60 / WORDS_PER_MINUTE : flexibleWeight > 0 ? Math.max(0, planned - fixed) / flexibleWeight : 0;
  const durations = slides.map((s, i) => (validTiming(s.timingSeconds) ? s.timingSeconds : weights[i]! * secondsPerWeight));
  const starts: number[] = [];
  let t = 0;
  for (const d of durations) {
    starts.push(t);
    t += d;
  }
  return { durations, starts, totalSeconds: planned === undefined ? t : Math.max(planned, fixed), estimated: planned === undefined };
}

export type PaceState = 'ahead' | 'on-time' | 'behind';

export interface Pace {
  state: PaceState;
  /** How far ahead or behind, in seconds (0 when on time). */
  offsetSeconds: number;
  /** Planned total minus elapsed; negative in overtime. */
  timeLeftSeconds: number;
  /** Planned seconds for the current slide. */
  slideSeconds: number;
}

/** Slack before "on time" turns into ahead/behind: 2% of the talk, between 10 s and 60 s. */
export function tolerance(totalSeconds: number): number {
  return Math.min(60, Math.max(10, totalSeconds * 0.02));
}

/**
 * On time while the elapsed time is inside the current slide's planned
 * window (with some slack); behind once it passes the window's end, ahead
 * while it has not reached the window's start.
 */
export function pace(schedule: Schedule, slideIndex: number, elapsedSeconds: number): Pace {
  const last = schedule.durations.length - 1;
  const i = Math.min(Math.max(0, slideIndex), Math.max(0, last));
  const start = schedule.starts[i] ?? 0;
  const slideSeconds = schedule.durations[i] ?? 0;
  const end = start + slideSeconds;
  const slack = tolerance(schedule.totalSeconds);
  const timeLeftSeconds = schedule.totalSeconds - elapsedSeconds;
  if (elapsedSeconds > end + slack) return { state: 'behind', offsetSeconds: elapsedSeconds - end, timeLeftSeconds, slideSeconds };
  if (elapsedSeconds < start - slack) return { state: 'ahead', offsetSeconds: start - elapsedSeconds, timeLeftSeconds, slideSeconds };
  return { state: 'on-time', offsetSeconds: 0, timeLeftSeconds, slideSeconds };
}

/** `m:ss`, or `h:mm:ss` from an hour; negative values get a leading minus. */
export function formatDuration(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  const total = Math.floor(Math.abs(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${sign}${h}:${String(m).padStart(2, '0')}:${s}` : `${sign}${m}:${s}`;
}
