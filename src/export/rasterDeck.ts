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
  const cdp = await page.context().newCDPSession(page);
  for (const slide of slides) {
    for (const shape of slide.shapes) {
      if (shape.kind !== 'picture') continue;
      // At 1.5× (CDP scales while it captures): sharp enough on a projector, and PNG encoding is most of the cost.
      const box = await page.evaluate((id) => {
        const el = document.querySelector(`[data-ld-shot="${id}"]`)!;
        el.scrollIntoView({ block: 'center' });
        const r = el.getBoundingClientRect();
        return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: Math.max(1, r.width), height: Math.max(1, r.height) };
      }, shape.shot);
      const shot = await cdp.send('Page.captureScreenshot', { format: 'png', clip: { ...box, scale: 1.5 } });
      const png = Buffer.from(shot.data, 'base64');
      const picture: PictureData = { png };
      if (shape.image) {
        const image = await fetchImage(shape.image);
        if (image?.mime === 'image/svg+xml') picture.svg = new TextDecoder().decode(image.bytes);
        else if (image && /^image\/(png|jpeg|gif)$/.test(image.mime)) picture.raster = image;
      }
      pictures.set(shape.shot, picture);
    }
  }
  await cdp.detach();
  const pptx = await buildPptx({ ...info, slides, pictures });
  return { pptx, slides: slides.length };
}
