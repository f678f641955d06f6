/** The course session plan (course/sessions.ts) and its planned-vs-actual arithmetic (course/sessionPacing.ts). */
import { describe, expect, it } from 'vitest';
import { readSessions, sessionOf } from '../../src/course/sessions.ts';
import { clockMinutes, forecastSession, formatClock } from '../../src/course/sessionPacing.ts';

const decks = [
  { file: 'm/lessons/01-a.md', page: 'm/lessons/01-a.html', title: 'Lesson A', durationMinutes: 50 },
  { file: 'm/labs/lab-01.md', page: 'm/labs/lab-01.html', title: 'Lab 1', durationMinutes: 60 },
  { file: 'm/lessons/02-b.md', page: 'm/lessons/02-b.html', title: 'Lesson B' },
];

describe('readSessions', () => {
  it('resolves course files to pages, with the deck duration unless the plan gives minutes', () => {
    const { sessions, diagnostics } = readSessions([{ title: 'Morning', start: '9:00', lessons: ['m/lessons/01-a.md', { file: 'm/labs/lab-01.md', minutes: 75 }, 'm/lessons/02-b.md'] }], decks, 'README.md');
    expect(diagnostics).toEqual([]);
    expect(sessions).toEqual([{ title: 'Morning', start: '09:00', items: [
      { page: 'm/lessons/01-a.html', title: 'Lesson A', minutes: 50 },
      { page: 'm/labs/lab-01.html', title: 'Lab 1', minutes: 75 },
      { page: 'm/lessons/02-b.html', title: 'Lesson B' },
    ] }]);
    expect(sessionOf(sessions, 'm/labs/lab-01.html')?.title).toBe('Morning');
    expect(sessionOf(sessions, 'nope.html')).toBeUndefined();
  });

  it('warns, at the home file, about what it cannot use, and keeps the rest', () => {
    const { sessions, diagnostics } = readSessions([{ title: 'X', start: '25:00', lessons: ['m/lessons/missing.md', 'm/lessons/01-a.md'] }, 'not a session'], decks, 'README.md');
    expect(sessions).toEqual([{ title: 'X', items: [{ page: 'm/lessons/01-a.html', title: 'Lesson A', minutes: 50 }] }]);
    expect(diagnostics.map((d) => [d.file, d.rule])).toEqual([['README.md', 'sessions'], ['README.md', 'sessions'], ['README.md', 'sessions']]);
    expect(diagnostics[0]!.message).toContain('start "25:00" is not a time like "09:00"');
    expect(diagnostics[1]!.message).toContain('"m/lessons/missing.md" is not a lesson or lab of this course');
    expect(diagnostics[2]!.message).toContain('session 2 needs "lessons"');
    expect(readSessions({ lessons: [] }, decks, 'README.md').diagnostics[0]?.message).toContain('must be a list');
  });
});

describe('forecastSession', () => {
  const session = { title: 'Morning', start: '09:00', items: [
    { page: 'a', title: 'A', minutes: 50 },
    { page: 'lab', title: 'Lab', minutes: 60 },
    { page: 'b', title: 'B', minutes: 40 },
  ] };

  it('adds what was taught, what is left of the current lesson and the plan of the rest', () => {
    // A ran 10 minutes over; 20 minutes into the lab.
    const f = forecastSession(session, { a: 60 * 60, lab: 20 * 60 }, 'lab');
    expect(f.rows.map((r) => [r.state, r.overSeconds])).toEqual([['done', 600], ['current', -2400], ['upcoming', null]]);
    expect(f.plannedSeconds).toBe(150 * 60);
    expect(f.remainingSeconds).toBe((40 + 40) * 60);
    expect(f.projectedSeconds).toBe((60 + 60 + 40) * 60);
    expect(formatClock(f.plannedEnd!)).toBe('11:30');
    expect(formatClock(f.projectedEnd!)).toBe('11:40');
  });

  it('projects the end from the wall clock when given: at 11:20 with 80 minutes left, 12:40', () => {
    const f = forecastSession(session, { a: 60 * 60, lab: 20 * 60 }, 'lab', clockMinutes('11:20'));
    expect(formatClock(f.projectedEnd!)).toBe('12:40');
  });

  it('counts a lesson over its plan as taking its actual time, and lessons with time as done when nothing is current', () => {
    const over = forecastSession(session, { a: 3000, lab: 4000 }, 'lab');
    expect(over.remainingSeconds).toBe(40 * 60);
    const later = forecastSession(session, { a: 3000 });
    expect(later.rows.map((r) => r.state)).toEqual(['done', 'upcoming', 'upcoming']);
  });
});
