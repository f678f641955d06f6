/**
 * The speaker view's session line: for a deck in the course's session plan,
 * planned vs actual per lesson so far and when the session ends at this pace
 * (course/sessionPacing.ts), under the lesson's own pacing. It also records
 * this deck's actual time (the speaker timer) for the other decks and the index.
 */
import { forecastSession, formatClock } from '../../course/sessionPacing.ts';
import type { SessionPlan } from '../../course/sessions.ts';
import { loadActuals, recordActual, sitePage } from '../sessionTimes.ts';
import { formatDuration } from './pacing.ts';
import { escapeText } from './escape.ts';

export interface SessionPanel {
  update(elapsedSeconds: number, now: Date): void;
}

export function createSessionPanel(host: HTMLElement, session: SessionPlan | undefined): SessionPanel {
  const page = sitePage();
  if (!session || !session.items.some((i) => i.page === page)) return { update: (elapsed) => recordActual(page, elapsed) };
  const panel = document.createElement('details');
  panel.className = 'ld-speaker-session';
  panel.innerHTML = '<summary data-ld="session-summary"></summary><table><thead><tr><th scope="col">Lesson</th><th scope="col">Plan</th><th scope="col">Actual</th></tr></thead><tbody></tbody></table>';
  host.append(panel);
  const summary = panel.querySelector<HTMLElement>('summary')!;
  const body = panel.querySelector<HTMLElement>('tbody')!;
  let last = '';
  return {
    update(elapsed, now) {
      recordActual(page, elapsed);
      const actuals = { ...loadActuals(), [page]: elapsed };
      const f = forecastSession(session, actuals, page, now.getHours() * 60 + now.getMinutes() + now.getSeconds() / 60);
      const ends = f.projectedEnd !== undefined ? ` · ends ~${formatClock(f.projectedEnd)}${f.plannedEnd !== undefined ? ` (plan ${formatClock(f.plannedEnd)})` : ''}` : '';
      const late = f.plannedEnd !== undefined && f.projectedEnd !== undefined && f.projectedEnd > f.plannedEnd + 1;
      summary.dataset.pace = late ? 'behind' : 'on-time';
      summary.textContent = `${session.title}: ${formatDuration(f.remainingSeconds)} left to teach${ends}`;
      const rows = f.rows.map((r) => `<tr data-state="${r.state}"${r.overSeconds !== null && r.overSeconds > 0 ? ' data-over=""' : ''}><th scope="row">${escapeText(r.title)}</th><td>${r.plannedSeconds === null ? '—' : formatDuration(r.plannedSeconds)}</td><td>${r.state === 'upcoming' && !r.actualSeconds ? '—' : formatDuration(r.actualSeconds)}</td></tr>`).join('');
      if (rows !== last) body.innerHTML = last = rows;
    },
  };
}
