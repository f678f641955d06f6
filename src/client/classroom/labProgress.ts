/**
 * Lab progress on a lab's deck page: while the current slide is one of a
 * step's (`data-ld-step`, src/slides/labSteps.ts; a long step spans parts),
 * a bar above the page footer offers "Done" and "Stuck" for that step. It
 * sits outside the slide, so it never covers or squeezes what the step says.
 * The student's marks stay in localStorage (the reading view remembers them);
 * while following a `present` session they also go to the server, where the
 * speaker view counts them, and are sent again after a reconnect.
 */
import type { RevealApi } from 'reveal.js';
import { pagePath } from '../follow.ts';
import { currentRole, onServerMessage, sendToServer } from './connection.ts';
import { loadRecord, saveRecord } from './localStore.ts';

type Status = 'done' | 'stuck';

export function initLabProgress(deck: RevealApi): void {
  const path = pagePath(location.pathname);
  const steps = new Map<string, string>();
  for (const section of document.querySelectorAll<HTMLElement>('.reveal section[data-ld-step]')) steps.set(section.dataset.ldStep!, section.dataset.ldStepLabel ?? section.dataset.ldStep!);
  if (steps.size === 0) return;
  const storageKey = `lessondeck:lab:${path}`;
  const marks = loadRecord<Status>(storageKey);

  const bar = document.createElement('div');
  bar.className = 'ld-step-progress';
  bar.setAttribute('role', 'group');
  bar.hidden = true;
  bar.innerHTML = '<span class="ld-step-label"></span><button type="button" data-status="done" aria-pressed="false">✓ Done</button><button type="button" data-status="stuck" aria-pressed="false">Stuck</button>';
  document.body.append(bar);
  const label = bar.querySelector<HTMLElement>('.ld-step-label')!;

  const currentStep = (): string | undefined => (deck.getCurrentSlide() as HTMLElement | undefined)?.dataset.ldStep;
  const render = (): void => {
    const step = currentStep();
    bar.hidden = !step;
    if (!step) return;
    bar.dataset.step = step;
    bar.dataset.status = marks[step] ?? 'none';
    bar.setAttribute('aria-label', `Your progress on ${steps.get(step) ?? step}`);
    label.textContent = steps.get(step) ?? step;
    bar.querySelectorAll<HTMLButtonElement>('button[data-status]').forEach((b) => b.setAttribute('aria-pressed', String(marks[step] === b.dataset.status)));
  };

  bar.addEventListener('click', (event) => {
    const status = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-status]')?.dataset.status;
    const step = currentStep();
    if (!step || (status !== 'done' && status !== 'stuck')) return;
    const next = marks[step] === status ? undefined : status;
    if (next) marks[step] = next;
    else delete marks[step];
    saveRecord(storageKey, marks);
    render();
    if (currentRole() === 'follower') sendToServer({ type: 'progress', deck: path, step, status: next ?? 'none' });
  });

  onServerMessage((message) => {
    if (message.type === 'welcome' && currentRole() === 'follower') {
      // What was marked before (or while the connection was down) counts too.
      for (const [step, status] of Object.entries(marks)) if (steps.has(step)) sendToServer({ type: 'progress', deck: path, step, status });
    } else if (message.type === 'clear' && message.deck === path && message.checkpoint === undefined) {
      for (const step of Object.keys(marks)) delete marks[step];
      saveRecord(storageKey, marks);
      render();
    }
  });
  deck.on('slidechanged', render);
  render();
}
