/**
 * Actual time per lesson, as the instructor's speaker view measured it (its
 * timer for each deck), kept in this browser's localStorage, and shown beside
 * the plan on the course index. Nothing of it leaves the browser.
 */
import { formatDuration } from './speaker/pacing.ts';
import { loadRecord, saveRecord } from './classroom/localStore.ts';

const KEY = 'lessondeck:session-actuals';

export function loadActuals(): Record<string, number> {
  return loadRecord<number>(KEY);
}

export function recordActual(page: string, seconds: number): void {
  const actuals = loadActuals();
  if (Math.floor(actuals[page] ?? -1) === Math.floor(seconds)) return;
  actuals[page] = Math.floor(seconds);
  saveRecord(KEY, actuals);
}

/** This page's path from the site root (`module-07/lessons/01-x.html`), from the page's `data-ld-root`. */
export function sitePage(root = document.documentElement.dataset.ldRoot ?? './'): string {
  const base = new URL(root, location.href).pathname;
  const path = location.pathname.endsWith('/') ? `${location.pathname}index.html` : location.pathname;
  return path.startsWith(base) ? decodeURI(path.slice(base.length)) : path.replace(/^\//, '');
}

/** The index's session tables: the actual time of each lesson taught on this browser, over or under its plan. */
export function initSessionTimes(): void {
  const actuals = loadActuals();
  document.querySelectorAll<HTMLTableRowElement>('table.ld-session tr[data-page]').forEach((row) => {
    const seconds = actuals[row.dataset.page!];
    const cell = row.querySelector<HTMLElement>('.ld-session-actual');
    if (!cell || seconds === undefined) return;
    cell.textContent = formatDuration(seconds);
    const planned = Number(row.dataset.minutes) * 60;
    if (planned > 0) cell.dataset.pace = seconds > planned * 1.05 ? 'over' : 'within';
  });
}
