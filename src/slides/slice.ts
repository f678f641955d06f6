/**
 * The pure core: one lesson file (text) in, one deck model out.
 * No browser, no file system, no Vite — callbacks bring in what is outside.
 */
import type { MarkdownIt } from 'markdown-it';
import GithubSlugger from 'github-slugger';
import type { Diagnostic } from '../diagnostics.ts';
import { parseDurationMinutes, parseFrontMatter } from '../course/frontMatter.ts';
import type { Block } from './blocks.ts';
import { groupBlocks } from './blocks.ts';
import { readNavigation } from './navigation.ts';
import { createMarkdown } from './markdown.ts';
import { limitNesting } from './nesting.ts';
import type { Deck, DeckMode, DeckNavigation, FitMode, Slide, SlideBlock } from './model.ts';
import type { CodeRenderer, RenderEnv } from './renderEnv.ts';
import { escapeHtml, plainCodeRenderer } from './renderEnv.ts';
import { planDocument } from './planDocument.ts';
import { planSlideFirst, looksSlideFirst } from './planSlideFirst.ts';
import type { SlidePlan } from './slidePlan.ts';

export interface SliceInput {
  /** Path relative to the course root, posix separators. */
  file: string;
  text: string;
  renderCode?: CodeRenderer;
  resolveLink?: (href: string, line: number) => string;
  readRelative?: (relativePath: string) => string | undefined;
  markdown?: MarkdownIt;
  /** Overrides front matter `mode` and detection. */
  mode?: DeckMode;
}

let defaultMarkdown: MarkdownIt | undefined;

export function sliceLesson(input: SliceInput): Deck {
  const frontMatter = parseFrontMatter(input.text, input.file);
  const env: RenderEnv = {
    file: input.file,
    lineOffset: frontMatter.lineOffset,
    renderCode: input.renderCode ?? plainCodeRenderer,
    resolveLink: input.resolveLink ?? ((href) => href),
    readRelative: input.readRelative ?? (() => undefined),
    diagrams: [],
    diagnostics: [...frontMatter.diagnostics],
    currentLine: 1,
  };
  const md = input.markdown ?? (defaultMarkdown ??= createMarkdown());
  const nesting = limitNesting(frontMatter.body, input.file, frontMatter.lineOffset);
  env.diagnostics.push(...nesting.diagnostics);
  const blocks = groupBlocks(md.parse(nesting.text, env));
  const mode = input.mode ?? modeFrom(frontMatter.data.mode) ?? (looksSlideFirst(blocks) ? 'slides' : 'document');
  const plan = mode === 'slides' ? planSlideFirst(blocks) : planDocument(blocks, optionsFrom(frontMatter.data));
  const title = stringValue(frontMatter.data.title) ?? plan.title ?? fileTitle(input.file);
  const slides = renderPlans(plan.slides, { md, env, title });
  // The first navigation line wins; later ones (often a copy at the bottom) only fill gaps.
  const nav: DeckNavigation = {};
  for (const line of plan.navigation) Object.assign(nav, { ...readNavigation(line, (href) => env.resolveLink(href, line.bodyLine + env.lineOffset + 1)), ...nav });

  const duration = parseDurationMinutes(frontMatter.data.duration) ?? plan.statedDuration;
  return {
    file: input.file,
    title,
    mode,
    frontMatter: frontMatter.data,
    slides,
    nav,
    diagrams: env.diagrams,
    diagnostics: env.diagnostics.concat(emptySlideWarnings(slides)),
    ...(duration !== undefined ? { durationMinutes: duration } : {}),
  };
}

interface RenderContext {
  md: MarkdownIt;
  env: RenderEnv;
  title: string;
}

function renderPlans(plans: SlidePlan[], ctx: RenderContext): Slide[] {
  const slugger = new GithubSlugger();
  // Reserve heading slugs first, in document order, so `lesson.md#some-heading` links keep working.
  const headingIds = plans.map((plan) => (plan.part && plan.part.index > 1 ? undefined : slugger.slug(plan.title || 'slide')));
  let sectionFit: FitMode | undefined;
  return plans.map((plan, i) => {
    const id = headingIds[i] ?? slugger.slug(`${plan.title || 'slide'} part ${plan.part?.index ?? i}`);
    // A section's directive also covers the parts it was spread over.
    const fit = fitDirective(plan.visible) ?? (plan.part && plan.part.index > 1 ? sectionFit : undefined);
    sectionFit = fit;
    const visible = plan.visible.filter((b) => !isFitDirective(b));
    const heading = plan.heading ? renderHeading(plan, ctx) : '';
    const blocks = renderBlockList(visible, ctx);
    const notes = renderBlockList(plan.notes, ctx);
    const agenda = plan.agenda?.length ? `<ul class="ld-agenda">${plan.agenda.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>` : '';
    const lead = plan.lead ? `<p class="ld-lead">${escapeHtml(plan.lead)}</p>` : '';
    const part = plan.part ? ` <span class="ld-continued">(${plan.part.index}/${plan.part.total})</span>` : '';
    return {
      id,
      level: plan.level,
      kind: plan.kind,
      title: plan.title,
      headingLevel: plan.headingLevel,
      html: withPartSuffix(heading, part) + lead + joinHtml(blocks) + agenda,
      notesHtml: joinHtml(notes),
      source: { file: ctx.env.file, line: plan.bodyLine + ctx.env.lineOffset + 1 },
      ...(plan.part ? { part: plan.part } : {}),
      ...(fit ? { fit } : {}),
      // Every slide's pieces, so the layout pass can arrange it: a lead sentence is its one block;
      // a section slide's agenda is not a block (on a shared slide its children are shown instead).
      layout: { heading, blocks: lead ? [{ html: lead, line: plan.bodyLine + ctx.env.lineOffset + 1 }, ...blocks] : blocks, notes },
    };
  });
}

function renderHeading(plan: SlidePlan, ctx: RenderContext): string {
  const inline = plan.heading!.tokens[1]!;
  const tag = `h${Math.min(Math.max(plan.headingLevel, 1), 6)}`;
  const text = ctx.md.renderer.renderInline(inline.children ?? [], ctx.md.options, ctx.env);
  return `<${tag}>${text}</${tag}>`;
}

/** Puts `(2/3)` inside the heading element, after its text. */
export function withPartSuffix(heading: string, suffix: string): string {
  return suffix ? heading.replace(/(<\/h[1-6]>)$/, `${suffix}$1`) : heading;
}

function renderBlockList(blocks: Block[], ctx: RenderContext): SlideBlock[] {
  return blocks.map((block) => {
    const line = block.bodyLine + ctx.env.lineOffset + 1;
    ctx.env.currentLine = line;
    return { html: ctx.md.renderer.render(block.tokens, ctx.md.options, ctx.env), line };
  });
}

function joinHtml(blocks: SlideBlock[]): string {
  return blocks.map((b) => b.html).join('');
}

const FIT_DIRECTIVE = /^<!--\s*fit\s*:\s*(auto|split|scale|none|false|off)\s*-->\s*$/i;

function isFitDirective(block: Block): boolean {
  return block.type === 'html_block' && FIT_DIRECTIVE.test(block.tokens[0]!.content.trim());
}

/** `<!-- fit: none -->` (or split, scale, auto) anywhere on the slide sets how it is fitted. */
function fitDirective(blocks: Block[]): FitMode | undefined {
  const block = blocks.find(isFitDirective);
  const value = block ? FIT_DIRECTIVE.exec(block.tokens[0]!.content.trim())![1]!.toLowerCase() : undefined;
  if (value === undefined) return undefined;
  return value === 'false' || value === 'off' ? 'none' : (value as FitMode);
}

function emptySlideWarnings(slides: Slide[]): Diagnostic[] {
  return slides
    .filter((s) => s.kind === 'content' && !s.notesHtml && !hasBodyContent(s.html))
    .map((s) => ({ file: s.source.file, line: s.source.line, column: 1, severity: 'warning' as const, rule: 'empty-slide', message: `Slide "${s.title}" has a heading and nothing else. Add content under it or remove the heading.` }));
}

/** True when a slide shows more than its heading (a diagram placeholder counts). */
function hasBodyContent(html: string): boolean {
  const body = html.replace(/^<h[1-6]>.*?<\/h[1-6]>/s, '');
  return /<[a-z]|<!--ld-diagram:/i.test(body) || body.trim() !== '';
}

function optionsFrom(data: Record<string, unknown>): { proseToNotes: boolean } {
  const value = (data.lessondeck as Record<string, unknown> | undefined)?.proseToNotes ?? data.proseToNotes;
  return { proseToNotes: value !== false };
}

function modeFrom(value: unknown): DeckMode | undefined {
  if (value === 'slides' || value === 'slide-first') return 'slides';
  if (value === 'document') return 'document';
  return undefined;
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function fileTitle(file: string): string {
  const base = file.split('/').pop() ?? file;
  return base.replace(/\.(md|markdown)$/i, '').replace(/^\d+[-_]/, '').replace(/[-_]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}
