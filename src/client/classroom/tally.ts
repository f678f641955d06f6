/**
 * What the answers to one checkpoint add up to, from the server's counts by
 * answer key (classroomProtocol.ts): how many answered, how many were right,
 * how many chose each option, the commonest short answers. Pure.
 */
import { choiceKey, textKey, type Counts } from '../../present/classroomProtocol.ts';

export interface CheckpointKey {
  form: 'choice' | 'text';
  /** Right option indices (empty for a poll). */
  correct: number[];
  /** Accepted short answers. */
  accept: string[];
  options: number;
  poll: boolean;
}

export interface Summary {
  answered: number;
  /** Null for a poll. */
  right: number | null;
  perOption: number[];
  /** Short answers, commonest first (at most five). */
  texts: { text: string; count: number }[];
}

export function summarize(counts: Counts, key: CheckpointKey): Summary {
  const perOption = Array.from({ length: key.options }, () => 0);
  const rightKeys = new Set(key.form === 'choice' ? (key.correct.length ? [choiceKey(key.correct)] : []) : key.accept.map(textKey));
  let answered = 0;
  let right = 0;
  const texts: { text: string; count: number }[] = [];
  for (const [answer, count] of Object.entries(counts)) {
    if (!Number.isInteger(count) || count <= 0) continue;
    answered += count;
    if (rightKeys.has(answer)) right += count;
    if (answer.startsWith('c:')) {
      for (const i of answer.slice(2).split(',').map(Number)) if (i >= 0 && i < perOption.length) perOption[i]! += count;
    } else if (answer.startsWith('t:')) texts.push({ text: answer.slice(2), count });
    else texts.push({ text: 'other answers', count });
  }
  texts.sort((a, b) => b.count - a.count);
  return { answered, right: key.poll ? null : right, perOption, texts: texts.slice(0, 5) };
}

/** Reads a checkpoint's key from its rendered element (src/slides/plugins/checkpoints.ts). */
export function checkpointKeyOf(element: Element): CheckpointKey {
  const dataset = (element as HTMLElement).dataset;
  let accept: string[] = [];
  try {
    const parsed: unknown = JSON.parse(dataset['accept'] ?? '[]');
    if (Array.isArray(parsed)) accept = parsed.filter((a): a is string => typeof a === 'string');
  } catch {
    accept = [];
  }
  return {
    form: dataset['form'] === 'text' ? 'text' : 'choice',
    correct: (dataset['correct'] ?? '').split(',').filter(Boolean).map(Number),
    accept,
    options: element.querySelectorAll('.ld-checkpoint-options > li').length,
    poll: dataset['kind'] === 'poll',
  };
}

/** Whether one answer is right (undefined for a poll). */
export function isRight(key: CheckpointKey, answer: { choice?: number[]; text?: string }): boolean | undefined {
  if (key.poll) return undefined;
  if (key.form === 'choice') return !!answer.choice && choiceKey(answer.choice) === choiceKey(key.correct);
  return answer.text !== undefined && key.accept.map(textKey).includes(textKey(answer.text));
}
