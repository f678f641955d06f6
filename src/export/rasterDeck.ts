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

/** `slides`: the open print view's content (readSlideContent), whose pictures are still marked in the page. */
export async function pptxFromPrintView(page: Page, slides: SlideContent[], info: PptxDeckInfo): Promise<{ pptx: Uint8Array; slides: number }> {
  const pictures = new Map<string, PictureData>();
  const shapes = slides.flatMap((slide) => slide.shapes).filter((shape) => shape.kind === 'picture');
  if (!shapes.length) return { pptx: await buildPptx({ ...info, slides, pictures }), slides: slides.length };
  // Every picture's place in the document at once (one round trip), captured beyond the viewport: no scrolling.
  const boxes = await page.evaluate((ids) => ids.map((id) => {
    const r = document.querySelector(`[data-ld-shot="${id}"]`)!.getBoundingClientRect();
    return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: Math.max(1, r.width), height: Math.max(1, r.height) };
  }), shapes.map((shape) => shape.shot));
  const cdp = await page.context().newCDPSession(page);
  // Asked for together: Chromium captures them one after the other, without a round trip between,
  // while Node writes the file (an SVG's PNG is needed only at the end: PictureData.png).
  // At 1.5× (CDP scales while it captures): sharp enough on a projector; encoding favours speed (the PNG is the fallback of an SVG).
  // Painted first: on a busy machine a capture right after layout can come back blank.
  // (Two frames, or 200 ms where a page gets no frames.)
  const painted = page.evaluate(() => new Promise<void>((done) => {
    requestAnimationFrame(() => requestAnimationFrame(() => done()));
    setTimeout(done, 200);
  }));
  const shots = boxes.map(async (box) => {
    await painted;
    const shot = await cdp.send('Page.captureScreenshot', { format: 'png', clip: { ...box, scale: 1.5 }, captureBeyondViewport: true, optimizeForSpeed: true });
    return Buffer.from(shot.data, 'base64');
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
