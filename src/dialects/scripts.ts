/**
 * Raw `<script>` in a lesson: dropped with a warning naming its line (a deck
 * is slides, and a script meant for another tool's page usually breaks ours),
 * or kept when the course or lesson says `lessondeck: { scripts: keep }`.
 */
import type { MarkdownIt, Token } from 'markdown-it';
import { envOf, fileLine, report } from './tokens.ts';

const SCRIPT_ELEMENT = /<script\b[\s\S]*?(?:<\/script\s*>|$)/gi;

export function scriptsPlugin(md: MarkdownIt): void {
  md.core.ruler.push('ld_scripts', (state) => {
    const env = envOf(state);
    if (env.dialect?.switches.scripts === 'keep') return;
    const warn = (token: Token | undefined) => report(env, fileLine(env, token), 'script-dropped', 'A <script> element was dropped: decks do not run scripts from lessons. Remove it, or set `lessondeck: { scripts: keep }` in front matter to keep it.');
    for (const token of state.tokens) {
      if (token.type === 'html_block' && /<script\b/i.test(token.content)) {
        token.content = token.content.replace(SCRIPT_ELEMENT, '');
        warn(token);
      } else if (token.type === 'inline' && token.children?.some(isScriptOpen)) {
        token.children = dropInlineScripts(token.children);
        warn(token);
      }
    }
  });
}

function isScriptOpen(token: Token): boolean {
  return token.type === 'html_inline' && /^<script\b/i.test(token.content);
}

function dropInlineScripts(children: Token[]): Token[] {
  const kept: Token[] = [];
  let inScript = false;
  for (const child of children) {
    if (isScriptOpen(child)) inScript = !/<\/script\s*>/i.test(child.content);
    else if (inScript) inScript = !(child.type === 'html_inline' && /^<\/script/i.test(child.content));
    else kept.push(child);
  }
  return kept;
}
