/**
 * kramdown (Jekyll) and MkDocs `attr_list` attribute lists: `{: .class #id
 * key="value"}` (MkDocs also `{ .class }`) on the line after a block or
 * before it, at the end of a heading, or right after an inline element
 * (`[Start](x){: .btn}`). They are applied as kramdown does — a list right
 * after a block (no blank line) belongs to it, one after a blank line to the
 * next block — and never left as text. just-the-docs callout classes
 * (`{: .note}`, `.warning`, `.important`, `.highlight`, `.new`) make the
 * block a callout box. Attribute-list definitions (`{:ref: .x}`), `{:toc}`
 * placeholders and kramdown extensions (`{::comment}`) are consumed too.
 */
import type { MarkdownIt, StateCore, Token } from 'markdown-it';
import { calloutKind, defaultTitle } from './callout.ts';
import { applyAttributes, elementBefore, matchingClose, previousSibling } from './tokens.ts';

type Pairs = [string, string][];

const IAL = /^\{:?\s*((?:[.#][\w-]+|[\w-]+(?:=(?:"[^"]*"|'[^']*'|[^\s}"']+))?)(?:\s+(?:[.#][\w-]+|[\w-]+(?:=(?:"[^"]*"|'[^']*'|[^\s}"']+))?))*)\s*\}$/;
const ALD = /^\{:([\w-]+):\s*([^}]*)\}$/;
const EXTENSION = /^\{::(?:comment|options|nomarkdown)\b[^}]*\}|^\{:\/(?:comment|nomarkdown)?\}$/;
const TOC = /^\{:toc\b[^}]*\}$/;
const JTD_CALLOUTS = ['note', 'warning', 'important', 'highlight', 'new'];

/** Attribute pairs of an attribute list like `{: .a #b c="d"}`; undefined when the text is not one. */
export function parseAttributeList(text: string, definitions: ReadonlyMap<string, Pairs> = new Map()): Pairs | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{:') && !/^\{\s*[.#]/.test(trimmed)) return undefined;
  const match = IAL.exec(trimmed);
  if (!match) return undefined;
  const pairs: Pairs = [];
  for (const part of match[1]!.match(/[.#][\w-]+|[\w-]+(?:=(?:"[^"]*"|'[^']*'|[^\s}"']+))?/g) ?? []) {
    if (part.startsWith('.')) pairs.push(['class', part.slice(1)]);
    else if (part.startsWith('#')) pairs.push(['id', part.slice(1)]);
    else if (part.includes('=')) {
      const [name, ...rest] = part.split('=');
      if (!/^on/i.test(name!)) pairs.push([name!, rest.join('=').replace(/^["']|["']$/g, '')]);
    } else pairs.push(...(definitions.get(part) ?? []));
  }
  return pairs;
}

/** Applies attributes to a block's opening token; callout classes make it a callout. */
function applyToBlock(open: Token, pairs: Pairs): void {
  applyAttributes(open, pairs);
  const callout = pairs.find(([name, value]) => name === 'class' && JTD_CALLOUTS.includes(value));
  if (callout && ['paragraph_open', 'blockquote_open'].includes(open.type)) {
    const type = callout[1] === 'highlight' ? 'note' : callout[1];
    applyAttributes(open, [['class', `admonition admonition-${calloutKind(type)} ld-callout-labelled`], ['data-callout-title', defaultTitle(callout[1])]]);
  }
}

export function kramdownAttributesPlugin(md: MarkdownIt): void {
  md.core.ruler.after('inline', 'ld_kramdown_attributes', (state) => {
    const definitions = new Map<string, Pairs>();
    applyBlockLists(state, definitions);
    for (const token of state.tokens) if (token.type === 'inline' && token.children) applySpanLists(token.children, definitions);
  });
}

function applyBlockLists(state: StateCore, definitions: Map<string, Pairs>): void {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const inline = tokens[i];
    if (inline?.type !== 'inline' || !inline.children) continue;
    const container = tokens[i - 1];
    if (!container) continue; // a bare inline parse (a title): nothing to attach to
    const lines = inline.content.split('\n');
    // `{:toc}` after a one-line list: the list is a placeholder kramdown fills with the page's headings.
    if (TOC.test(lines[lines.length - 1]!.trim())) {
      const list = enclosingList(tokens, i);
      if (list !== undefined) {
        const contents = contentsList(state, list);
        tokens.splice(list, matchingClose(tokens, list) - list + 1, ...contents);
        i = list + contents.length - 1;
        continue;
      }
    }
    const consumed = (line: string) => ALD.test(line.trim()) || EXTENSION.test(line.trim()) || TOC.test(line.trim());
    for (const line of lines) {
      const ald = ALD.exec(line.trim());
      if (ald) definitions.set(ald[1]!, parseAttributeList(`{: ${ald[2]}}`, definitions) ?? []);
    }
    const first = parseAttributeList(lines[0]!, definitions);
    const last = lines.length > 1 ? parseAttributeList(lines[lines.length - 1]!, definitions) : undefined;
    const whole = lines.every((l) => parseAttributeList(l, definitions) !== undefined || consumed(l));
    if (container.type === 'heading_open' || container.type === 'paragraph_open' || container.type === 'th_open' || container.type === 'td_open') {
      if (container.type === 'heading_open') {
        const trailing = /\s+(\{[^{}]*\})\s*$/.exec(inline.content);
        const pairs = trailing ? parseAttributeList(trailing[1]!, definitions) : undefined;
        if (pairs) {
          applyAttributes(container, pairs.filter(([name]) => name !== 'id'));
          setInline(state, inline, inline.content.slice(0, trailing!.index));
        }
        continue;
      }
      if (container.type !== 'paragraph_open') continue;
      if (whole) {
        const pairs = lines.flatMap((l) => parseAttributeList(l, definitions) ?? []);
        const target = adjacentTarget(tokens, i - 1);
        if (target && pairs.length) applyToBlock(target, pairs);
        tokens.splice(i - 1, 3);
        i -= 2;
        continue;
      }
      const keep = lines.filter((l) => !consumed(l));
      let text = keep.join('\n');
      const target = container.hidden ? listItemOf(tokens, i - 1) ?? container : container;
      if (first && keep.length > 1) {
        applyToBlock(target, first);
        text = keep.slice(1).join('\n');
      }
      if (last && !(first && keep.length === 2)) {
        applyToBlock(target, last);
        text = text.split('\n').slice(0, -1).join('\n');
      }
      if (text !== inline.content) setInline(state, inline, text);
    }
  }
}

/** The block an attribute-list paragraph belongs to: the one ending on the line before it, else the next one. */
function adjacentTarget(tokens: Token[], open: number): Token | undefined {
  const previous = previousSibling(tokens, open);
  if (previous !== undefined && tokens[previous]!.map?.[1] === tokens[open]!.map?.[0]) return tokens[previous];
  return nextBlock(tokens, open);
}

/** A list of the page's `##` headings (kramdown's `{:toc}`), leaving out those marked `.no_toc`. */
function contentsList(state: StateCore, at: number): Token[] {
  const tokens = state.tokens;
  const map = tokens[at]!.map;
  const titles = tokens
    .map((t, k) => (t.type === 'heading_open' && t.tag === 'h2' && !/\bno_toc\b/.test(String(t.attrGet('class') ?? '')) && !/\{:?\s*[^}]*\.no_toc\b/.test(tokens[k + 1]?.content ?? '') && !/^\{:?[^}]*\.no_toc/m.test(tokens[k + 4]?.content ?? '') ? tokens[k + 1]! : undefined))
    .filter((t): t is Token => !!t);
  if (titles.length === 0) return [];
  const make = (type: string, tag: string, nesting: -1 | 0 | 1) => {
    const token = new state.Token(type, tag, nesting);
    token.map = map;
    token.block = nesting !== 0 || type !== 'inline';
    return token;
  };
  const out = [make('bullet_list_open', 'ul', 1)];
  for (const title of titles) {
    const text = title.content.replace(/\s*\{[^{}]*\}\s*$/, '');
    const inline = make('inline', '', 0);
    inline.content = text;
    inline.children = [];
    state.md.inline.parse(text, state.md, state.env, inline.children);
    const paragraphOpen = make('paragraph_open', 'p', 1);
    const paragraphClose = make('paragraph_close', 'p', -1);
    paragraphOpen.hidden = paragraphClose.hidden = true;
    out.push(make('list_item_open', 'li', 1), paragraphOpen, inline, paragraphClose, make('list_item_close', 'li', -1));
  }
  out.push(make('bullet_list_close', 'ul', -1));
  return out;
}

function nextBlock(tokens: Token[], open: number): Token | undefined {
  const close = matchingClose(tokens, open);
  const next = tokens[close + 1];
  return next && next.nesting === 1 && next.level === tokens[open]!.level ? next : undefined;
}

function listItemOf(tokens: Token[], paragraph: number): Token | undefined {
  const before = tokens[paragraph - 1];
  return before?.type === 'list_item_open' ? before : undefined;
}

function enclosingList(tokens: Token[], inline: number): number | undefined {
  for (let j = inline; j >= 0; j--) {
    const t = tokens[j]!;
    if ((t.type === 'bullet_list_open' || t.type === 'ordered_list_open') && matchingClose(tokens, j) > inline && t.level === 0) return j;
  }
  return undefined;
}

/** Gives an inline token new text, parsed again (an attribute list was taken off one end). */
function setInline(state: StateCore, inline: Token, text: string): void {
  inline.content = text;
  inline.children = [];
  state.md.inline.parse(text, state.md, state.env, inline.children);
}

/** `*x*{: .c}`, `[a](b){: .btn}`, `![i](p){: width="50%"}`: the list right after an inline element. */
function applySpanLists(children: Token[], definitions: ReadonlyMap<string, Pairs>): void {
  for (let i = 1; i < children.length; i++) {
    const child = children[i]!;
    if (child.type !== 'text') continue;
    const match = /^\{:?\s*[^{}]*\}/.exec(child.content);
    const pairs = match ? parseAttributeList(match[0], definitions) : undefined;
    if (!match || !pairs) continue;
    const target = elementBefore(children, i);
    if (!target) continue;
    applyAttributes(target, pairs);
    child.content = child.content.slice(match[0].length);
  }
}
