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
import { planSlideFirst, detectMode } from './planSlideFirst.ts';
import { createDialectContext, type CourseDialectHints } from '../dialects/context.ts';
import type { SlidePlan } from './slidePlan.ts';
import { isLab, markLabSteps } from './labSteps.ts';

export interface SliceInput {
  /** Path relative to the course root, posix separators. */
  file: string;
  text: string;
  /** Diagram sources to draw as two diagrams: none of their layouts was readable (see render/diagramInTwo.ts). */
  cutInTwo?: ReadonlySet<string>;
  renderCode?: CodeRenderer;
  resolveLink?: (href: string, line: number) => string;
  readRelative?: (relativePath: string) => string | undefined;
  /** Why a file next to the lesson may not be used (see RenderEnv.refusePath); nothing is refused by default. */
  refusePath?: (relativePath: string) => string | undefined;
  markdown?: MarkdownIt;
  /** Overrides front matter `mode` and detection. */
  mode?: DeckMode;
  /** Used when front matter says no `mode` (config `slides.mode`), instead of detection. */
  defaultMode?: DeckMode;
  /** What the course says about its files' dialects (a Jekyll site, its URLs, course switches). */
  dialectHints?: CourseDialectHints;
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
    refusePath: input.refusePath ?? (() => undefined),
    diagrams: [],
    diagnostics: [...frontMatter.diagnostics],
    currentLine: 1,
    dialect: createDialectContext(input.file, frontMatter.data, frontMatter.body, input.dialectHints),
    ...(input.cutInTwo?.size ? { cutInTwo: input.cutInTwo } : {}),
  };
  const dialect = env.dialect!;
  env.diagnostics.push(...dialect.diagnostics);
  const md = input.markdown ?? (defaultMarkdown ??= createMarkdown());
  const nesting = limitNesting(frontMatter.body, input.file, frontMatter.lineOffset);
  env.diagnostics.push(...nesting.diagnostics);
  let blocks = groupBlocks(md.parse(nesting.text, env));
  const forced = input.mode ?? modeFrom(frontMatter.data.mode) ?? input.defaultMode;
  const decision = forced ? undefined : detectMode(blocks, dialect);
  const mode = forced ?? decision!.mode;
  if (decision && !decision.obvious) env.diagnostics.push(modeNote(input.file, decision.mode, decision.reason));
  if (mode === 'slides') {
    // Slide tools' own rules (notes separators, comment notes, per-slide front matter) apply from here on.
    dialect.slideFirst = true;
    dialect.slideMeta = [];
    blocks = groupBlocks(md.parse(nesting.text, env));
  }
  const plan = mode === 'slides' ? planSlideFirst(blocks, dialect) : planDocument(blocks, { ...optionsFrom(frontMatter.data), lab: isLab(input.file, frontMatter.data) });
  // In a Jekyll page, front matter `title` is the navigation label; the `#` heading names the page.
  const frontTitle = stringValue(frontMatter.data.title);
  const title = (dialect.dialects.jekyll ? plan.title ?? frontTitle : frontTitle ?? plan.title) ?? fileTitle(input.file);
  const slides = markLabSteps(renderPlans(plan.slides, { md, env, title }), input.file, frontMatter.data);
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
    const visible = plan.visible.filter((b) => !isFitDirective(b) && b.type !== 'ld_slide_attrs');
    const attributes = slideAttributes(plan);
    const heading = plan.heading ? renderHeading(plan, ctx) : '';
    const blocks = renderBlockList(visible, ctx);
    const notes = renderBlockList(plan.notes, ctx);
    const agenda = plan.agenda?.length ? `<ul class="${agendaClass(plan.agenda.length)}">${plan.agenda.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>` : '';
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
      ...(attributes.length ? { attributes } : {}),
    };
  });
}

/** A long agenda (a lab's fourteen steps) is set in two columns, and smaller still past ten items, so it stays on its slide. */
function agendaClass(items: number): string {
  return ['ld-agenda', ...(items > 6 ? ['ld-agenda-columns'] : []), ...(items > 10 ? ['ld-agenda-many'] : [])].join(' ');
}

/** `<section>` attributes: set by a slide-first dialect, and by reveal's `<!-- .slide: … -->` anywhere on the slide. */
function slideAttributes(plan: SlidePlan): [string, string][] {
  const fromComments = [...plan.visible, ...plan.notes].flatMap((b) => b.tokens).filter((t) => t.type === 'ld_slide_attrs').flatMap((t) => (t.meta?.attributes ?? []) as [string, string][]);
  return [...(plan.attributes ?? []), ...fromComments];
}

function modeNote(file: string, mode: DeckMode, reason: string): Diagnostic {
  const message = mode === 'slides'
    ? `Read as slide-first (each --- starts a slide): ${reason}. Add "mode: document" to the front matter to read it as a document.`
    : `Read as a document (its --- lines are rules between sections): ${reason}. Add "mode: slides" to the front matter to start a slide at every ---.`;
  return { file, line: 1, column: 1, severity: 'info', rule: 'mode', message };
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
