import { describe, expect, it } from 'vitest';
import { formatDuration, pace, planSchedule, slideWeight, tolerance, WEIGHTS, WORDS_PER_MINUTE, type SlideContent } from '../../src/client/speaker/pacing.ts';
import { elapsedMs, pauseTimer, resetTimer, resumeTimer } from '../../src/client/speaker/timer.ts';

const slide = (over: Partial<SlideContent> = {}): SlideContent => ({ slideWords: 0, notesWords: 0, codeLines: 0, diagrams: 0, ...over });

describe('slideWeight', () => {
  it('counts words, notes, code lines and diagrams on top of a base cost', () => {
    expect(slideWeight(slide())).toBe(WEIGHTS.base);
    expect(slideWeight(slide({ slideWords: 10, notesWords: 20, codeLines: 5, diagrams: 1 }))).toBe(WEIGHTS.base + 10 + 20 + 5 * WEIGHTS.codeLine + WEIGHTS.diagram);
  });
});

describe('planSchedule', () => {
  it('spreads the planned duration over the slides in proportion to their content', () => {
    const s = planSchedule([slide(), slide({ notesWords: WEIGHTS.base }), slide({ notesWords: 2 * WEIGHTS.base })], 6);
    expect(s.totalSeconds).toBe(360);
    expect(s.durations).toEqual([60, 120, 180]);
    expect(s.starts).toEqual([0, 60, 180]);
    expect(s.estimated).toBe(false);
  });

  it('keeps explicit timings and shares the rest among the other slides', () => {
    const s = planSchedule([slide({ timingSeconds: 100 }), slide(), slide()], 5);
    expect(s.durations).toEqual([100, 100, 100]);
    const t = planSchedule([slide({ timingSeconds: 200 }), slide(), slide({ notesWords: WEIGHTS.base })], 5);
    expect(t.durations[0]).toBe(200);
    expect(t.durations[1]! * 2).toBeCloseTo(t.durations[2]!);
    expect(t.durations.reduce((a, b) => a + b)).toBeCloseTo(300);
  });

  it('never plans negative time when fixed timings exceed the duration', () => {
    const s = planSchedule([slide({ timingSeconds: 400 }), slide()], 5);
    expect(s.durations).toEqual([400, 0]);
    expect(s.totalSeconds).toBe(400);
  });

  it('estimates from the content at a speaking pace when no duration is planned', () => {
    const s = planSchedule([slide({ notesWords: WORDS_PER_MINUTE - WEIGHTS.base })], null);
    expect(s.estimated).toBe(true);
    expect(s.totalSeconds).toBeCloseTo(60);
  });
});

describe('pace', () => {
  const schedule = planSchedule([slide(), slide(), slide(), slide()], 20); // 300 s each
  it('is on time inside the slide window, with slack', () => {
    expect(pace(schedule, 1, 300).state).toBe('on-time');
    expect(pace(schedule, 1, 600 + tolerance(1200) - 1).state).toBe('on-time');
  });
  it('is behind past the window and says by how much', () => {
    const p = pace(schedule, 0, 400);
    expect(p.state).toBe('behind');
    expect(p.offsetSeconds).toBe(100);
    expect(p.timeLeftSeconds).toBe(800);
  });
  it('is ahead before the window', () => {
    const p = pace(schedule, 3, 100);
    expect(p.state).toBe('ahead');
    expect(p.offsetSeconds).toBe(800);
  });
  it('reports overtime as negative time left and clamps the slide index', () => {
    expect(pace(schedule, 99, 1300).timeLeftSeconds).toBe(-100);
    expect(pace(schedule, 99, 1300).slideSeconds).toBe(300);
  });
});

describe('formatDuration', () => {
  it('formats m:ss, h:mm:ss and negatives', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65.9)).toBe('1:05');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(-90)).toBe('-1:30');
  });
});

describe('timer state', () => {
  it('counts while running, stops while paused, resets to zero', () => {
    let t = { accumulatedMs: 0, runningSince: 1000 as number | null };
    expect(elapsedMs(t, 4000)).toBe(3000);
    t = pauseTimer(t, 4000);
    expect(elapsedMs(t, 9000)).toBe(3000);
    t = resumeTimer(t, 10_000);
    expect(elapsedMs(t, 11_000)).toBe(4000);
    t = resetTimer(t, 11_000);
    expect(elapsedMs(t, 12_000)).toBe(1000);
    expect(resetTimer(pauseTimer(t, 12_000), 13_000)).toEqual({ accumulatedMs: 0, runningSince: null });
  });
});
