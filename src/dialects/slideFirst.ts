/**
 * What slide tools mean by a slide, beyond where it is cut: Slidev's
 * per-slide front matter (layout, class), slots (`::right::`) and trailing
 * comment notes; Marp's directives (`class`, `paginate`, `header`, `footer`,
 * colours; `_x` for one slide) and comment notes; remark's slide properties
 * (`class:`, `layout: true` templates, `exclude`), `--` increments and
 * `background-image`. The slide-first slicer calls `dialectSlides` on the
 * slides it cut; this returns the same slides with their blocks, notes and
 * `<section>` attributes as each tool would show them.
 */
import type { Token } from 'markdown-it';
import type { Block } from '../slides/blocks.ts';
import { blockText, headingLevel, isParagraph } from '../slides/blocks.ts';
import { isNotesMarker } from '../slides/notes.ts';
import type { DialectContext } from './context.ts';
import { htmlBlockToken } from './tokens.ts';

export type Attributes = [string, string][];

export interface RawSlide {
  blocks: Block[];
  level: 'h' | 'v';
  attributes: Attributes;
  /** Notes found by a dialect rule (comment notes), after any the slide marks itself. */
  notes: Block[];
}

export function dialectSlides(slides: RawSlide[], ctx: DialectContext | undefined): RawSlide[] {
  if (!ctx) return slides.map(restoreComments);
  if (ctx.dialects.slidev) return slides.map((slide, i) => slidevSlide(slide, i === 0 ? ctx.frontMatter : undefined));
  if (ctx.dialects.marp) return marpSlides(slides, ctx.frontMatter);
  if (ctx.dialects.remark) return remarkSlides(slides);
  return slides.map(restoreComments);
}

// ---------- shared ----------

const isComment = (block: Block) => block.type === 'ld_comment_open';

/** A comment that is not notes goes back to being a comment. */
function restoreComment(block: Block): Block {
  if (!isComment(block)) return block;
  const original = String(block.tokens[0]!.meta?.original ?? '');
  return { ...block, type: 'html_block', tokens: [htmlBlockToken(block.tokens[0]!, original)] };
}

function restoreComments(slide: RawSlide): RawSlide {
  return { ...slide, blocks: slide.blocks.map(restoreComment) };
}

/** The markdown inside a comment group, as blocks of notes. */
function commentContent(block: Block): Block {
  return { ...block, tokens: block.tokens.slice(1, -1), type: block.tokens[1]?.type ?? 'paragraph_open' };
}

function classList(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(' ');
  return typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean).join(' ') : '';
}

function addClass(attributes: Attributes, classes: string): void {
  if (classes) attributes.push(['class', classes]);
}

/** A block made of raw HTML pieces around other blocks' tokens (rendered as one block, fitted as one). */
function wrapBlocks(like: Token, type: string, parts: (string | Block[])[]): Block {
  const tokens = parts.flatMap((part) => (typeof part === 'string' ? [htmlBlockToken(like, part)] : part.flatMap((b) => b.tokens)));
  const first = parts.find((p): p is Block[] => typeof p !== 'string' && p.length > 0)?.[0];
  return { tokens, type, bodyLine: first?.bodyLine ?? 0 };
}

// ---------- Slidev ----------

const SLOT = /^::([\w-]+)::$/;

function slotName(block: Block): string | undefined {
  return isParagraph(block) ? SLOT.exec(blockText(block).trim())?.[1] : undefined;
}

function slidevSlide(slide: RawSlide, headmatter: Record<string, unknown> | undefined): RawSlide {
  let blocks = [...slide.blocks];
  const metaIndex = blocks.findIndex((b) => b.type === 'ld_slide_meta');
  const meta = (metaIndex >= 0 ? blocks.splice(metaIndex, 1)[0]!.tokens[0]!.meta : headmatter) as Record<string, unknown> | undefined ?? {};
  const attributes: Attributes = [...slide.attributes];
  const layout = typeof meta.layout === 'string' ? meta.layout : '';
  if (layout) addClass(attributes, `ld-layout-${layout.replace(/[^\w-]/g, '')}`);
  addClass(attributes, classList(meta.class));
  // The last comment of a slide is its notes; other comments stay comments.
  const notes: Block[] = [];
  const last = blocks[blocks.length - 1];
  if (last && isComment(last)) notes.push(commentContent(blocks.pop()!));
  blocks = blocks.map(restoreComment);
  blocks = slidevColumns(blocks, layout, meta);
  return { ...slide, blocks, attributes, notes: [...slide.notes, ...notes] };
}

/** Slots (`::right::`) and the two-column layouts become one two-column block under the slide's heading. */
function slidevColumns(blocks: Block[], layout: string, meta: Record<string, unknown>): Block[] {
  const twoCols = layout === 'two-cols' || layout === 'two-cols-header';
  const imageSide = (layout === 'image-right' || layout === 'image-left') && typeof meta.image === 'string' ? layout : undefined;
  if (!twoCols && !imageSide && !blocks.some((b) => slotName(b))) return blocks;
  const slots = new Map<string, Block[]>([['default', []]]);
  let current = 'default';
  for (const block of blocks) {
    const name = slotName(block);
    if (name) {
      current = name;
      if (!slots.has(name)) slots.set(name, []);
    } else slots.get(current)!.push(block);
  }
  const like = blocks[0]?.tokens[0];
  if (!like) return blocks;
  const header = slots.get('default')!;
  // The slide's own heading stays above the columns, as every other slide's heading does.
  const heading = header.length > 0 && headingLevel(header[0]!) > 0 ? [header.shift()!] : [];
  let left = slots.get('left') ?? [];
  let right = slots.get('right') ?? [];
  if (layout !== 'two-cols-header') left = [...header.splice(0), ...left];
  if (imageSide) {
    const image = { tokens: [htmlBlockToken(like, `<img class="ld-layout-image" src="${String(meta.image).replace(/"/g, '&quot;')}" alt="">`)], type: 'html_block', bodyLine: blocks[0]!.bodyLine };
    if (imageSide === 'image-right') right = [image, ...right];
    else left = [image, ...left];
  }
  const others = [...slots].filter(([name]) => !['default', 'left', 'right'].includes(name)).flatMap(([, b]) => b);
  const columns = wrapBlocks(like, 'ld_columns', ['<div class="ld-two-cols"><div class="ld-col">', left, '</div><div class="ld-col">', right, '</div></div>']);
  return [...heading, ...header, columns, ...others];
}

// ---------- Marp ----------

interface MarpState {
  class: string;
  paginate: boolean;
  header: string;
  footer: string;
  backgroundColor: string;
  color: string;
}

function marpSlides(slides: RawSlide[], front: Record<string, unknown>): RawSlide[] {
  const global: MarpState = { class: classList(front.class), paginate: front.paginate === true, header: str(front.header), footer: str(front.footer), backgroundColor: str(front.backgroundColor), color: str(front.color) };
  return slides.map((slide) => {
    const spot: Partial<MarpState> = {};
    const notes: Block[] = [];
    const blocks: Block[] = [];
    for (const block of slide.blocks) {
      if (block.type === 'ld_marp_directive') {
        for (const [key, value] of Object.entries(block.tokens[0]!.meta as Record<string, unknown>)) {
          const name = key.replace(/^_/, '') as keyof MarpState;
          if (!(name in global)) continue;
          const target = key.startsWith('_') ? spot : global;
          (target as Record<string, unknown>)[name] = name === 'paginate' ? value === true : name === 'class' ? classList(value) : str(value);
        }
      } else if (isComment(block)) notes.push(commentContent(block));
      else blocks.push(block);
    }
    const state = { ...global, ...spot };
    const attributes: Attributes = [...slide.attributes];
    addClass(attributes, state.class);
    if (state.paginate) attributes.push(['data-ld-paginate', '']);
    if (state.header) attributes.push(['data-ld-header', plainText(state.header)]);
    if (state.footer) attributes.push(['data-ld-slide-footer', plainText(state.footer)]);
    if (state.backgroundColor) attributes.push(['data-background-color', state.backgroundColor]);
    if (state.color) attributes.push(['style', `color: ${state.color}`]);
    return { ...slide, blocks, attributes, notes: [...slide.notes, ...notes] };
  });
}

function str(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** Header/footer markdown shown as text (emphasis marks removed). */
function plainText(markdown: string): string {
  return markdown.replace(/(\*\*|__|\*|_|`)/g, '').trim();
}

// ---------- remark ----------

const REMARK_PROPERTY = /^(class|name|layout|template|count|exclude|background-image|background-position|background-size|background-color|seq)\s*:\s*(.*)$/;

function remarkProperties(block: Block | undefined): Record<string, string> | undefined {
  if (!block || !isParagraph(block)) return undefined;
  const lines = block.tokens[1]!.content.split('\n');
  const pairs = lines.map((line) => REMARK_PROPERTY.exec(line.trim()));
  if (pairs.some((p) => !p)) return undefined;
  return Object.fromEntries(pairs.map((p) => [p![1]!, p![2]!.trim()]));
}

function remarkSlides(slides: RawSlide[]): RawSlide[] {
  let template: { blocks: Block[]; classes: string } | undefined;
  const out: RawSlide[] = [];
  for (const slide of slides) {
    let blocks = slide.blocks.map(restoreComment);
    const props = remarkProperties(blocks[0]);
    if (props) blocks = blocks.slice(1);
    if (props?.layout === 'true') {
      template = { blocks, classes: classList(props.class) };
      continue;
    }
    if (props?.layout === 'false') template = undefined;
    const attributes: Attributes = [...slide.attributes];
    addClass(attributes, [template?.classes ?? '', classList(props?.class)].filter(Boolean).join(' '));
    if (props?.exclude === 'true') attributes.push(['data-visibility', 'hidden']);
    const background = props?.['background-image'];
    if (background) attributes.push(['style', `background-image: ${background}; background-size: ${props?.['background-size'] ?? 'cover'}; background-position: ${props?.['background-position'] ?? 'center'}`]);
    // The template's content goes under the slide's own heading, which stays the slide's heading.
    const opening = blocks[0] && headingLevel(blocks[0]) > 0 ? [blocks[0]] : [];
    const withTemplate = [...opening, ...(template?.blocks ?? []), ...blocks.slice(opening.length)];
    out.push({ ...slide, blocks: remarkIncrements(withTemplate), attributes });
  }
  return out;
}

/** remark's `--` line: what follows appears on the next step (a fragment), the slide stays. */
function remarkIncrements(blocks: Block[]): Block[] {
  const isIncrement = (b: Block) => isParagraph(b) && blockText(b).trim() === '--';
  if (!blocks.some(isIncrement)) return blocks;
  const out: Block[] = [];
  let step: Block[] | undefined;
  const flush = () => {
    if (step && step.length > 0) out.push(wrapBlocks(step[0]!.tokens[0]!, 'ld_fragment', ['<div class="fragment">', step, '</div>']));
  };
  let inNotes = false;
  for (const block of blocks) {
    if (isNotesMarker(block) && !inNotes) {
      flush();
      step = undefined;
      inNotes = true;
    }
    if (isIncrement(block) && !inNotes) {
      flush();
      step = [];
    } else if (step) step.push(block);
    else out.push(block);
  }
  flush();
  return out;
}
