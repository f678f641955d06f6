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
import type { Deck, DeckMode, DeckNavigation, Slide } from './model.ts';
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
  const blocks = groupBlocks(md.parse(frontMatter.body, env));
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
  return plans.map((plan, i) => {
    const id = headingIds[i] ?? slugger.slug(`${plan.title || 'slide'} part ${plan.part?.index ?? i}`);
    return {
      id,
      level: plan.level,
      kind: plan.kind,
      title: plan.title,
      headingLevel: plan.headingLevel,
      html: renderSlideBody(plan, ctx),
      notesHtml: renderBlocks(plan.notes, ctx),
      source: { file: ctx.env.file, line: plan.bodyLine + ctx.env.lineOffset + 1 },
      ...(plan.part ? { part: plan.part } : {}),
    };
  });
}

function renderSlideBody(plan: SlidePlan, ctx: RenderContext): string {
  const heading = plan.heading ? renderHeading(plan, ctx) : '';
  const agenda = plan.agenda?.length ? `<ul class="ld-agenda">${plan.agenda.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>` : '';
  const lead = plan.lead ? `<p class="ld-lead">${escapeHtml(plan.lead)}</p>` : '';
  return heading + lead + renderBlocks(plan.visible, ctx) + agenda;
}

function renderHeading(plan: SlidePlan, ctx: RenderContext): string {
  const inline = plan.heading!.tokens[1]!;
  const tag = `h${Math.min(Math.max(plan.headingLevel, 1), 6)}`;
  const text = ctx.md.renderer.renderInline(inline.children ?? [], ctx.md.options, ctx.env);
  const part = plan.part ? ` <span class="ld-continued">(${plan.part.index}/${plan.part.total})</span>` : '';
  return `<${tag}>${text}${part}</${tag}>`;
}

function renderBlocks(blocks: Block[], ctx: RenderContext): string {
  return blocks
    .map((block) => {
      ctx.env.currentLine = block.bodyLine + ctx.env.lineOffset + 1;
      return ctx.md.renderer.render(block.tokens, ctx.md.options, ctx.env);
    })
    .join('');
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
