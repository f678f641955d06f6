/**
 * The speaker's elapsed-time clock: pausable, resettable, and kept across a
 * reload of the speaker window (sessionStorage, so a new speaker window starts
 * from zero). Reads time through Date.now, which tests control with
 * Playwright's clock.
 */

export interface TimerState {
  /** Milliseconds counted before the current run. */
  accumulatedMs: number;
  /** Epoch ms the current run started, or null while paused. */
  runningSince: number | null;
}

export function elapsedMs(state: TimerState, now: number): number {
  return state.accumulatedMs + (state.runningSince === null ? 0 : Math.max(0, now - state.runningSince));
}

export function pauseTimer(state: TimerState, now: number): TimerState {
  return state.runningSince === null ? state : { accumulatedMs: elapsedMs(state, now), runningSince: null };
}

export function resumeTimer(state: TimerState, now: number): TimerState {
  return state.runningSince === null ? { accumulatedMs: state.accumulatedMs, runningSince: now } : state;
}

/** Back to zero, keeping whether it runs. */
export function resetTimer(state: TimerState, now: number): TimerState {
  return { accumulatedMs: 0, runningSince: state.runningSince === null ? null : now };
}

export interface SpeakerTimer {
  elapsedSeconds(): number;
  running(): boolean;
  toggle(): void;
  reset(): void;
}

function isTimerState(value: unknown): value is TimerState {
  if (typeof value !== 'object' || value === null) return false;
  const { accumulatedMs, runningSince } = value as Record<string, unknown>;
  return typeof accumulatedMs === 'number' && accumulatedMs >= 0 && (runningSince === null || typeof runningSince === 'number');
}

export function createSpeakerTimer(key: string, onChange: () => void): SpeakerTimer {
  let state: TimerState = { accumulatedMs: 0, runningSince: Date.now() };
  try {
    const saved: unknown = JSON.parse(sessionStorage.getItem(key) ?? 'null');
    if (isTimerState(saved)) state = saved;
  } catch {
    // Unreadable state: start a fresh timer.
  }
  const update = (next: TimerState): void => {
    state = next;
    try {
      sessionStorage.setItem(key, JSON.stringify(state));
    } catch {
      // The timer still works; it just does not survive a reload.
    }
    onChange();
  };
  update(state);
  return {
    elapsedSeconds: () => elapsedMs(state, Date.now()) / 1000,
    running: () => state.runningSince !== null,
    toggle: () => update(state.runningSince === null ? resumeTimer(state, Date.now()) : pauseTimer(state, Date.now())),
    reset: () => update(resetTimer(state, Date.now())),
  };
}
