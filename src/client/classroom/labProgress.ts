/**
 * Lab progress on a lab's deck page: the last slide of each step
 * (`data-ld-step`, src/slides/labSteps.ts) gets "Done" and "Stuck" toggles.
 * The student's marks stay in localStorage (the reading view remembers
 * them); while following a `present` session they also go to the server,
 * where the speaker view counts them, and are sent again after a reconnect.
 */
import { pagePath } from '../follow.ts';
import { currentRole, onServerMessage, sendToServer } from './connection.ts';
import { loadRecord, saveRecord } from './localStore.ts';

type Status = 'done' | 'stuck';

export function initLabProgress(root: ParentNode = document): void {
  const deck = pagePath(location.pathname);
  const sections = [...root.querySelectorAll<HTMLElement>('section[data-ld-step]')];
  if (sections.length === 0) return;
  const storageKey = `lessondeck:lab:${deck}`;
  const marks = loadRecord<Status>(storageKey);
  // The controls go on the last slide of each step (a long step spans parts).
  const lastOfStep = new Map<string, HTMLElement>();
  for (const section of sections) lastOfStep.set(section.dataset.ldStep!, section);
  const controls = new Map<string, HTMLElement>();

  const render = (step: string): void => {
    const bar = controls.get(step);
    if (!bar) return;
    bar.dataset.status = marks[step] ?? 'none';
    bar.querySelectorAll<HTMLButtonElement>('button[data-status]').forEach((b) => b.setAttribute('aria-pressed', String(marks[step] === b.dataset.status)));
  };

  const mark = (step: string, status: Status): void => {
    const next = marks[step] === status ? undefined : status;
    if (next) marks[step] = next;
    else delete marks[step];
    saveRecord(storageKey, marks);
    render(step);
    if (currentRole() === 'follower') sendToServer({ type: 'progress', deck, step, status: next ?? 'none' });
  };

  for (const [step, section] of lastOfStep) {
    const label = section.dataset.ldStepLabel ?? step;
    const bar = document.createElement('div');
    bar.className = 'ld-step-progress';
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', `Your progress on ${label}`);
    bar.innerHTML = '<button type="button" data-status="done" aria-pressed="false">✓ Done</button><button type="button" data-status="stuck" aria-pressed="false">✋ Stuck</button>';
    bar.addEventListener('click', (event) => {
      const status = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-status]')?.dataset.status;
      if (status === 'done' || status === 'stuck') mark(step, status);
    });
    section.append(bar);
    controls.set(step, bar);
    render(step);
  }

  onServerMessage((message) => {
    if (message.type === 'welcome' && currentRole() === 'follower') {
      // What was marked before (or while the connection was down) counts too.
      for (const [step, status] of Object.entries(marks)) if (controls.has(step)) sendToServer({ type: 'progress', deck, step, status });
    } else if (message.type === 'clear' && message.deck === deck && message.checkpoint === undefined) {
      for (const step of Object.keys(marks)) delete marks[step];
      saveRecord(storageKey, marks);
      controls.forEach((_, step) => render(step));
    }
  });
}
