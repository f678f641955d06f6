/**
 * Checkpoints and polls (see checkpointParse.ts for the syntax): a top-level
 * `> **Check:**` / `> **Poll:**` blockquote becomes one `ld_checkpoint` token,
 * which planDocument puts on a slide of its own and which renders as a form a
 * student answers (src/client/classroom/checkpoints.ts). A malformed one stays
 * a plain quote and is reported as a located error saying what to change.
 */
import type { MarkdownIt, Token } from 'markdown-it';
import GithubSlugger from 'github-slugger';
import type { RenderEnv } from '../renderEnv.ts';
import { escapeHtml } from '../renderEnv.ts';
import { fileLine, newToken, report } from '../../dialects/tokens.ts';
import { matchingClose } from '../../dialects/tokens.ts';
import { parseCheckpoint, type CheckpointModel } from './checkpointParse.ts';

export const CHECKPOINT_TOKEN = 'ld_checkpoint';

export interface CheckpointMeta extends Record<string, unknown> {
  id: string;
  model: CheckpointModel;
}

/** Plain text of inline markdown, for ids and titles (markup characters dropped). */
function plain(markdown: string): string {
  return markdown.replace(/[`*_[\]()<>!]/g, '').replace(/\s+/g, ' ').trim();
}

/** Title of a checkpoint's slide (index, search, speaker view). */
export function checkpointTitle(meta: CheckpointMeta): string {
  const question = plain(meta.model.question);
  return `${meta.model.kind === 'poll' ? 'Poll' : 'Check'}: ${question.length > 70 ? `${question.slice(0, 67).trimEnd()}…` : question}`;
}

export function checkpointsPlugin(md: MarkdownIt): void {
  md.core.ruler.after('inline', 'ld_checkpoints', (state) => {
    const env = state.env as RenderEnv;
    const slugger = new GithubSlugger();
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]!.type !== 'blockquote_open' || tokens[i]!.level !== 0) continue;
      const close = matchingClose(tokens, i);
      const parsed = parseCheckpoint(tokens.slice(i, close + 1));
      if (!parsed) continue;
      if (!parsed.ok) {
        const line = fileLine(env, tokens[i]);
        for (const problem of parsed.problems) report(env, line, 'checkpoint', `Checkpoint not made: ${problem}.`, 'error');
        i = close;
        continue;
      }
      const token = newToken(state, CHECKPOINT_TOKEN, 'div', 0, tokens[i]!.map);
      const meta: CheckpointMeta = { id: `cp-${slugger.slug(plain(parsed.value.question).slice(0, 48) || 'question')}`, model: parsed.value };
      token.meta = meta;
      token.block = true;
      tokens.splice(i, close - i + 1, token);
    }
  });
  md.renderer.rules[CHECKPOINT_TOKEN] = (tokens, idx, options, env) => checkpointHtml(md, tokens[idx]!.meta as unknown as CheckpointMeta, env as RenderEnv, options);
}

function checkpointHtml(md: MarkdownIt, meta: CheckpointMeta, env: RenderEnv, options: MarkdownIt['options']): string {
  const { id, model } = meta;
  const inline = (text: string): string => md.renderInline(text, env);
  const blocks = (tokens: Token[]): string => (tokens.length ? md.renderer.render(tokens, options, env) : '');
  const correct = model.options.flatMap((o, i) => (o.correct ? [i] : []));
  const multiple = correct.length > 1;
  const form = model.options.length ? 'choice' : 'text';
  const attrs = [
    `data-ld-checkpoint="${escapeHtml(id)}"`,
    `data-kind="${model.kind}"`,
    `data-form="${form}"`,
    model.kind === 'check' && form === 'choice' ? `data-correct="${correct.join(',')}"` : '',
    form === 'text' ? `data-accept="${escapeHtml(JSON.stringify(model.accept))}"` : '',
  ].filter(Boolean).join(' ');
  const label = model.kind === 'poll' ? 'Poll' : 'Check your understanding';
  const hint = multiple ? '<p class="ld-checkpoint-hint">Choose all that apply.</p>' : '';
  const field = form === 'choice'
    ? `<ol class="ld-checkpoint-options" type="A">${model.options.map((o, i) => `<li data-option="${i}"><label><input type="${multiple ? 'checkbox' : 'radio'}" name="${escapeHtml(id)}" value="${i}"><span class="ld-checkpoint-option">${inline(o.text)}</span></label><span class="ld-checkpoint-count" aria-hidden="true"></span></li>`).join('')}</ol>`
    : `<label class="ld-checkpoint-text"><span>Your answer</span><input type="text" name="${escapeHtml(id)}" maxlength="200" autocomplete="off" spellcheck="false"></label>`;
  const submit = model.kind === 'poll' ? 'Vote' : 'Check answer';
  return `<div class="ld-checkpoint" ${attrs}>`
    + `<p class="ld-checkpoint-label">${label}</p>`
    + `<p class="ld-checkpoint-question">${inline(model.question)}</p>${blocks(model.body)}${hint}`
    + `<form class="ld-checkpoint-form">${field}<button type="submit" class="ld-checkpoint-submit">${submit}</button></form>`
    + '<p class="ld-checkpoint-result" role="status"></p>'
    + (model.explanation.length ? `<div class="ld-checkpoint-why" hidden>${blocks(model.explanation)}</div>` : '')
    + '</div>\n';
}
