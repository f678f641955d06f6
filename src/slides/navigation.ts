/**
 * `**Navigation:** [← Previous](a.md) | [Module Overview](../README.md) | [Next →](b.md)`
 * lines are links for moving between decks, not slide text.
 */
import type { Token } from 'markdown-it';
import type { Block } from './blocks.ts';
import { paragraphInline } from './blocks.ts';
import type { DeckNavigation, NavLink } from './model.ts';

const NAVIGATION_LEAD = /^\s*(?:\*\*|__)?navigation:?(?:\*\*|__)?:?/i;

/** Text allowed between the links of a bare navigation line or breadcrumb (arrows, separators, "Next:"). */
const NAVIGATION_GLUE = /^[\s|·•›»«/>\-–—←→⬅➡↩↪⏮⏭]*(?:(?:next|previous|prev|back(?: to)?|up|home|module|course|lesson|lab)\b\s*:?[\s|·•›»«/>\-–—←→⬅➡]*)*$/iu;

/**
 * A navigation line: `**Navigation:** …`, or a paragraph that is nothing but
 * links with arrows or separators between them — `⬅️ [Overview](..) | **Next:** [Lesson 2](b.md) ➡`,
 * or a breadcrumb `[Course](..) › [Module 1](.) › Lesson 1`.
 */
export function isNavigationLine(block: Block): boolean {
  const inline = paragraphInline(block);
  if (!inline) return false;
  if (NAVIGATION_LEAD.test(inline.content)) return true;
  const links = linksOf(inline);
  if (links.length === 0) return false;
  const glue = textOutsideLinks(inline).replace(/\uFE0F/g, '');
  const arrowsOrWords = /[←→⬅➡«»]|\b(next|previous|prev|back)\b/i.test(glue) || links.some((l) => /[←→⬅➡«»]|\b(next|previous|prev)\b/i.test(l.label));
  const breadcrumb = links.length >= 2 && /[›»/>]/.test(glue);
  // The last crumb of a breadcrumb is the page itself, as text.
  const rest = breadcrumb ? glue.replace(/[›»/>][^›»/>]*$/, '') : glue;
  return (arrowsOrWords || breadcrumb) && NAVIGATION_GLUE.test(rest);
}

/** The paragraph's text that is not inside a link, formatting markers dropped. */
function textOutsideLinks(inline: Token): string {
  let depth = 0;
  let text = '';
  for (const child of inline.children ?? []) {
    if (child.type === 'link_open') depth++;
    else if (child.type === 'link_close') depth--;
    else if (depth === 0 && (child.type === 'text' || child.type === 'softbreak')) text += child.type === 'softbreak' ? ' ' : child.content;
  }
  return text;
}

/** Reads prev/next/up from the links of a navigation line. */
export function readNavigation(block: Block, resolve: (href: string) => string): DeckNavigation {
  const nav: DeckNavigation = {};
  const inline = paragraphInline(block)!;
  const links = linksOf(inline);
  // A breadcrumb's last link is the page's parent.
  if (links.length >= 2 && /[›»/>]/.test(textOutsideLinks(inline)) && !/[←→⬅➡]|\b(next|previous|prev)\b/i.test(inline.content)) {
    const parent = links[links.length - 1]!;
    return { up: { href: resolve(parent.href), label: cleanLabel(parent.label) } };
  }
  for (const link of links) {
    // Words around a link say what it is too: "**Next:** [Lesson 2](b.md) ➡".
    const role = linkRole(`${link.before} ${link.label} ${link.after}`);
    const entry: NavLink = { href: resolve(link.href), label: cleanLabel(link.label) };
    if (role && !nav[role]) nav[role] = entry;
  }
  return nav;
}

interface InlineLink {
  href: string;
  label: string;
  /** Text between the previous link and this one, and after this one up to the next. */
  before: string;
  after: string;
}

function linksOf(inline: Token): InlineLink[] {
  const links: InlineLink[] = [];
  const children = inline.children ?? [];
  let between = '';
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child.type !== 'link_open') {
      if (child.type === 'text') between += child.content;
      continue;
    }
    const href = String(child.attrGet('href') ?? '');
    let label = '';
    for (i++; i < children.length && children[i]!.type !== 'link_close'; i++) label += children[i]!.content;
    const previous = links[links.length - 1];
    // Text between two links: what follows a separator belongs to the next link.
    const [after, ...beforeParts] = between.split(/\s[|·•]\s/);
    if (previous) previous.after = after ?? '';
    links.push({ href, label, before: previous ? beforeParts.join(' ') : between, after: '' });
    between = '';
  }
  const last = links[links.length - 1];
  if (last) last.after = between;
  return links;
}

function linkRole(label: string): keyof DeckNavigation | undefined {
  if (/→|»|➡|\bnext\b/i.test(label)) return 'next';
  if (/←|«|⬅|\bprev(ious)?\b|\bback\b/i.test(label)) return label.match(/overview|module|course|index/i) ? 'up' : 'prev';
  if (/overview|module|course|index|contents|home|summary/i.test(label)) return 'up';
  return undefined;
}

function cleanLabel(label: string): string {
  return label.replace(/\uFE0F/g, '').replace(/[←→«»⬅➡]/g, '').replace(/^\s*(?:next|previous|prev)\s*(?:lesson|lab)?\s*:\s*/i, '').trim();
}
