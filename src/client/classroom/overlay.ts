/**
 * The presenter's pen strokes and laser pointer, drawn over the current slide
 * of any deck page in follow mode (followers, the audience window, the
 * speaker view). An SVG is laid exactly over reveal's `.slides` box, whose
 * aspect ratio is the slide's at every screen size, and points are fractions
 * of that box: a stroke lands on the same word of the slide on a phone and on
 * a projector. In the reading view (phones) the box is the current slide's
 * own page. Strokes are kept per slide while the page lives.
 */
import type { RevealApi } from 'reveal.js';
import { PEN_CSS_COLORS, type PenColor, type SlideRef, type StrokePart } from '../../present/classroomProtocol.ts';
import { pagePath } from '../follow.ts';
import { onServerMessage } from './connection.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** viewBox units per slide side: points are drawn at fraction × SCALE. */
const SCALE = 1000;


export interface DrawingOverlay {
  svg: SVGSVGElement;
  /** The slide shown now (deck page, h, v). */
  current(): SlideRef;
  /** A point of the window as fractions of the slide; undefined outside it. */
  toFraction(clientX: number, clientY: number): [number, number] | undefined;
  stroke(slide: SlideRef, part: StrokePart): void;
  undo(slide: SlideRef, id?: string): string | undefined;
  wipe(slide: SlideRef): void;
  laser(slide: SlideRef, point: [number, number] | null): void;
}

function key(slide: SlideRef): string {
  return `${slide.h}/${slide.v}`;
}

export function initDrawingOverlay(deck: RevealApi): DrawingOverlay {
  const here = pagePath(location.pathname);
  const strokes = new Map<string, Map<string, { color: PenColor; points: number[] }>>();
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.classList.add('ld-drawing');
  svg.setAttribute('viewBox', `0 0 ${SCALE} ${SCALE}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('aria-hidden', 'true');
  const layer = document.createElementNS(SVG_NS, 'g');
  const dot = document.createElementNS(SVG_NS, 'ellipse');
  dot.classList.add('ld-laser');
  dot.setAttribute('visibility', 'hidden');
  svg.append(layer, dot);
  document.body.append(svg);
  let laserAt: { slide: string; point: [number, number] } | undefined;

  // The slide's box: reveal's `.slides` (scaled to the window), or in the reading view the slide's own page.
  const slidesBox = (): DOMRect | undefined => (document.querySelector('.reveal-scroll') ? deck.getCurrentSlide() : deck.getRevealElement()?.querySelector('.slides'))?.getBoundingClientRect();
  const current = (): SlideRef => {
    const i = deck.getIndices();
    return { deck: here, h: i.h, v: i.v ?? 0 };
  };

  /** Lays the SVG over the slide box (it moves with resizes, the speaker view's layout, reveal's scaling). */
  const place = (): void => {
    const box = slidesBox();
    if (!box) return;
    Object.assign(svg.style, { left: `${box.left}px`, top: `${box.top}px`, width: `${box.width}px`, height: `${box.height}px` });
    // A round dot on a slide-shaped box: the ellipse's radii follow its aspect ratio.
    const r = 9;
    dot.setAttribute('rx', String((r * SCALE) / Math.max(1, box.width)));
    dot.setAttribute('ry', String((r * SCALE) / Math.max(1, box.height)));
  };

  const polyline = (id: string, stroke: { color: PenColor; points: number[] }): SVGPolylineElement => {
    const line = document.createElementNS(SVG_NS, 'polyline');
    line.dataset.stroke = id;
    line.setAttribute('stroke', PEN_CSS_COLORS[stroke.color]);
    line.setAttribute('points', pointsText(stroke.points));
    return line;
  };

  const render = (): void => {
    place();
    const shown = strokes.get(key(current()));
    layer.replaceChildren(...[...(shown ?? [])].map(([id, s]) => polyline(id, s)));
    const laserHere = laserAt && laserAt.slide === key(current()) ? laserAt.point : undefined;
    dot.setAttribute('visibility', laserHere ? 'visible' : 'hidden');
    if (laserHere) {
      dot.setAttribute('cx', String(laserHere[0] * SCALE));
      dot.setAttribute('cy', String(laserHere[1] * SCALE));
    }
    svg.dataset.strokes = String(shown?.size ?? 0);
  };

  const overlay: DrawingOverlay = {
    svg,
    current,
    toFraction(clientX, clientY) {
      const box = slidesBox();
      if (!box || box.width === 0 || box.height === 0) return undefined;
      const x = (clientX - box.left) / box.width;
      const y = (clientY - box.top) / box.height;
      return x >= 0 && x <= 1 && y >= 0 && y <= 1 ? [round(x), round(y)] : undefined;
    },
    stroke(slide, part) {
      if (slide.deck !== here) return;
      let onSlide = strokes.get(key(slide));
      if (!onSlide) strokes.set(key(slide), (onSlide = new Map()));
      const existing = onSlide.get(part.id);
      if (existing) existing.points.push(...part.points);
      else onSlide.set(part.id, { color: part.color, points: [...part.points] });
      const isCurrent = key(slide) === key(current());
      const line = isCurrent ? layer.querySelector<SVGPolylineElement>(`polyline[data-stroke="${CSS.escape(part.id)}"]`) : null;
      if (line) line.setAttribute('points', pointsText(onSlide.get(part.id)!.points));
      else if (isCurrent) render();
    },
    undo(slide, id) {
      const onSlide = strokes.get(key(slide));
      const target = id ?? [...(onSlide?.keys() ?? [])].at(-1);
      if (slide.deck !== here || !onSlide || target === undefined || !onSlide.delete(target)) return undefined;
      render();
      return target;
    },
    wipe(slide) {
      if (slide.deck !== here) return;
      strokes.delete(key(slide));
      render();
    },
    laser(slide, point) {
      if (slide.deck !== here) return;
      laserAt = point ? { slide: key(slide), point } : undefined;
      render();
    },
  };

  onServerMessage((message) => {
    const slide = message.slide as SlideRef | undefined;
    switch (message.type) {
      case 'welcome': {
        strokes.clear();
        const room = message.room as { drawings?: { slide: SlideRef; strokes: StrokePart[] }[] } | undefined;
        for (const d of room?.drawings ?? []) for (const s of d.strokes) overlay.stroke(d.slide, s);
        return render();
      }
      case 'stroke':
        return void (slide && overlay.stroke(slide, message.stroke as StrokePart));
      case 'undo':
        return void (slide && overlay.undo(slide, message.id as string));
      case 'wipe':
        return void (slide && overlay.wipe(slide));
      case 'laser':
        return void (slide && overlay.laser(slide, (message.point as [number, number] | null) ?? null));
    }
  });
  for (const type of ['slidechanged', 'resize', 'ready']) deck.on(type, render);
  window.addEventListener('resize', render);
  // The reading view scrolls its own element: follow the slide as it moves.
  document.addEventListener('scroll', place, { capture: true, passive: true });
  if (typeof ResizeObserver === 'function') {
    const revealElement = deck.getRevealElement();
    if (revealElement) new ResizeObserver(render).observe(revealElement);
  }
  render();
  return overlay;
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

function pointsText(points: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) out.push(`${points[i]! * SCALE},${points[i + 1]! * SCALE}`);
  return out.join(' ');
}
