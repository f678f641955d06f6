/**
 * Diagrams laid out for the slide, not shrunk into it: each diagram sits in
 * a `.ld-fit-diagram` wrapper whose size the page sets to the largest box
 * the arrangement leaves free (never distorted, never blown up past a
 * comfortable label size), trying every layout variant the build rendered
 * (other direction, compact spacing…) and keeping the one with the largest
 * labels. Label size is the median font size of the SVG's text, in slide px.
 */
import type { DiagramMeasure } from './types.ts';
import type { Frame, Stage } from './stage.ts';
import { fitsNow, isPlaceholder, layout, overflow, placeholderOf, placeholdersIn, setVariant, withFullFigure } from './stage.ts';
import { fromOf } from './blocks.ts';

/** Labels are not drawn larger than this (slide px): a three-box diagram should not shout. */
export const MAX_LABEL_PX = 26;
/** Below this a diagram that shares its slide with text is better on a slide of its own. */
export const SHARED_MIN_LABEL_RATIO = 0.85;

export const WRAPPER_CLASS = 'ld-fit-diagram';

/** A diagram block as a sizeable wrapper: a bare placeholder or a paragraph holding only one. */
export function wrapDiagram(node: Node): Node {
  if (node instanceof HTMLElement && node.classList.contains(WRAPPER_CLASS)) return node;
  const only = isPlaceholder(node) ? node : node instanceof HTMLParagraphElement && node.childNodes.length === 1 && isPlaceholder(node.firstChild!) ? node.firstChild : null;
  if (!only) return node;
  const wrapper = document.createElement('div');
  wrapper.className = WRAPPER_CLASS;
  wrapper.appendChild(only.cloneNode());
  return wrapper;
}

export function isDiagramWrapper(node: Node): node is HTMLElement {
  return node instanceof HTMLElement && node.classList.contains(WRAPPER_CLASS);
}

/** Wrappers inside the body nodes, in document order (as the laid-out copies are). */
function wrappersIn(body: Node[]): HTMLElement[] {
  const found: HTMLElement[] = [];
  for (const node of body) {
    if (isDiagramWrapper(node)) found.push(node);
    else if (node instanceof HTMLElement) found.push(...Array.from(node.querySelectorAll<HTMLElement>(`.${WRAPPER_CLASS}`)));
  }
  return found;
}

interface Natural {
  width: number;
  height: number;
  fontPx: number;
}

/** By placeholder (`N:V`), for the deck being laid out; cleared for each deck. */
const naturalCache = new Map<string, Natural | null>();

export function forgetNaturalSizes(): void {
  naturalCache.clear();
}

/**
 * The drawing's own size (viewBox) and median label font size, read once from
 * the full SVG (the stage lays out emptied copies: see stage.ts).
 */
function naturalSize(stage: Stage, comment: Comment): Natural | null {
  const { index, variant } = placeholderOf(comment);
  const key = `${index}:${variant}`;
  if (!naturalCache.has(key)) naturalCache.set(key, withFullFigure(stage, index, variant, (figure) => naturalOf(figure.querySelector('svg'))));
  return naturalCache.get(key)!;
}

function naturalOf(svg: SVGSVGElement | null): Natural | null {
  const box = svg?.viewBox?.baseVal;
  if (!svg || !box || box.width <= 0 || box.height <= 0) return null;
  const sizes = Array.from(svg.querySelectorAll('text'))
    .filter((t) => (t.textContent ?? '').trim() !== '')
    .map((t) => parseFloat(getComputedStyle(t).fontSize) || 16)
    .sort((a, b) => a - b);
  const fontPx = sizes.length ? sizes[Math.floor(sizes.length / 2)]! : 16;
  return { width: box.width, height: box.height, fontPx };
}

/**
 * A diagram in a column beside text (side, pair) may be as tall as its row
 * already is: the height of the row not taken by what else is in its own column.
 */
function roomBeside(wrapper: HTMLElement): number {
  const cell = wrapper.closest<HTMLElement>('.ld-side-figure, .ld-col');
  const row = cell?.parentElement;
  if (!cell || !row) return 0;
  const top = cell.getBoundingClientRect().top;
  const contentBottom = Math.max(top, ...Array.from(cell.children).map((child) => child.getBoundingClientRect().bottom));
  return Math.max(0, row.getBoundingClientRect().height - (contentBottom - top));
}

function setSize(wrapper: HTMLElement, width: number, height: number): void {
  wrapper.style.setProperty('--ld-fit-w', `${Math.max(1, Math.floor(width))}px`);
  wrapper.style.setProperty('--ld-fit-h', `${Math.max(1, Math.floor(height))}px`);
}

/**
 * Sizes every diagram of the laid-out body to the room it has; returns their
 * label sizes, or null when a diagram has no room at all. Leaves the stage laid out.
 */
export function sizeDiagrams(stage: Stage, frame: Frame, body: Node[]): DiagramMeasure[] | null {
  const wrappers = wrappersIn(body);
  if (wrappers.length === 0) {
    layout(stage, frame, body);
    return [];
  }
  for (const w of wrappers) setSize(w, 1, 1);
  layout(stage, frame, body);
  const shown = Array.from(stage.section.querySelectorAll<HTMLElement>(`.${WRAPPER_CLASS}`));
  const used = stage.section.scrollHeight;
  const free = stage.height - 8 - used;
  const naturals = shown.map((el) => {
    const comment = placeholdersIn(el)[0];
    return comment ? naturalSize(stage, comment) : null;
  });
  const totalHeight = naturals.reduce((sum, n) => sum + (n?.height ?? 0), 0) || 1;
  const measures: DiagramMeasure[] = [];
  shown.forEach((el, i) => {
    const natural = naturals[i];
    const wrapper = wrappers[i]!;
    const comment = placeholdersIn(wrapper)[0];
    if (!natural || !comment) {
      wrapper.style.removeProperty('--ld-fit-w');
      wrapper.style.removeProperty('--ld-fit-h');
      return;
    }
    // Several diagrams on one slide share the free height by their own heights; one beside
    // text may also take the height of the row it sits in.
    const boxHeight = Math.max(0, free * (natural.height / totalHeight) + roomBeside(el));
    const boxWidth = el.clientWidth;
    const scale = Math.min(boxWidth / natural.width, boxHeight / natural.height, MAX_LABEL_PX / natural.fontPx);
    setSize(wrapper, natural.width * scale, natural.height * scale);
    const { index, variant } = placeholderOf(comment);
    const from = fromOf(wrapper);
    measures.push({ index, from, variant, labelPx: Math.round(natural.fontPx * scale * 10) / 10 });
  });
  layout(stage, frame, body);
  // Rounding, or text that rewrapped: give the overflow back from the diagrams.
  const over = overflow(stage);
  if (over > 0) {
    measures.forEach((m, i) => {
      const natural = naturals[i];
      const wrapper = wrappers[i]!;
      if (!natural) return;
      const height = parseFloat(wrapper.style.getPropertyValue('--ld-fit-h')) - over - 2;
      const scale = Math.max(0, height / natural.height);
      setSize(wrapper, natural.width * scale, natural.height * scale);
      m.labelPx = Math.round(natural.fontPx * scale * 10) / 10;
    });
    layout(stage, frame, body);
  }
  return measures.some((m) => m.labelPx <= 0) ? null : measures;
}

/** Variants available for each diagram in the body. */
export function variantCounts(stage: Stage, body: Node[]): { comment: Comment; count: number }[] {
  return body.flatMap((node) => placeholdersIn(node)).map((comment) => ({ comment, count: (stage.figures[String(placeholderOf(comment).index)] ?? []).length }));
}

/**
 * Tries each variant of each diagram (one diagram at a time, the others kept)
 * and keeps the combination with the largest smallest label. Returns the
 * measures of the kept combination, laid out, or null when nothing fits.
 */
export function bestVariants(stage: Stage, frame: Frame, body: Node[]): DiagramMeasure[] | null {
  let best = sizeDiagrams(stage, frame, body);
  let bestOk = best !== null && fitsNow(stage);
  for (const { comment, count } of variantCounts(stage, body)) {
    const keep = placeholderOf(comment).variant;
    let chosen = keep;
    for (let v = 0; v < count; v++) {
      if (v === keep) continue;
      setVariant(comment, v);
      const measures = sizeDiagrams(stage, frame, body);
      const ok = measures !== null && fitsNow(stage);
      if (ok && (!bestOk || smallest(measures) > smallest(best!) + 0.05)) {
        best = measures;
        bestOk = true;
        chosen = v;
      }
    }
    setVariant(comment, chosen);
  }
  // Leave the stage (and the wrappers' sizes) as chosen.
  const final = sizeDiagrams(stage, frame, body);
  return final !== null && fitsNow(stage) ? final : bestOk ? best : null;
}

export function smallest(measures: DiagramMeasure[]): number {
  return measures.length ? Math.min(...measures.map((m) => m.labelPx)) : Infinity;
}
