/**
 * Scaling a block that is too big on its own: code down to the lesson's
 * minimum size (then wrapped if still too wide), tables and text a step or
 * two smaller, images to the room left. Each helper changes the block's own
 * node (so the change is serialised with it) and says whether it now fits.
 */
import type { Frame, Stage } from './stage.ts';
import { fitsNow, layout, overflow } from './stage.ts';

export const MIN_TEXT_SCALE = 0.8;
export const NEARLY_FITS_SCALE = 0.9;
/** Tables are not set smaller than this (slide px) to fit or to save slides. */
export const MIN_TABLE_PX = 16;
const MIN_IMAGE_PX = 200;

export interface Fitter {
  stage: Stage;
  frame: Frame;
}

export function fits(f: Fitter, body: Node[]): boolean {
  layout(f.stage, f.frame, body);
  return fitsNow(f.stage);
}

export function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; step > 0 ? v <= to + 1e-9 : v >= to - 1e-9; v += step) out.push(Math.round(v * 100) / 100);
  return out;
}

function tryValues(f: Fitter, body: Node[], apply: (value: number) => void, values: number[]): boolean {
  return values.some((v) => (apply(v), fits(f, body)));
}

function overflowsSideways(f: Fitter, body: Node[]): boolean {
  layout(f.stage, f.frame, body);
  return Array.from(f.stage.section.querySelectorAll('pre')).some((el) => el.scrollWidth - el.clientWidth > 1);
}

export function codeIsTooWide(f: Fitter, block: HTMLElement): boolean {
  return overflowsSideways(f, [block]);
}

/** Code font size as laid out in the stage (px). */
function shownCodeSize(f: Fitter, body: Node[]): number {
  layout(f.stage, f.frame, body);
  const pre = f.stage.section.querySelector('pre');
  return Math.floor(parseFloat(pre ? getComputedStyle(pre).fontSize : '18') || 18);
}

function setCodeSize(pre: HTMLElement, px: number, lineHeight: number): void {
  pre.style.fontSize = `${px}px`;
  pre.style.lineHeight = String(lineHeight);
  pre.style.maxHeight = 'none';
}

/** Wraps long lines rather than hiding them (code still too wide at the smallest size). */
export function wrapCode(pre: HTMLElement): void {
  pre.style.whiteSpace = 'pre-wrap';
  pre.style.overflowWrap = 'anywhere';
  const code = pre.querySelector('code');
  code?.style.setProperty('white-space', 'pre-wrap');
  code?.style.setProperty('min-width', '0');
}

/**
 * Shrinks `block` (a `.code-block`, last in `body`) step by step down to
 * `minCodePx`; true when it then fits. When it does not, it is left at the
 * smallest size (wrapped if still too wide) for the caller to cut or window.
 */
export function scaleCode(f: Fitter, body: Node[], block: HTMLElement, minCodePx: number, actions: string[]): boolean {
  const pre = block.querySelector('pre')!;
  const size = shownCodeSize(f, body);
  if (tryValues(f, body, (px) => setCodeSize(pre, px, 1.45), range(size - 1, minCodePx, -1)) || tryValues(f, body, (lh) => setCodeSize(pre, minCodePx, lh), range(1.4, 1.25, -0.05))) {
    actions.push('scaled-code');
    return true;
  }
  setCodeSize(pre, minCodePx, 1.25);
  actions.push('scaled-code');
  if (overflowsSideways(f, body)) {
    wrapCode(pre);
    actions.push('wrapped-code');
  }
  return fits(f, body);
}

/** Narrows code that is only too wide (not too tall) to fit beside the others; true when it fits. */
export function narrowCode(f: Fitter, body: Node[], block: HTMLElement, minCodePx: number, actions: string[]): boolean {
  const pre = block.querySelector('pre')!;
  const size = shownCodeSize(f, body);
  for (const px of range(size - 1, minCodePx, -1)) {
    setCodeSize(pre, px, 1.45);
    if (!overflowsSideways(f, body)) break;
  }
  if (overflowsSideways(f, body)) {
    wrapCode(pre);
    actions.push('wrapped-code');
  }
  actions.push('scaled-code');
  return fits(f, body);
}

/** Tables, images and text: a smaller size for this block alone; true when it then fits. */
export function scaleBlock(f: Fitter, body: Node[], el: Node, actions: string[]): boolean {
  if (!(el instanceof HTMLElement)) return false;
  const table = el.querySelector('table');
  if (table) {
    layout(f.stage, f.frame, body);
    const size = Math.floor(parseFloat(getComputedStyle(f.stage.section.querySelector('table') ?? table).fontSize) || 22);
    const ok = tryValues(f, body, (px) => table.style.setProperty('font-size', `${px}px`), range(size - 1, MIN_TABLE_PX, -1));
    if (ok) actions.push('scaled-table');
    return ok;
  }
  const img = el.querySelector('img');
  if (img) {
    layout(f.stage, f.frame, body);
    const shown = f.stage.section.querySelectorAll('img');
    const height = (shown[shown.length - 1]?.getBoundingClientRect().height ?? 0) - overflow(f.stage) - 4;
    img.style.maxHeight = `${Math.max(MIN_IMAGE_PX, Math.floor(height))}px`;
    const ok = fits(f, body);
    if (ok) actions.push('scaled-image');
    return ok;
  }
  const ok = tryValues(f, body, (s) => el.style.setProperty('font-size', `${s}em`), range(0.95, MIN_TEXT_SCALE, -0.05));
  if (ok) actions.push('scaled-text');
  return ok;
}
