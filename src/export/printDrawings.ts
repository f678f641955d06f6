/**
 * `export --with-drawings`: the pen strokes of a `present` session drawn over
 * their slides in the laid-out print view, before the PDF or PNG is taken.
 * Pages are matched to strokes by the slide's place in the deck (h/v, which
 * src/client/print.ts writes on each slide before reveal lays the pages out);
 * points are fractions of the slide, so they scale to the printed slide.
 */
import type { SlideDrawing } from '../present/drawingsFile.ts';
import { PEN_CSS_COLORS } from '../present/classroomProtocol.ts';

export interface PrintedDrawing extends Omit<SlideDrawing, 'strokes'> {
  strokes: { color: string; points: number[] }[];
}

/** The strokes with CSS colours, as the page function below needs them. */
export function printedDrawings(drawings: readonly SlideDrawing[]): PrintedDrawing[] {
  return drawings.map((d) => ({ ...d, strokes: d.strokes.map((s) => ({ color: PEN_CSS_COLORS[s.color], points: s.points })) }));
}

/** Runs in the print view (self-contained): one SVG per drawn page, over the slide's first 1280×720. Returns the pages drawn on. */
export function drawOnPrintedPages(input: { drawings: PrintedDrawing[]; slideHeight: number }): number {
  const ns = 'http://www.w3.org/2000/svg';
  const byPlace = new Map(input.drawings.map((d) => [`${d.h}/${d.v}`, d]));
  let drawn = 0;
  for (const page of Array.from(document.querySelectorAll<HTMLElement>('.reveal .pdf-page'))) {
    const slide = page.querySelector<HTMLElement>(':scope > section');
    const drawing = slide && byPlace.get(`${slide.dataset.ldH}/${slide.dataset.ldV}`);
    if (!drawing) continue;
    const svg = document.createElementNS(ns, 'svg');
    svg.classList.add('ld-printed-drawing');
    svg.setAttribute('viewBox', '0 0 1000 1000');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('aria-hidden', 'true');
    Object.assign(svg.style, { position: 'absolute', left: '0', top: '0', width: '100%', height: `${input.slideHeight}px`, zIndex: '30', pointerEvents: 'none', overflow: 'visible' });
    for (const stroke of drawing.strokes) {
      const line = document.createElementNS(ns, 'polyline');
      const points: string[] = [];
      for (let i = 0; i + 1 < stroke.points.length; i += 2) points.push(`${stroke.points[i]! * 1000},${stroke.points[i + 1]! * 1000}`);
      line.setAttribute('points', points.join(' '));
      Object.assign(line.style, { fill: 'none', stroke: stroke.color, strokeWidth: '4px', strokeLinecap: 'round', strokeLinejoin: 'round', vectorEffect: 'non-scaling-stroke' });
      svg.append(line);
    }
    page.append(svg);
    drawn++;
  }
  return drawn;
}
