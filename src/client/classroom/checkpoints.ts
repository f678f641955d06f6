/**
 * Checkpoints and polls on a deck page (rendered by
 * src/slides/plugins/checkpoints.ts). On their own (a built deck, the reading
 * view) a student answers and sees at once whether it was right, with the
 * explanation; answers are kept in localStorage. While following a
 * `present` session the answer goes to the server instead and the result
 * appears when the presenter reveals it, with how the class answered.
 */
import { pagePath } from '../follow.ts';
import { currentRole, onRoleChange, onServerMessage, sendToServer, type ServerData } from './connection.ts';
import { loadRecord, saveRecord } from './localStore.ts';
import { checkpointKeyOf, isRight, summarize, type CheckpointKey } from './tally.ts';
import type { Counts } from '../../present/classroomProtocol.ts';

interface Answer {
  choice?: number[];
  text?: string;
}

interface Checkpoint {
  id: string;
  element: HTMLElement;
  key: CheckpointKey;
  form: HTMLFormElement;
  result: HTMLElement;
}

function readAnswer(cp: Checkpoint): Answer | undefined {
  if (cp.key.form === 'text') {
    const text = cp.form.querySelector<HTMLInputElement>('input[type="text"]')?.value.trim() ?? '';
    return text ? { text } : undefined;
  }
  const choice = [...cp.form.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => Number(i.value));
  return choice.length ? { choice } : undefined;
}

function fillForm(cp: Checkpoint, answer: Answer): void {
  if (answer.text !== undefined) {
    const input = cp.form.querySelector<HTMLInputElement>('input[type="text"]');
    if (input) input.value = answer.text;
  }
  cp.form.querySelectorAll<HTMLInputElement>('input[value]').forEach((input) => {
    if (input.type !== 'text') input.checked = !!answer.choice?.includes(Number(input.value));
  });
}

function letter(i: number): string {
  return String.fromCharCode(65 + i);
}

/** Right/wrong, the right options marked, the explanation shown. */
function showResult(cp: Checkpoint, answer: Answer | undefined): void {
  const right = answer ? isRight(cp.key, answer) : undefined;
  cp.element.dataset.state = 'result';
  cp.element.dataset.result = right === undefined ? (answer ? 'voted' : 'none') : right ? 'right' : 'wrong';
  cp.element.querySelectorAll<HTMLElement>('.ld-checkpoint-options > li').forEach((li, i) => {
    li.classList.toggle('ld-correct', cp.key.correct.includes(i));
    li.classList.toggle('ld-chosen', !!answer?.choice?.includes(i));
  });
  const why = cp.element.querySelector<HTMLElement>('.ld-checkpoint-why');
  if (why) why.hidden = false;
  const rightAnswer = cp.key.form === 'choice' ? cp.key.correct.map(letter).join(', ') : cp.key.accept[0] ?? '';
  cp.result.textContent = cp.key.poll
    ? answer ? 'Thanks, your vote is counted.' : 'Results'
    : right ? 'Right!' : answer ? `Not quite: the answer is ${rightAnswer}.` : `The answer is ${rightAnswer}.`;
}

/** The class's answers beside each option (after a reveal). */
function showCounts(cp: Checkpoint, counts: Counts | undefined): void {
  const summary = counts ? summarize(counts, cp.key) : undefined;
  cp.element.querySelectorAll<HTMLElement>('.ld-checkpoint-options > li').forEach((li, i) => {
    const n = summary?.perOption[i] ?? 0;
    const share = summary?.answered ? Math.round((100 * n) / summary.answered) : 0;
    li.style.setProperty('--ld-share', `${share}%`);
    const label = li.querySelector('.ld-checkpoint-count');
    if (label) label.textContent = summary ? `${n} (${share}%)` : '';
  });
  cp.element.dataset.answered = String(summary?.answered ?? '');
  if (summary) cp.result.textContent += ` ${summary.answered} answered${summary.right === null ? '' : `, ${summary.right} right`}.`;
}

function reset(cp: Checkpoint): void {
  delete cp.element.dataset.state;
  delete cp.element.dataset.closed;
  delete cp.element.dataset.result;
  cp.element.querySelectorAll<HTMLElement>('.ld-checkpoint-options > li').forEach((li) => {
    li.classList.remove('ld-correct', 'ld-chosen');
    li.style.removeProperty('--ld-share');
    const label = li.querySelector('.ld-checkpoint-count');
    if (label) label.textContent = '';
  });
  const why = cp.element.querySelector<HTMLElement>('.ld-checkpoint-why');
  if (why) why.hidden = true;
  cp.result.textContent = '';
}

export function initCheckpoints(root: ParentNode = document): void {
  const deck = pagePath(location.pathname);
  const checkpoints = new Map<string, Checkpoint>();
  for (const element of root.querySelectorAll<HTMLElement>('.ld-checkpoint[data-ld-checkpoint]')) {
    const form = element.querySelector<HTMLFormElement>('.ld-checkpoint-form');
    const result = element.querySelector<HTMLElement>('.ld-checkpoint-result');
    if (!form || !result) continue;
    checkpoints.set(element.dataset.ldCheckpoint!, { id: element.dataset.ldCheckpoint!, element, key: checkpointKeyOf(element), form, result });
  }
  if (checkpoints.size === 0) return;

  // Answers on their own, and answers given in class (kept apart: a self-check is not a class answer).
  const ownKey = `lessondeck:answers:${deck}`;
  const liveKey = `lessondeck:live-answers:${deck}`;
  const own = loadRecord<Answer>(ownKey);
  const live = loadRecord<Answer>(liveKey);
  const revealed = new Map<string, Counts>();
  const isLive = (): boolean => currentRole() === 'follower';

  const render = (cp: Checkpoint): void => {
    reset(cp);
    if (currentRole() === 'presenter') {
      if (revealed.has(cp.id)) {
        showResult(cp, undefined);
        showCounts(cp, revealed.get(cp.id));
      }
      return;
    }
    if (isLive()) {
      const answer = live[cp.id];
      if (answer) fillForm(cp, answer);
      if (revealed.has(cp.id)) {
        showResult(cp, answer);
        showCounts(cp, revealed.get(cp.id));
        cp.element.dataset.closed = '';
      } else if (answer) {
        cp.element.dataset.state = 'sent';
        cp.result.textContent = 'Answer sent. You can change it until your instructor shows the result.';
      }
      return;
    }
    const answer = own[cp.id];
    if (answer) {
      fillForm(cp, answer);
      showResult(cp, answer);
    }
  };
  const renderAll = (): void => checkpoints.forEach(render);

  for (const cp of checkpoints.values()) {
    cp.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const answer = readAnswer(cp);
      if (!answer) {
        cp.result.textContent = cp.key.form === 'text' ? 'Type an answer first.' : 'Choose an option first.';
        return;
      }
      if (isLive()) {
        if (revealed.has(cp.id)) return; // the result is out: answers are closed
        live[cp.id] = answer;
        saveRecord(liveKey, live);
        sendToServer({ type: 'answer', deck, checkpoint: cp.id, ...answer });
      } else {
        own[cp.id] = answer;
        saveRecord(ownKey, own);
      }
      render(cp);
    });
    // Keys typed into the answer field are the student's, not reveal's shortcuts.
    cp.form.addEventListener('keydown', (event) => event.stopPropagation());
  }

  onServerMessage((message: ServerData) => {
    if (message.type === 'welcome') {
      revealed.clear();
      const room = message.room as { revealed?: { deck: string; checkpoint: string; counts: Counts }[] } | undefined;
      for (const r of room?.revealed ?? []) if (r.deck === deck) revealed.set(r.checkpoint, r.counts);
      return renderAll();
    }
    if (message.deck !== deck) return;
    const cp = typeof message.checkpoint === 'string' ? checkpoints.get(message.checkpoint) : undefined;
    if (message.type === 'reveal' && cp) {
      if (message.shown) revealed.set(cp.id, (message.counts as Counts) ?? {});
      else revealed.delete(cp.id);
      render(cp);
    } else if (message.type === 'clear' && cp) {
      revealed.delete(cp.id);
      delete live[cp.id];
      saveRecord(liveKey, live);
      cp.form.reset();
      render(cp);
    }
  });
  onRoleChange(renderAll);
  renderAll();
}
