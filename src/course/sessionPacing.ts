/**
 * Planned against actual time for the lessons of one session, and when the
 * session ends at this pace: what the speaker view and the index show so an
 * instructor sees at 11:20 whether the next lab still fits before lunch.
 * Pure: times in minutes and seconds, no clock of its own.
 */
import type { SessionPlan } from './sessions.ts';

export interface SessionRow {
  page: string;
  title: string;
  plannedSeconds: number | null;
  actualSeconds: number;
  state: 'done' | 'current' | 'upcoming';
  /** Actual minus planned, for lessons taught (null without a plan). */
  overSeconds: number | null;
}

export interface SessionForecast {
  rows: SessionRow[];
  plannedSeconds: number;
  /** Actual time so far plus the plan of what is still to come (the current lesson: what is left of its plan, at least 0). */
  projectedSeconds: number;
  /** Seconds still to teach: the rest of the current lesson's plan and the upcoming ones. */
  remainingSeconds: number;
  /** Planned end (from the start), minutes after midnight. */
  plannedEnd?: number;
  /** Projected end: now plus what is left, when the clock is given; else the start plus the projection. */
  projectedEnd?: number;
}

/** `HH:MM` → minutes after midnight. */
export function clockMinutes(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function formatClock(minutes: number): string {
  const total = Math.round(minutes) % (24 * 60);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/**
 * `actual`: seconds each deck page has been presented (the speaker timers);
 * `current`: the page presented now. Lessons before the current one count as
 * done, after it as upcoming; with no current page, any lesson with time is done.
 */
export function forecastSession(session: SessionPlan, actual: Readonly<Record<string, number>>, current?: string, nowMinutes?: number): SessionForecast {
  const at = current ? session.items.findIndex((i) => i.page === current) : -1;
  let planned = 0;
  let projected = 0;
  /** Seconds still to teach: the rest of the current lesson's plan and every upcoming one. */
  let remaining = 0;
  const rows = session.items.map((item, i): SessionRow => {
    const plannedSeconds = item.minutes !== undefined ? item.minutes * 60 : null;
    const actualSeconds = Math.max(0, actual[item.page] ?? 0);
    const state = at >= 0 ? (i < at ? 'done' : i === at ? 'current' : 'upcoming') : actualSeconds > 0 ? 'done' : 'upcoming';
    planned += plannedSeconds ?? 0;
    if (state === 'done') projected += actualSeconds;
    else if (state === 'current') {
      projected += Math.max(actualSeconds, plannedSeconds ?? 0);
      remaining += Math.max(0, (plannedSeconds ?? 0) - actualSeconds);
    } else {
      projected += plannedSeconds ?? 0;
      remaining += plannedSeconds ?? 0;
    }
    return { page: item.page, title: item.title, plannedSeconds, actualSeconds, state, overSeconds: plannedSeconds === null || state === 'upcoming' ? null : actualSeconds - plannedSeconds };
  });
  const start = session.start ? clockMinutes(session.start) : undefined;
  // With the wall clock, the end is now plus what is left; without it, the start plus the projection.
  const projectedEnd = nowMinutes !== undefined ? nowMinutes + remaining / 60 : start !== undefined ? start + projected / 60 : undefined;
  return {
    rows,
    plannedSeconds: planned,
    projectedSeconds: projected,
    remainingSeconds: remaining,
    ...(start !== undefined ? { plannedEnd: start + planned / 60 } : {}),
    ...(projectedEnd !== undefined ? { projectedEnd } : {}),
  };
}
