/**
 * `**Navigation:** [← Previous](a.md) | [Module Overview](../README.md) | [Next →](b.md)`
 * lines are links for moving between decks, not slide text.
 */
import type { Token } from 'markdown-it';
import type { Block } from './blocks.ts';
import { paragraphInline } from './blocks.ts';
import type { DeckNavigation, NavLink } from './model.ts';

const NAVIGATION_LEAD = /^\s*(?:\*\*|__)?navigation:?(?:\*\*|__)?:?/i;

export function isNavigationLine(block: Block): boolean {
  const inline = paragraphInline(block);
  return !!inline && NAVIGATION_LEAD.test(inline.content);
}

/** Reads prev/next/up from the links of a navigation line. */
export function readNavigation(block: Block, resolve: (href: string) => string): DeckNavigation {
  const nav: DeckNavigation = {};
  for (const link of linksOf(paragraphInline(block)!)) {
    const role = linkRole(link.label);
    const entry: NavLink = { href: resolve(link.href), label: cleanLabel(link.label) };
    if (role && !nav[role]) nav[role] = entry;
  }
  return nav;
}

function linksOf(inline: Token): { href: string; label: string }[] {
  const links: { href: string; label: string }[] = [];
  const children = inline.children ?? [];
  for (let i = 0; i < children.length; i++) {
    if (children[i]!.type !== 'link_open') continue;
    const href = String(children[i]!.attrGet('href') ?? '');
    let label = '';
    for (i++; i < children.length && children[i]!.type !== 'link_close'; i++) label += children[i]!.content;
    links.push({ href, label });
  }
  return links;
}

function linkRole(label: string): keyof DeckNavigation | undefined {
  if (/→|»|\bnext\b/i.test(label)) return 'next';
  if (/←|«|\bprev(ious)?\b|\bback\b/i.test(label)) return label.match(/overview|module|course|index/i) ? 'up' : 'prev';
  if (/overview|module|course|index|contents|home|summary/i.test(label)) return 'up';
  return undefined;
}

function cleanLabel(label: string): string {
  return label.replace(/[←→«»]/g, '').replace(/^\s*(?:next|previous|prev)\s*(?:lesson|lab)?\s*:\s*/i, '').trim();
}
