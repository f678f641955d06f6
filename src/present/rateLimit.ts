/**
 * Per-connection rate limit (a token bucket): `burst` messages at once, then
 * `perSecond` on average. A follower answering and ticking steps sends a few
 * a minute; a presenter drawing sends tens a second. Time comes from `now` so
 * tests never wait for the clock.
 */
export interface RateLimit {
  /** True when the message may be handled; false when it is over the limit (drop it). */
  take(): boolean;
}

export function createRateLimit(perSecond: number, burst: number, now: () => number = Date.now): RateLimit {
  let tokens = burst;
  let last = now();
  return {
    take() {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * perSecond);
      last = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

/** Limits per role: followers answer and mark progress; the presenter moves, draws and points. */
export const RATE_LIMITS = {
  follower: { perSecond: 10, burst: 30 },
  presenter: { perSecond: 300, burst: 600 },
} as const;
