/**
 * Pictures of an open print view's pages, one per printed page (a slide
 * taller than a page gives one per page it spans), each exactly 16:9 at the
 * page's device scale factor: the PNG export, and the handouts' thumbnails.
 */
import type { Page } from 'playwright-core';

const WIDTH = 1280;
const HEIGHT = 720;

export interface PageImageOptions {
  type: 'png' | 'jpeg';
  quality?: number;
  /**
   * Output size relative to the page's pixels (e.g. 0.5 for thumbnails). Taken
   * through CDP, which scales while capturing; Playwright's screenshot cannot.
   */
  scale?: number;
}

export async function pageImages(page: Page, options: PageImageOptions = { type: 'png' }): Promise<Uint8Array[]> {
  const tops = await page.evaluate((pageHeight) => {
    const out: number[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.reveal .pdf-page'))) {
      const top = el.getBoundingClientRect().top + window.scrollY;
      const count = Number(el.dataset.ldPages ?? 1);
      for (let i = 0; i < count; i++) out.push(top + i * pageHeight);
    }
    return out;
  }, HEIGHT);
  const images: Uint8Array[] = [];
  const cdp = options.scale ? await page.context().newCDPSession(page) : undefined;
  for (const top of tops) {
    // Scrolled into the viewport rather than a full-page capture, which resizes the view and lays the deck out again.
    const offset = await page.evaluate((y) => {
      window.scrollTo(0, y);
      return y - window.scrollY;
    }, top);
    if (cdp) {
      // CDP's clip is in document coordinates; the scroll only makes Chromium paint that part.
      const shot = await cdp.send('Page.captureScreenshot', { format: options.type, ...(options.type === 'jpeg' ? { quality: options.quality ?? 80 } : {}), clip: { x: 0, y: top, width: WIDTH, height: HEIGHT, scale: options.scale! } });
      images.push(Buffer.from(shot.data, 'base64'));
      continue;
    }
    images.push(await page.screenshot({ clip: { x: 0, y: offset, width: WIDTH, height: HEIGHT }, animations: 'disabled', type: options.type, ...(options.type === 'jpeg' ? { quality: options.quality ?? 80 } : {}) }));
  }
  await cdp?.detach();
  return images;
}
