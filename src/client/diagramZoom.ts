/**
 * Full-screen diagram zoom, in decks and in the reading view. A diagram
 * (`figure.diagram svg`) opens in a modal <dialog> when clicked or tapped,
 * from the small "Zoom" button each diagram gets (keyboard, screen readers),
 * or with `Z` (the current slide's first diagram; `Z` again shows the next
 * one, and closes after the last). In the dialog: drag, or arrow keys, to
 * move; wheel, pinch, double-click or `+` / `-` to zoom; `0` fits; Esc or
 * Close returns focus where it was.
 *
 * A copy of the SVG is zoomed by its viewBox, so it is redrawn sharp at every
 * scale and nothing is loaded. It is local to this window: nothing here moves
 * the deck, so the speaker view, other windows and followers are untouched.
 */
import type { RevealApi } from 'reveal.js';
import './diagramZoom.css';
import { isolateIds } from './isolateIds.ts';

const DIAGRAM_SVG = 'figure.diagram > svg';
const MIN_SCALE = 0.5;
const MAX_SCALE = 20;
/** Zoom factor of one `+` / `-` press or button. */
const STEP = 1.25;
/** Share of the stage one arrow key press moves. */
const PAN_SHARE = 0.12;

interface View {
  /** 1 = the whole diagram fits the stage. */
  scale: number;
  /** The diagram point at the centre of the stage, in viewBox units. */
  cx: number;
  cy: number;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Pixels per viewBox unit at `scale` on a stage of `stage` size ("meet" fit). */
export function pixelsPerUnit(box: Box, stage: { width: number; height: number }, scale: number): number {
  return scale * Math.min(stage.width / box.width, stage.height / box.height);
}

/** The viewBox that shows `view` of a diagram whose own viewBox is `box`. */
export function viewBoxFor(box: Box, view: View): Box {
  const width = box.width / view.scale;
  const height = box.height / view.scale;
  return { x: view.cx - width / 2, y: view.cy - height / 2, width, height };
}

/** `view` zoomed by `factor` around the stage point `(px, py)` (pixels from the stage's centre), clamped. */
export function zoomAt(view: View, factor: number, px: number, py: number, ppu: number): View {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
  const newPpu = (ppu * scale) / view.scale;
  // Keep the diagram point under (px, py) where it is.
  const ux = view.cx + px / ppu;
  const uy = view.cy + py / ppu;
  return { scale, cx: ux - px / newPpu, cy: uy - py / newPpu };
}

/** The centre kept on the drawing, so it can never be dragged out of sight. */
export function clampView(view: View, box: Box): View {
  return {
    scale: view.scale,
    cx: Math.min(box.x + box.width, Math.max(box.x, view.cx)),
    cy: Math.min(box.y + box.height, Math.max(box.y, view.cy)),
  };
}

function ownBox(svg: SVGSVGElement): Box {
  const vb = svg.viewBox?.baseVal;
  if (vb && vb.width > 0 && vb.height > 0) return { x: vb.x, y: vb.y, width: vb.width, height: vb.height };
  const rect = svg.getBoundingClientRect();
  return { x: 0, y: 0, width: rect.width || 100, height: rect.height || 100 };
}

function diagramName(svg: SVGSVGElement): string {
  const labelled = svg.getAttribute('aria-labelledby')?.split(/\s+/)[0];
  const title = (labelled ? document.getElementById(labelled)?.textContent : null) ?? svg.querySelector('title')?.textContent ?? svg.getAttribute('aria-label');
  return (title ?? '').replace(/\s+/g, ' ').trim();
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

interface ZoomDialog {
  /** Shows `svg`; `opener` gets the focus back when the dialog closes. */
  open(svg: SVGSVGElement, opener: Element | null): void;
}

let copies = 0;

/** `following(current)`: the diagram `Z` shows next while one is open, if any. */
function createDialog(following: (current: SVGSVGElement) => SVGSVGElement | undefined): ZoomDialog {
  const dialog = document.createElement('dialog');
  dialog.className = 'ld-zoom';
  dialog.setAttribute('aria-labelledby', 'ld-zoom-title');
  dialog.setAttribute('aria-describedby', 'ld-zoom-help');
  dialog.innerHTML = `<div class="ld-zoom-bar">
<h2 id="ld-zoom-title" class="ld-zoom-title"></h2>
<p id="ld-zoom-help" class="ld-zoom-help">Drag or arrow keys to move · wheel, pinch or + − to zoom · 0 fits · Esc closes</p>
<div class="ld-zoom-buttons">
<button type="button" data-zoom="out" aria-label="Zoom out">−</button>
<button type="button" data-zoom="fit">Fit</button>
<button type="button" data-zoom="in" aria-label="Zoom in">+</button>
<button type="button" data-zoom="close" class="ld-zoom-close">Close</button>
</div></div>
<div class="ld-zoom-stage" tabindex="0" aria-label="Diagram, zoomable" aria-describedby="ld-zoom-help"></div>`;
  document.body.append(dialog);
  const title = dialog.querySelector<HTMLElement>('.ld-zoom-title')!;
  const stage = dialog.querySelector<HTMLElement>('.ld-zoom-stage')!;

  let source: SVGSVGElement | null = null;
  let copy: SVGSVGElement | null = null;
  let box: Box = { x: 0, y: 0, width: 1, height: 1 };
  let view: View = { scale: 1, cx: 0.5, cy: 0.5 };
  let returnFocus: Element | null = null;

  const stageSize = (): { width: number; height: number } => ({ width: stage.clientWidth || 1, height: stage.clientHeight || 1 });
  const ppu = (): number => pixelsPerUnit(box, stageSize(), view.scale);
  const render = (): void => {
    if (!copy) return;
    view = clampView(view, box);
    const shown = viewBoxFor(box, view);
    copy.setAttribute('viewBox', `${shown.x} ${shown.y} ${shown.width} ${shown.height}`);
    dialog.dataset.scale = view.scale.toFixed(3);
  };
  const fit = (): void => {
    view = { scale: 1, cx: box.x + box.width / 2, cy: box.y + box.height / 2 };
    render();
  };
  const zoom = (factor: number, px = 0, py = 0): void => {
    view = zoomAt(view, factor, px, py, ppu());
    render();
  };
  const pan = (dx: number, dy: number): void => {
    const unit = ppu();
    view = { ...view, cx: view.cx - dx / unit, cy: view.cy - dy / unit };
    render();
  };
  /** A stage point as pixels from the stage's centre. */
  const fromCentre = (clientX: number, clientY: number): [number, number] => {
    const rect = stage.getBoundingClientRect();
    return [clientX - rect.left - rect.width / 2, clientY - rect.top - rect.height / 2];
  };

  const show = (svg: SVGSVGElement): void => {
    source = svg;
    copy = svg.cloneNode(true) as SVGSVGElement;
    isolateIds(copy, `ld-zoom-${++copies}-`);
    copy.removeAttribute('style');
    copy.removeAttribute('width');
    copy.removeAttribute('height');
    copy.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    copy.classList.add('ld-zoom-svg');
    box = ownBox(svg);
    stage.replaceChildren(copy);
    const name = diagramName(svg);
    title.textContent = name ? `Diagram: ${name}` : 'Diagram';
    fit();
  };

  dialog.addEventListener('close', () => {
    stage.replaceChildren();
    source = null;
    copy = null;
    const target = returnFocus;
    returnFocus = null;
    if (target instanceof HTMLElement || target instanceof SVGElement) target.focus({ preventScroll: true });
  });

  dialog.querySelectorAll<HTMLButtonElement>('button[data-zoom]').forEach((button) => {
    button.addEventListener('click', () => {
      const action = button.dataset.zoom;
      if (action === 'in') zoom(STEP);
      else if (action === 'out') zoom(1 / STEP);
      else if (action === 'fit') fit();
      else dialog.close();
    });
  });

  // Keys stay inside the dialog: the deck behind must not move.
  dialog.addEventListener('keydown', (event) => {
    event.stopPropagation();
    if (event.key === 'Escape' || event.key === 'Tab') return; // the dialog's own: close, move focus
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const onButton = event.target instanceof HTMLButtonElement;
    const { width, height } = stageSize();
    const step = event.shiftKey ? PAN_SHARE * 3 : PAN_SHARE;
    const keys: Record<string, () => void> = {
      ArrowLeft: () => pan(width * step, 0),
      ArrowRight: () => pan(-width * step, 0),
      ArrowUp: () => pan(0, height * step),
      ArrowDown: () => pan(0, -height * step),
      '+': () => zoom(STEP),
      '=': () => zoom(STEP),
      '-': () => zoom(1 / STEP),
      _: () => zoom(1 / STEP),
      '0': fit,
      z: () => cycle(),
      Z: () => cycle(),
    };
    const action = keys[event.key];
    if (!action || (onButton && (event.key === ' ' || event.key === 'Enter'))) return;
    event.preventDefault();
    action();
  });

  // Pointer: one pointer drags, two pinch (zoom around their midpoint and follow it).
  const pointers = new Map<number, { x: number; y: number }>();
  const pinch = (): { x: number; y: number; distance: number } | null => {
    const [a, b] = [...pointers.values()];
    return a && b ? { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, distance: Math.hypot(a.x - b.x, a.y - b.y) } : null;
  };
  stage.addEventListener('pointerdown', (event) => {
    stage.setPointerCapture(event.pointerId);
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    stage.classList.add('ld-zoom-dragging');
  });
  stage.addEventListener('pointermove', (event) => {
    const last = pointers.get(event.pointerId);
    if (!last) return;
    const before = pinch();
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    const after = pinch();
    if (before && after) {
      pan(after.x - before.x, after.y - before.y);
      if (before.distance > 0) zoom(after.distance / before.distance, ...fromCentre(after.x, after.y));
    } else if (pointers.size === 1) {
      pan(event.clientX - last.x, event.clientY - last.y);
    }
  });
  const release = (event: PointerEvent): void => {
    pointers.delete(event.pointerId);
    if (pointers.size === 0) stage.classList.remove('ld-zoom-dragging');
  };
  stage.addEventListener('pointerup', release);
  stage.addEventListener('pointercancel', release);
  stage.addEventListener('wheel', (event) => {
    event.preventDefault();
    const pixels = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
    // Trackpad pinches arrive as wheel events with ctrlKey; they are small steps.
    zoom(Math.exp(-pixels * (event.ctrlKey ? 0.01 : 0.002)), ...fromCentre(event.clientX, event.clientY));
  }, { passive: false });
  stage.addEventListener('dblclick', (event) => zoom(2, ...fromCentre(event.clientX, event.clientY)));

  const open = (svg: SVGSVGElement, opener: Element | null): void => {
    if (!dialog.open) {
      returnFocus = opener;
      dialog.showModal();
    }
    show(svg);
    stage.focus({ preventScroll: true });
  };
  function cycle(): void {
    const next = source ? following(source) : undefined;
    if (next) open(next, null);
    else dialog.close();
  }
  return { open };
}

/** Top-level diagram SVGs on a slide. */
function diagramsOf(slide: Element | null | undefined): SVGSVGElement[] {
  return slide ? Array.from(slide.querySelectorAll<SVGSVGElement>(DIAGRAM_SVG)) : [];
}

/**
 * Gives each diagram a keyboard- and screen-reader-reachable "Zoom" button.
 * Its magnifier is drawn in CSS: `figure.diagram svg` stays the diagram alone.
 */
function addZoomButtons(root: ParentNode): void {
  root.querySelectorAll<HTMLElement>('figure.diagram').forEach((figure) => {
    const svg = figure.querySelector<SVGSVGElement>(':scope > svg');
    if (!svg || figure.querySelector(':scope > .ld-zoom-open')) return;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'ld-zoom-open';
    const name = diagramName(svg);
    button.setAttribute('aria-label', name ? `Zoom diagram: ${name}` : 'Zoom diagram');
    button.setAttribute('aria-haspopup', 'dialog');
    button.setAttribute('aria-keyshortcuts', 'Z');
    figure.append(button);
  });
}

export function initDiagramZoom(deck: RevealApi): void {
  addZoomButtons(document);
  let zoom: ZoomDialog | undefined;
  const dialog = (): ZoomDialog =>
    (zoom ??= createDialog((current) => {
      const all = diagramsOf(deck.getCurrentSlide());
      return all[all.indexOf(current) + 1];
    }));

  document.addEventListener('click', (event) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const target = event.target as Element | null;
    if (!target?.closest?.('.reveal') || target.closest('.ld-preview-deck, a')) return;
    const button = target.closest('.ld-zoom-open');
    const svg = (button?.parentElement ?? target.closest('figure.diagram'))?.querySelector<SVGSVGElement>(':scope > svg');
    if (!svg) return;
    event.preventDefault();
    dialog().open(svg, button ?? document.activeElement);
  });

  document.addEventListener('keydown', (event) => {
    if (event.key.toLowerCase() !== 'z' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    if ((event.target as Element | null)?.closest?.('dialog')) return;
    const first = diagramsOf(deck.getCurrentSlide())[0];
    if (!first) return;
    event.preventDefault();
    dialog().open(first, document.activeElement);
  });
}
