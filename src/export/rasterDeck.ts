/**
 * The editable PPTX of a deck's open print view: slide content read from the
 * laid-out DOM, pictures screenshot (in a page with a device scale factor) as
 * PNG fallbacks.
 */
import type { Page } from 'playwright-core';
import { buildPptx, type PictureData } from './pptxDeck.ts';
import { readSlideContent } from './slideContent.ts';

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

export async function pptxFromPrintView(page: Page, info: PptxDeckInfo): Promise<{ pptx: Uint8Array; slides: number }> {
  const slides = await readSlideContent(page);
  const pictures = new Map<string, PictureData>();
  for (const slide of slides) {
    for (const shape of slide.shapes) {
      if (shape.kind !== 'picture') continue;
      const png = await page.locator(`[data-ld-shot="${shape.shot}"]`).screenshot({ animations: 'disabled', omitBackground: true });
      const picture: PictureData = { png };
      if (shape.image) {
        const image = await fetchImage(shape.image);
        if (image?.mime === 'image/svg+xml') picture.svg = new TextDecoder().decode(image.bytes);
        else if (image && /^image\/(png|jpeg|gif)$/.test(image.mime)) picture.raster = image;
      }
      pictures.set(shape.shot, picture);
    }
  }
  const pptx = await buildPptx({ ...info, slides, pictures });
  return { pptx, slides: slides.length };
}
