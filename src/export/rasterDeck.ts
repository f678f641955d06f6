/**
 * The editable PPTX of a deck's open print view: slide content read from the
 * laid-out DOM, pictures screenshot (in a page with a device scale factor) as
 * PNG fallbacks.
 */
import type { Page } from 'playwright-core';
import { buildPptx, type PictureData } from './pptxDeck.ts';
import type { SlideContent } from './slideContent.ts';

export interface PptxDeckInfo {
  title: string;
  author?: string;
  subject?: string;
  lang: string;
}

/** Fetches an `<img>`'s bytes (from the exporter's own server or a data: URL). */
async function fetchImage(src: string): Promise<{ mime: string; bytes: Uint8Array } | undefined> {
  try {
    const response = await fetch(src);
    if (!response.ok) return undefined;
    const mime = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    return { mime, bytes: new Uint8Array(await response.arrayBuffer()) };
  } catch {
    return undefined;
  }
}

/**
 * Runs in the page: scrolls the marked picture into the viewport and returns its box in
 * document coordinates (what a capture's clip is in). `beyond` when it is larger than the viewport.
 */
function scrollIntoViewport(id: string): { x: number; y: number; width: number; height: number; beyond: boolean } {
  const element = document.querySelector(`[data-ld-shot="${id}"]`)!;
  element.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
  const r = element.getBoundingClientRect();
  const beyond = r.top < 0 || r.left < 0 || r.bottom > window.innerHeight || r.right > window.innerWidth;
  return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: Math.max(1, r.width), height: Math.max(1, r.height), beyond };
}

/** `slides`: the open print view's content (readSlideContent), whose pictures are still marked in the page. */
export async function pptxFromPrintView(page: Page, slides: SlideContent[], info: PptxDeckInfo): Promise<{ pptx: Uint8Array; slides: number }> {
  const pictures = new Map<string, PictureData>();
  const shapes = slides.flatMap((slide) => slide.shapes).filter((shape) => shape.kind === 'picture');
  if (!shapes.length) return { pptx: await buildPptx({ ...info, slides, pictures }), slides: slides.length };
  const cdp = await page.context().newCDPSession(page);
  // One after the other, each scrolled into the viewport and measured there just before it is
  // captured, while Node writes the file (an SVG's PNG is needed only at the end: PictureData.png).
  // Not `captureBeyondViewport`: it grows the viewport for the capture and the page under the
  // clip is then laid out anew, so a box measured before can show another slide's pixels.
  // At 1.5× (CDP scales while it captures): sharp enough on a projector; encoding favours speed
  // (the PNG is the fallback of an SVG).
  let previous: Promise<unknown> = Promise.resolve();
  const shots = shapes.map((shape) => {
    const shot = previous.then(async () => {
      const { beyond, ...box } = await page.evaluate(scrollIntoViewport, shape.shot);
      const captured = await cdp.send('Page.captureScreenshot', { format: 'png', clip: { ...box, scale: 1.5 }, captureBeyondViewport: beyond, optimizeForSpeed: true });
      return Buffer.from(captured.data, 'base64');
    });
    previous = shot.catch(() => undefined);
    return shot;
  });
  // A failed capture is reported where buildPptx awaits it, not as an unhandled rejection before.
  for (const shot of shots) shot.catch(() => undefined);
  await Promise.all(shapes.map(async (shape, i) => {
    const picture: PictureData = { png: shots[i]! };
    if (shape.image) {
      const image = await fetchImage(shape.image);
      if (image?.mime === 'image/svg+xml') picture.svg = new TextDecoder().decode(image.bytes);
      else if (image && /^image\/(png|jpeg|gif)$/.test(image.mime)) picture.raster = image;
    }
    pictures.set(shape.shot, picture);
  }));
  try {
    const pptx = await buildPptx({ ...info, slides, pictures });
    return { pptx, slides: slides.length };
  } finally {
    // Every capture is awaited (a failed one too) before the session goes.
    await Promise.allSettled(shots);
    await cdp.detach();
  }
}
