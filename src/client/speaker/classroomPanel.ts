/**
 * The speaker view's classroom panel: on a checkpoint's slide, how the class
 * answered so far (answered, right, each option) with Reveal and Reset; on a
 * lab step's slide, how many followers are done or stuck, step by step, with
 * Clear. Counts come live from the present server (presenters only get them).
 */
import type { Counts } from '../../present/classroomProtocol.ts';
import { pagePath } from '../follow.ts';
import { currentRole, onRoleChange, onServerMessage, sendToServer } from '../classroom/connection.ts';
import { checkpointKeyOf, summarize } from '../classroom/tally.ts';
import { escapeText } from './escape.ts';

export interface ClassroomPanel {
  /** Call when the current slide changed. */
  show(slide: HTMLElement | undefined): void;
}

type Steps = Record<string, { done: number; stuck: number }>;

export function createClassroomPanel(host: HTMLElement): ClassroomPanel {
  const deck = pagePath(location.pathname);
  const panel = document.createElement('section');
  panel.className = 'ld-speaker-classroom';
  panel.setAttribute('aria-label', 'Classroom');
  panel.hidden = true;
  host.prepend(panel);
  const tallies = new Map<string, Counts>();
  const revealed = new Set<string>();
  let steps: Steps = {};
  let slide: HTMLElement | undefined;

  const stepLabels = (): [string, string][] => {
    const seen = new Map<string, string>();
    document.querySelectorAll<HTMLElement>('.ld-speaker-current section[data-ld-step]').forEach((s) => seen.set(s.dataset.ldStep!, s.dataset.ldStepLabel ?? s.dataset.ldStep!));
    return [...seen];
  };

  const renderCheckpoint = (element: HTMLElement): string => {
    const id = element.dataset.ldCheckpoint!;
    const key = checkpointKeyOf(element);
    const summary = summarize(tallies.get(id) ?? {}, key);
    const rows = key.form === 'choice'
      ? [...element.querySelectorAll('.ld-checkpoint-options > li')].map((li, i) => {
        const n = summary.perOption[i] ?? 0;
        const share = summary.answered ? Math.round((100 * n) / summary.answered) : 0;
        const right = key.correct.includes(i) ? ' data-right="true"' : '';
        return `<li data-option="${i}"${right} style="--ld-share:${share}%"><span class="ld-cl-letter">${String.fromCharCode(65 + i)}</span><span class="ld-cl-text">${escapeText(li.querySelector('.ld-checkpoint-option')?.textContent ?? '')}</span><output data-count="${n}">${n}</output></li>`;
      }).join('')
      : summary.texts.map((t) => `<li><span class="ld-cl-text">${escapeText(t.text)}</span><output data-count="${t.count}">${t.count}</output></li>`).join('');
    const shown = revealed.has(id);
    const right = summary.right === null ? '' : ` · <strong data-ld="right">${summary.right}</strong> right`;
    return `<h2 class="ld-speaker-label">${key.poll ? 'Poll' : 'Checkpoint'}</h2>`
      + `<p class="ld-cl-summary"><strong data-ld="answered">${summary.answered}</strong> answered${right}</p>`
      + `<ol class="ld-cl-options">${rows}</ol>`
      + `<div class="ld-speaker-buttons"><button type="button" data-cl="reveal" data-checkpoint="${escapeText(id)}" aria-pressed="${shown}">${shown ? 'Hide results' : 'Reveal results'}</button>`
      + `<button type="button" data-cl="reset" data-checkpoint="${escapeText(id)}">Reset answers</button></div>`;
  };

  const renderSteps = (current: string): string => {
    const rows = stepLabels().map(([id, label]) => {
      const s = steps[id] ?? { done: 0, stuck: 0 };
      return `<li data-step="${escapeText(id)}"${id === current ? ' aria-current="step"' : ''}><span class="ld-cl-text">${escapeText(label)}</span><output data-done="${s.done}">${s.done} done</output><output data-stuck="${s.stuck}">${s.stuck} stuck</output></li>`;
    }).join('');
    return `<h2 class="ld-speaker-label">Lab progress</h2><ol class="ld-cl-steps">${rows}</ol>`
      + '<div class="ld-speaker-buttons"><button type="button" data-cl="clear-lab">Clear lab progress</button></div>';
  };

  const render = (): void => {
    const checkpoint = slide?.querySelector<HTMLElement>('.ld-checkpoint[data-ld-checkpoint]');
    const step = slide?.dataset.ldStep;
    panel.hidden = !checkpoint && !step;
    panel.dataset.live = String(currentRole() === 'presenter');
    if (panel.hidden) return void panel.replaceChildren();
    const note = currentRole() === 'presenter' ? '' : '<p class="ld-cl-note">Live counts appear when this deck is presented with lessondeck present.</p>';
    panel.innerHTML = (checkpoint ? renderCheckpoint(checkpoint) : renderSteps(step!)) + note;
  };

  panel.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-cl]');
    if (!button) return;
    const checkpoint = button.dataset.checkpoint;
    if (button.dataset.cl === 'reveal' && checkpoint) sendToServer({ type: 'reveal', deck, checkpoint, shown: !revealed.has(checkpoint) });
    else if (button.dataset.cl === 'reset' && checkpoint) sendToServer({ type: 'clear', deck, checkpoint });
    else if (button.dataset.cl === 'clear-lab') sendToServer({ type: 'clear', deck });
  });

  onServerMessage((message) => {
    if (message.type === 'welcome') {
      const room = message.room as { tallies?: { deck: string; checkpoint: string; counts: Counts }[]; steps?: { deck: string; steps: Steps }[]; revealed?: { deck: string; checkpoint: string }[] } | undefined;
      tallies.clear();
      revealed.clear();
      for (const t of room?.tallies ?? []) if (t.deck === deck) tallies.set(t.checkpoint, t.counts);
      for (const r of room?.revealed ?? []) if (r.deck === deck) revealed.add(r.checkpoint);
      steps = room?.steps?.find((s) => s.deck === deck)?.steps ?? {};
    } else if (message.deck !== deck) return;
    else if (message.type === 'tally') tallies.set(message.checkpoint as string, message.counts as Counts);
    else if (message.type === 'steps') steps = message.steps as Steps;
    else if (message.type === 'reveal') {
      if (message.shown) revealed.add(message.checkpoint as string);
      else revealed.delete(message.checkpoint as string);
    } else if (message.type === 'clear' && typeof message.checkpoint === 'string') revealed.delete(message.checkpoint);
    else return;
    render();
  });
  onRoleChange(render);

  return {
    show(next) {
      slide = next;
      render();
    },
  };
}
