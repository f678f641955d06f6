/**
 * What another tool renders with code we do not have: Vue (Slidev) and JSX
 * (Docusaurus MDX) components such as `<Tweet id="…"/>`, MDX `import` lines,
 * and PlantUML diagrams. None of it reaches a slide as raw markup and none of
 * it disappears silently: each is a located `unrendered` warning in build and
 * check and a visible box on the slide in dev; a component's children are
 * kept, a PlantUML diagram is shown as its source. Docusaurus `<Tabs>` /
 * `<TabItem label="…">` is understood: it becomes labelled panels like
 * MkDocs tabs.
 */
import type { MarkdownIt, Token } from 'markdown-it';
import type { RenderEnv } from '../slides/renderEnv.ts';
import { tabPanelOpen } from './mkdocsTabs.ts';
import { envOf, fileLine, parseHtmlAttributes, report, unrendered } from './tokens.ts';

const COMPONENT_TAG = /<(\/?)([A-Z][\w.]*)\b((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;
const MDX_LINE = /^(?:import\s[\s\S]+?\sfrom\s+['"][^'"]+['"];?|import\s+['"][^'"]+['"];?|export\s+(?:const|default|function)\b.*)$/;
const PLANTUML = new Set(['plantuml', 'puml', 'uml']);

export function replaceComponents(html: string, env: RenderEnv, line: number): string {
  return html.replace(COMPONENT_TAG, (_whole, closing: string, name: string, attrs: string, selfClosing: string) => {
    if (name === 'Tabs') return '';
    if (name === 'TabItem') {
      if (closing) return '</div>';
      const pairs = Object.fromEntries(parseHtmlAttributes(attrs));
      return tabPanelOpen(pairs.label ?? pairs.value ?? 'Tab').trimEnd();
    }
    if (closing) return '';
    void selfClosing;
    return unrendered(env, line, `Component "${name}"`, 'it is a Vue or JSX component of another tool (its content, if any, is kept). Replace it with markdown or plain HTML.');
  });
}

export function componentsPlugin(md: MarkdownIt): void {
  md.core.ruler.after('inline', 'ld_components', (state) => {
    const env = envOf(state);
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.type === 'html_block' && /<\/?[A-Z]/.test(token.content)) token.content = replaceComponents(token.content, env, fileLine(env, token));
      if (token.type === 'inline' && tokens[i - 1]?.type === 'paragraph_open' && isMdxOnly(token)) {
        report(env, fileLine(env, token), 'unrendered', 'MDX import/export lines are ignored: they load code for another tool.');
        tokens.splice(i - 1, 3);
        i -= 2;
        continue;
      }
      for (const child of token.children ?? []) if (child.type === 'html_inline' && /<\/?[A-Z]/.test(child.content)) child.content = replaceComponents(child.content, env, fileLine(env, token));
      if (token.type === 'inline' && token.children && dropMdxComments(token.children) && tokens[i - 1]?.type === 'paragraph_open') {
        tokens.splice(i - 1, 3); // a paragraph that was only an MDX comment
        i -= 2;
      }
    }
  });
  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const lang = token.info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    if (!PLANTUML.has(lang) && !/^\s*@startuml/.test(token.content)) return fence(tokens, idx, options, env, self);
    const renderEnv = env as RenderEnv;
    const line = fileLine(renderEnv, token);
    const marker = unrendered(renderEnv, line, 'PlantUML diagram', 'it is shown as its source. Redraw it as a ```mermaid diagram to get a picture.');
    const plain = token.info;
    token.info = 'text';
    const html = fence(tokens, idx, options, env, self);
    token.info = plain;
    return `${marker}${html}`;
  };
}

function isMdxOnly(inline: Token): boolean {
  const lines = inline.content.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.length > 0 && lines.every((l) => MDX_LINE.test(l));
}

/** `{/* … *\/}` is an MDX comment: not shown in Docusaurus either. True when nothing is left. */
function dropMdxComments(children: Token[]): boolean {
  if (!children.some((c) => c.type === 'text' && c.content.includes('{/*'))) return false;
  for (const child of children) if (child.type === 'text') child.content = child.content.replace(/\{\/\*[\s\S]*?\*\/\}/g, '');
  return children.every((c) => (c.type === 'text' && c.content.trim() === '') || c.type === 'softbreak');
}
