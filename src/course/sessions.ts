/**
 * A course's session plan: which lessons and labs are taught in which session
 * (a morning, a day), in order, with planned minutes. Written in the course
 * home page's front matter (README.md or index.md):
 *
 *   sessions:
 *     - title: Day 1 morning
 *       start: "09:00"
 *       lessons:
 *         - module-07/lessons/01-packaging-distribution.md
 *         - file: module-07/labs/lab-01-packaging-distribution.md
 *           minutes: 75
 *
 * Minutes default to the deck's own duration (front matter, `**Duration:**`,
 * module README). Pure: front matter and decks in, plans and problems out.
 */
import type { Diagnostic } from '../diagnostics.ts';

export interface SessionItem {
  /** Deck page from the site root, e.g. `module-07/lessons/01-x.html`. */
  page: string;
  title: string;
  minutes?: number;
}

export interface SessionPlan {
  title: string;
  /** Planned start, `HH:MM` (24 h), when given. */
  start?: string;
  items: SessionItem[];
}

export interface PlannableDeck {
  file: string;
  page: string;
  title: string;
  durationMinutes?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readSessions(value: unknown, decks: readonly PlannableDeck[], homeFile: string): { sessions: SessionPlan[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const warn = (message: string): void => void diagnostics.push({ file: homeFile, line: 1, column: 1, severity: 'warning', rule: 'sessions', message });
  if (value === undefined) return { sessions: [], diagnostics };
  if (!Array.isArray(value)) {
    warn('front matter "sessions" must be a list of sessions, each with a title and its lessons; it is ignored.');
    return { sessions: [], diagnostics };
  }
  const byFile = new Map(decks.map((d) => [d.file.toLowerCase(), d]));
  const sessions: SessionPlan[] = [];
  value.forEach((raw, i) => {
    if (!isRecord(raw) || !Array.isArray(raw.lessons)) return warn(`session ${i + 1} needs "lessons": a list of course files (module-07/lessons/01-x.md); it is ignored.`);
    const title = typeof raw.title === 'string' && raw.title.trim() ? raw.title.trim() : `Session ${i + 1}`;
    const start = typeof raw.start === 'string' && /^([01]?\d|2[0-3]):[0-5]\d$/.test(raw.start.trim()) ? raw.start.trim().padStart(5, '0') : undefined;
    if (raw.start !== undefined && !start) warn(`session "${title}": start "${String(raw.start)}" is not a time like "09:00"; it is ignored.`);
    const items: SessionItem[] = [];
    for (const entry of raw.lessons as unknown[]) {
      const file = typeof entry === 'string' ? entry : isRecord(entry) && typeof entry.file === 'string' ? entry.file : undefined;
      const deck = file ? byFile.get(file.replace(/^\.\//, '').toLowerCase()) : undefined;
      if (!deck) {
        warn(`session "${title}": ${file ? `"${file}" is not a lesson or lab of this course` : 'each lesson is a course file path, or {file, minutes}'}; it is left out of the plan.`);
        continue;
      }
      const own = isRecord(entry) && typeof entry.minutes === 'number' && entry.minutes > 0 ? entry.minutes : undefined;
      const minutes = own ?? deck.durationMinutes;
      items.push({ page: deck.page, title: deck.title, ...(minutes !== undefined ? { minutes } : {}) });
    }
    sessions.push({ title, ...(start ? { start } : {}), items });
  });
  return { sessions, diagnostics };
}

/** The session a deck page is taught in (the first that lists it). */
export function sessionOf(sessions: readonly SessionPlan[], page: string): SessionPlan | undefined {
  return sessions.find((s) => s.items.some((item) => item.page === page));
}
