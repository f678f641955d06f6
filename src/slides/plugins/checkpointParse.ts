/**
 * Reads a checkpoint or poll out of one blockquote's tokens. The syntax is
 * plain markdown that GitHub shows as a quote with a task list:
 *
 *   > **Check:** Which command renders a chart without installing it?
 *   >
 *   > - [ ] `helm install --dry-run`
 *   > - [x] `helm template`
 *   >
 *   > **Why:** `template` renders locally; `--dry-run` still talks to the cluster.
 *
 * `**Poll:**` has `- [ ]` options only (no right answer). A short-answer
 * check has `**Answer:** 8080 | 8080/tcp` (accepted answers, `|`-separated)
 * instead of options. Pure: tokens in, a model or a list of problems out.
 */
import type { Token } from 'markdown-it';

export type CheckpointKind = 'check' | 'poll';

export interface CheckpointModel {
  kind: CheckpointKind;
  /** Markdown (inline) of the question line, marker removed. */
  question: string;
  /** Blocks between the question line and the options (code, more prose), as tokens. */
  body: Token[];
  /** Choice form: each option's inline markdown and whether it is right. */
  options: { text: string; correct: boolean }[];
  /** Short-answer form: the accepted answers. */
  accept: string[];
  /** Tokens of the explanation (from `**Why:**` on), marker removed; empty when none. */
  explanation: Token[];
}

export type CheckpointParse = { ok: true; value: CheckpointModel } | { ok: false; problems: string[] };

const MARKER = /^(?:\*\*|__)(check|poll)(?::(?:\*\*|__)|(?:\*\*|__):)[ \t]*/i;
const WHY = /^(?:\*\*|__)(?:why|explanation|because)(?::(?:\*\*|__)|(?:\*\*|__):)[ \t]*/i;
const ANSWER = /^(?:\*\*|__)answer(?::(?:\*\*|__)|(?:\*\*|__):)[ \t]*/i;
const OPTION = /^\[([ xX])\][ \t]+/;
/** Options a choice question may have: a-z, and what a follower's answer may name. */
export const MAX_OPTIONS = 26;

/** The marker word when `inline` is the first line of a checkpoint (`**Check:**`, `**Poll:**`). */
export function checkpointMarker(inline: Token | undefined): CheckpointKind | undefined {
  const match = inline?.type === 'inline' ? MARKER.exec(inline.content) : null;
  return match ? (match[1]!.toLowerCase() as CheckpointKind) : undefined;
}

/** Index just past the block that starts at `i` (a whole list, paragraph, fence…). */
function blockEnd(tokens: Token[], i: number): number {
  let depth = 0;
  let j = i;
  do {
    depth += tokens[j]!.nesting;
    j++;
  } while (depth > 0 && j < tokens.length);
  return j;
}

/** Drops a leading `**Word:**` from a paragraph's parsed inline children (the rest keeps its markup). */
export function stripLeadingStrong(inline: Token, pattern: RegExp): void {
  inline.content = inline.content.replace(pattern, '');
  const children = inline.children ?? [];
  // markdown-it may put an empty text node before the strong.
  while (children[0]?.type === 'text' && children[0].content === '') children.shift();
  const close = children.findIndex((c) => c.type === 'strong_close');
  if (children[0]?.type !== 'strong_open' || close < 0) return;
  children.splice(0, close + 1);
  const first = children[0];
  if (first?.type === 'text') {
    first.content = first.content.replace(/^:?[ \t]*/, '');
    if (first.content === '') children.shift();
  }
}

/** Reads the options of a task list (`- [ ] a`, `- [x] b`); problems for items that are not options. */
function readOptions(tokens: Token[]): { options: CheckpointModel['options']; problems: string[] } {
  const options: CheckpointModel['options'] = [];
  const problems: string[] = [];
  let depth = 0;
  let taken = true;
  for (const token of tokens) {
    if (token.type === 'list_item_open' && ++depth === 1) taken = false;
    if (token.type === 'list_item_close') depth--;
    // Only the first inline of each top-level item: its text is the option.
    if (token.type !== 'inline' || depth !== 1 || taken) continue;
    taken = true;
    const match = OPTION.exec(token.content);
    if (!match) problems.push(`option "${token.content.slice(0, 40)}" does not start with [ ] or [x]; write every option as "- [ ] text", the right one(s) as "- [x] text"`);
    else options.push({ text: token.content.slice(match[0].length).trim(), correct: match[1] !== ' ' });
  }
  return { options, problems };
}

/** `tokens` is one blockquote, `blockquote_open` … `blockquote_close`; undefined when it is not a checkpoint. */
export function parseCheckpoint(tokens: Token[]): CheckpointParse | undefined {
  const inner = tokens.slice(1, -1);
  const kind = checkpointMarker(inner[1]);
  if (inner[0]?.type !== 'paragraph_open' || !kind) return undefined;
  const problems: string[] = [];
  const model: CheckpointModel = { kind, question: inner[1]!.content.replace(MARKER, '').trim(), body: [], options: [], accept: [], explanation: [] };
  let i = blockEnd(inner, 0);
  let sawOptions = false;
  while (i < inner.length) {
    const end = blockEnd(inner, i);
    const block = inner.slice(i, end);
    const inline = block[0]!.type === 'paragraph_open' ? block[1] : undefined;
    if (inline && WHY.test(inline.content)) {
      model.explanation = inner.slice(i);
      stripLeadingStrong(model.explanation[1]!, WHY);
      break;
    }
    if (inline && ANSWER.test(inline.content)) {
      model.accept.push(...inline.content.replace(ANSWER, '').split('|').map((a) => a.trim()).filter(Boolean));
    } else if (block[0]!.type === 'bullet_list_open' && !sawOptions) {
      sawOptions = true;
      const read = readOptions(block);
      model.options = read.options;
      problems.push(...read.problems);
    } else if (sawOptions || model.accept.length) {
      problems.push('only the explanation (a paragraph starting with **Why:**) may follow the options or the answer; move other text above the options');
    } else {
      model.body.push(...block);
    }
    i = end;
  }
  const label = kind === 'check' ? '**Check:**' : '**Poll:**';
  if (!model.question) problems.push(`write the question on the ${label} line`);
  if (kind === 'poll' && model.accept.length) problems.push('a poll has no right answer: remove the **Answer:** line, or write **Check:** instead of **Poll:**');
  if (kind === 'poll' && model.options.some((o) => o.correct)) problems.push('a poll has no right answer: write every option as "- [ ]", or write **Check:** instead of **Poll:**');
  if (model.options.length && model.accept.length) problems.push('give either options (- [ ] / - [x]) or an **Answer:** line, not both');
  if (!model.options.length && !model.accept.length && !problems.length) {
    problems.push(kind === 'check' ? 'add options ("- [ ] wrong", "- [x] right") or a short answer ("**Answer:** 8080")' : 'add at least two options, each "- [ ] text"');
  }
  if (model.options.length === 1) problems.push('give at least two options');
  if (model.options.length > MAX_OPTIONS) problems.push(`give at most ${MAX_OPTIONS} options`);
  if (kind === 'check' && model.options.length > 1 && !model.options.some((o) => o.correct)) {
    problems.push('mark the right option(s) with "- [x]", or write **Poll:** for a question without a right answer');
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: model };
}

/** How a short answer is compared: case, surrounding space and inner runs of space do not matter. */
export function normalizeAnswer(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}
