/**
 * Whether two pictures show the same thing: both reduced to a coarse grid of
 * mean brightness, compared cell by cell. Tolerant of scale and anti-aliasing,
 * not of a picture of the wrong place.
 */
import type { PngInfo } from './png.ts';

export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

const brightness = (c: number) => ((c >> 16) * 299 + ((c >> 8) & 0xff) * 587 + (c & 0xff) * 114) / 1000;

/** Mean brightness (0–255) of each of `cols`×`rows` cells of `box` in `png`, from 6×6 samples per cell. */
function grid(png: PngInfo, box: PixelBox, cols: number, rows: number): number[] {
  const cells: number[] = [];
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const x0 = box.x + (col * box.width) / cols;
      const y0 = box.y + (row * box.height) / rows;
      const w = box.width / cols;
      const h = box.height / rows;
      let sum = 0;
      let n = 0;
      for (let y = y0; y < y0 + h; y += Math.max(1, h / 6)) {
        for (let x = x0; x < x0 + w; x += Math.max(1, w / 6)) {
          sum += brightness(png.colourAt(Math.min(png.width - 1, x), Math.min(png.height - 1, y)));
          n++;
        }
      }
      cells.push(sum / n);
    }
  }
  return cells;
}

/** Mean difference in brightness (0–255) between `a` (whole) and the `box` of `b`, over a grid of cells. */
export function lookDifference(a: PngInfo, b: PngInfo, box: PixelBox): number {
  const cols = 16;
  const rows = Math.max(2, Math.min(16, Math.round((cols * box.height) / box.width)));
  const ga = grid(a, { x: 0, y: 0, width: a.width, height: a.height }, cols, rows);
  const gb = grid(b, box, cols, rows);
  return ga.reduce((sum, v, i) => sum + Math.abs(v - gb[i]!), 0) / ga.length;
}
