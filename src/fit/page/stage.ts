/**
 * The measuring stage: one reveal `<section>` at the slide size in a page
 * styled like the deck. Blocks are DOM nodes parsed from the slide's HTML,
 * where diagrams are still `<!--ld-diagram:N-->` placeholders (`:V` names a
 * layout variant); for measuring, the figure is put next to its placeholder,
 * and serialising gives back markup with placeholders only.
 */

export interface Frame {
  heading: string;
  sectionClass?: string | undefined;
  before?: string | undefined;
  after?: string | undefined;
}

export interface Stage {
  section: HTMLElement;
  width: number;
  height: number;
  /** Each diagram's figure markup, by placeholder index then variant, as the deck shows it. */
  figures: Record<string, string[]>;
  /** The same figures parsed once, their SVGs emptied (see lightFigure). */
  light: Map<string, DocumentFragment>;
}

/** Pixels of vertical room kept free, like the horizontal margin in fitStyles.ts. */
const VERTICAL_MARGIN = 4;
const TOLERANCE = 1;

export function createStage(width: number, height: number, figures: Record<string, string[]>): Stage {
  const slides = document.querySelector<HTMLElement>('.reveal .slides')!;
  slides.style.width = `${width}px`;
  slides.style.height = `${height}px`;
  const section = document.createElement('section');
  slides.replaceChildren(section);
  return { section, width, height, figures, light: new Map() };
}

const template = document.createElement('template');
const PLACEHOLDER = /^ld-diagram:(\d+)(?::(\d+))?$/;

export function isPlaceholder(node: Node): node is Comment {
  return node.nodeType === Node.COMMENT_NODE && PLACEHOLDER.test((node as Comment).data);
}

/** `{ index, variant }` of a placeholder comment. */
export function placeholderOf(node: Comment): { index: number; variant: number } {
  const match = PLACEHOLDER.exec(node.data)!;
  return { index: Number(match[1]), variant: Number(match[2] ?? 0) };
}

export function setVariant(node: Comment, variant: number): void {
  const { index } = placeholderOf(node);
  node.data = variant > 0 ? `ld-diagram:${index}:${variant}` : `ld-diagram:${index}`;
}

/** Top-level nodes of an HTML fragment that take part in layout (elements, placeholders, text). */
export function parse(html: string): Node[] {
  template.innerHTML = html;
  const nodes = Array.from(template.content.childNodes).filter((n) => n.nodeType === Node.ELEMENT_NODE || isPlaceholder(n) || (n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== ''));
  // A paragraph holding only diagrams (an image of a long conversation, now in parts) is one block per diagram.
  return nodes.flatMap((n) => (n instanceof HTMLParagraphElement && onlyPlaceholders(n) ? Array.from(n.childNodes).filter(isPlaceholder) : [n]));
}

function onlyPlaceholders(el: Element): boolean {
  const children = Array.from(el.childNodes);
  return children.filter(isPlaceholder).length > 1 && children.every((c) => isPlaceholder(c) || (c.nodeType === Node.TEXT_NODE && c.textContent!.trim() === ''));
}

export function serialise(node: Node): string {
  const holder = document.createElement('div');
  holder.appendChild(node.cloneNode(true));
  return holder.innerHTML;
}

/** Every placeholder comment in `root` (the node itself included). */
export function placeholdersIn(root: Node): Comment[] {
  if (isPlaceholder(root)) return [root];
  const found: Comment[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
  while (walker.nextNode()) if (isPlaceholder(walker.currentNode)) found.push(walker.currentNode as Comment);
  return found;
}

/** A diagram's figure markup as the deck shows it (a missing variant falls back to the first). */
export function figureMarkup(stage: Stage, index: number, variant: number): string {
  const variants = stage.figures[String(index)] ?? [];
  return variants[variant] ?? variants[0] ?? '';
}

/**
 * The figure with its SVGs emptied: an inline SVG's box comes from its own
 * attributes and CSS (viewBox, width, max-width), never from what it draws, so
 * the slide lays out exactly the same, while the browser no longer styles and
 * lays out mermaid's thousands of nodes (and HTML labels) on every trial
 * arrangement. Parsed once per diagram variant; each use is a clone.
 */
function lightFigure(stage: Stage, index: number, variant: number): DocumentFragment {
  const key = `${index}:${variant}`;
  let light = stage.light.get(key);
  if (!light) {
    template.innerHTML = figureMarkup(stage, index, variant);
    light = template.content.cloneNode(true) as DocumentFragment;
    for (const svg of Array.from(light.querySelectorAll('svg'))) if (!svg.parentElement?.closest('svg')) svg.replaceChildren();
    stage.light.set(key, light);
  }
  return light.cloneNode(true) as DocumentFragment;
}

/** A copy of `block` for measuring: each diagram placeholder followed by its (light) figure. */
function forMeasure(stage: Stage, block: Node): Node[] {
  const holder = document.createElement('div');
  holder.appendChild(block.cloneNode(true));
  for (const comment of placeholdersIn(holder)) {
    const { index, variant } = placeholderOf(comment);
    comment.after(lightFigure(stage, index, variant));
  }
  return Array.from(holder.childNodes);
}

/**
 * Runs `read` on a diagram's full figure, drawn for a moment inside the stage's
 * section (so the deck's CSS applies), then removes it.
 */
export function withFullFigure<T>(stage: Stage, index: number, variant: number, read: (figure: HTMLElement) => T): T {
  const sandbox = document.createElement('div');
  sandbox.innerHTML = figureMarkup(stage, index, variant);
  stage.section.appendChild(sandbox);
  try {
    return read(sandbox);
  } finally {
    sandbox.remove();
  }
}

/** Lays a frame and its body out in the stage's section. */
export function layout(stage: Stage, frame: Frame, body: Node[]): void {
  const { section } = stage;
  section.className = `present${frame.sectionClass ? ` ${frame.sectionClass}` : ''}`;
  section.innerHTML = (frame.heading ?? '') + (frame.before ?? '');
  for (const node of body) section.append(...forMeasure(stage, node));
  if (frame.after) section.insertAdjacentHTML('beforeend', frame.after);
}

/** Pixels the laid-out section overflows by (0 when everything shows). */
export function overflow(stage: Stage): number {
  const { section } = stage;
  let over = Math.max(0, section.scrollHeight - (stage.height - VERTICAL_MARGIN), section.scrollWidth - stage.width);
  for (const el of Array.from(section.querySelectorAll<HTMLElement>('pre, .table-wrap'))) {
    if (el.closest('[data-ld-walkthrough]')) {
      // A walkthrough's code scrolls inside its window by design; only its width counts.
      over = Math.max(over, el.scrollWidth - el.clientWidth);
      continue;
    }
    over = Math.max(over, el.scrollHeight - el.clientHeight, el.scrollWidth - el.clientWidth);
  }
  // A column or block that spills out of its box counts too.
  for (const el of Array.from(section.querySelectorAll<HTMLElement>('.ld-col, .ld-block'))) over = Math.max(over, el.scrollHeight - el.clientHeight);
  return over > TOLERANCE ? over : 0;
}

export function fitsNow(stage: Stage): boolean {
  return overflow(stage) === 0;
}

/** Share of the slide covered by the box around everything laid out (0–1). */
export function contentShare(stage: Stage): number {
  const origin = stage.section.getBoundingClientRect();
  let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
  const add = (r: DOMRect): void => {
    if (r.width < 0.5 || r.height < 0.5) return;
    left = Math.min(left, r.left); top = Math.min(top, r.top); right = Math.max(right, r.right); bottom = Math.max(bottom, r.bottom);
  };
  const range = document.createRange();
  const walker = document.createTreeWalker(stage.section, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode as Text;
    if (!node.textContent?.trim() || node.parentElement?.closest('svg, pre, .ld-sr-only')) continue;
    range.selectNodeContents(node);
    for (const r of Array.from(range.getClientRects())) add(r);
  }
  stage.section.querySelectorAll('svg, img, pre, table').forEach((el) => {
    if (el.parentElement?.closest('svg')) return;
    add(el.getBoundingClientRect());
  });
  if (right <= left || bottom <= top) return 0;
  const scale = origin.width / stage.width || 1;
  return ((right - left) * (bottom - top)) / (scale * scale * stage.width * stage.height);
}
