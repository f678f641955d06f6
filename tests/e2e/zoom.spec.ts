/**
 * Full-screen diagram zoom (src/client/diagramZoom.ts) on the built sample
 * course, in real Chromium: opening (click, the Zoom button, Z), panning and
 * zooming (keys, wheel, drag, a real two-finger pinch on a phone), closing
 * with focus returned, as an accessible dialog; local to its window in the
 * speaker view.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openDeck, test, type RevealWindow } from '../support/fixtures.ts';

const DECK = 'module-07/lessons/03-high-availability.html';

interface ZoomState {
  open: boolean;
  scale: number;
  viewBox: number[];
}

function zoomState(page: Page): Promise<ZoomState> {
  return page.evaluate(() => {
    const dialog = document.querySelector<HTMLDialogElement>('dialog.ld-zoom');
    const svg = dialog?.querySelector('svg');
    return { open: !!dialog?.open, scale: Number(dialog?.dataset.scale ?? 0), viewBox: (svg?.getAttribute('viewBox') ?? '').split(/\s+/).map(Number) };
  });
}

function indices(page: Page): Promise<string> {
  return page.evaluate(() => {
    const i = (window as unknown as RevealWindow).Reveal.getIndices();
    return `${i.h}/${i.v ?? 0}/${i.f ?? -1}`;
  });
}

/** Goes to the first slide with a diagram; returns its indices. */
async function toDiagramSlide(page: Page): Promise<string> {
  await page.evaluate(() => {
    const reveal = (window as unknown as RevealWindow).Reveal;
    const slide = reveal.getRevealElement().querySelector('figure.diagram')!.closest('section')!;
    const i = reveal.getIndices(slide);
    reveal.slide(i.h, i.v ?? 0);
  });
  return indices(page);
}

test('a diagram opens full screen by click, pans and zooms with keys, wheel and drag, and closes back to the deck', async ({ page, siteUrl }) => {
  await openDeck(page, `${siteUrl}/${DECK}`);
  const at = await toDiagramSlide(page);
  const original = await page.evaluate(() => (window as unknown as RevealWindow).Reveal.getCurrentSlide().querySelector('figure.diagram > svg')!.getAttribute('viewBox'));

  await page.locator('.reveal .slides section.present figure.diagram > svg').click();
  const dialog = page.getByRole('dialog', { name: /^Diagram: / });
  await expect(dialog).toBeVisible();
  await expect(page.locator('.ld-zoom-stage')).toBeFocused();
  let state = await zoomState(page);
  expect(state.viewBox.join(' '), 'opens showing the whole diagram').toBe(original!.split(/\s+/).map(Number).join(' '));
  // The copy's arrow markers and styles point inside the copy.
  const outside = await page.evaluate(() => {
    const svg = document.querySelector('dialog.ld-zoom svg')!;
    const refs = [...svg.querySelectorAll('*')].flatMap((el) => [...el.attributes].flatMap((a) => [...a.value.matchAll(/url\(#([^)]+)\)/g)].map((m) => m[1]!)));
    return refs.filter((id) => !svg.querySelector(`[id="${id}"]`));
  });
  expect(outside).toEqual([]);

  // Keys zoom and pan the diagram, never the deck.
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  const zoomed = await zoomState(page);
  expect(zoomed.scale).toBeCloseTo(1.5625, 3);
  expect(zoomed.viewBox[2]).toBeLessThan(state.viewBox[2]!);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  const panned = await zoomState(page);
  expect(panned.viewBox[0]).toBeGreaterThan(zoomed.viewBox[0]!);
  expect(panned.viewBox[1]).toBeGreaterThan(zoomed.viewBox[1]!);
  await page.keyboard.press('-');
  expect((await zoomState(page)).scale).toBeCloseTo(1.25, 3);
  expect(await indices(page), 'the deck did not move').toBe(at);

  // Wheel zooms around the pointer; dragging moves the drawing with the pointer.
  const stage = (await page.locator('.ld-zoom-stage').boundingBox())!;
  await page.mouse.move(stage.x + stage.width / 2, stage.y + stage.height / 2);
  await page.mouse.wheel(0, -400);
  await expect.poll(async () => (await zoomState(page)).scale).toBeGreaterThan(1.25);
  const beforeDrag = await zoomState(page);
  await page.mouse.down();
  await page.mouse.move(stage.x + stage.width / 2 - 120, stage.y + stage.height / 2 - 80, { steps: 4 });
  await page.mouse.up();
  const dragged = await zoomState(page);
  expect(dragged.viewBox[0]).toBeGreaterThan(beforeDrag.viewBox[0]!);
  expect(dragged.viewBox[1]).toBeGreaterThan(beforeDrag.viewBox[1]!);
  await page.keyboard.press('0');
  state = await zoomState(page);
  expect(state.scale).toBe(1);

  // An accessible dialog.
  const axe = await new AxeBuilder({ page }).include('dialog.ld-zoom').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // Esc closes; the deck is where it was, not in the overview.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await indices(page)).toBe(at);
  expect(await page.evaluate(() => (window as unknown as { Reveal: { isOverview(): boolean } }).Reveal.isOverview())).toBe(false);
  expect(await page.locator('dialog.ld-zoom svg').count(), 'the copy is gone').toBe(0);
});

test('keyboard only: the Zoom button and Z open it, Close and Esc give the focus back', async ({ page, siteUrl }) => {
  await openDeck(page, `${siteUrl}/${DECK}`);
  await toDiagramSlide(page);
  const button = page.locator('.reveal .slides section.present .ld-zoom-open');
  await expect(button).toHaveAccessibleName(/^Zoom diagram: /);
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(button, 'focus is back on the button that opened it').toBeFocused();

  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('z');
  await expect(page.getByRole('dialog')).toBeVisible();
  // One diagram on this slide: Z again closes.
  await page.keyboard.press('z');
  await expect(page.getByRole('dialog')).toBeHidden();

  // Z on a slide without a diagram does nothing.
  await page.evaluate(() => (window as unknown as RevealWindow).Reveal.slide(0, 0));
  await page.keyboard.press('z');
  await expect(page.locator('dialog.ld-zoom[open]')).toHaveCount(0);
});

test('reduced motion: the dialog opens without animation; otherwise it fades in', async ({ page, siteUrl }) => {
  const animation = async (): Promise<string> => {
    await openDeck(page, `${siteUrl}/${DECK}`);
    await toDiagramSlide(page);
    await page.keyboard.press('z');
    await expect(page.getByRole('dialog')).toBeVisible();
    return page.locator('dialog.ld-zoom').evaluate((d) => getComputedStyle(d).animationName);
  };
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await animation()).toBe('none');
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  expect(await animation()).not.toBe('none');
});

test.describe('on a phone (reading view)', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('diagrams are as wide as the screen; a tap opens one, two fingers pinch it', async ({ page, siteUrl }) => {
    await openDeck(page, `${siteUrl}/${DECK}`);
    await expect(page.locator('body')).toHaveClass(/reveal-scroll/);
    const widths = await page.locator('.scroll-page figure.diagram > svg').evaluateAll((svgs) => svgs.map((s) => s.getBoundingClientRect().width));
    expect(widths.length).toBeGreaterThan(0);
    for (const width of widths) expect(width, 'diagram width on a 390 px screen').toBeGreaterThanOrEqual(0.9 * 390);

    const svg = page.locator('.scroll-page figure.diagram > svg').first();
    await svg.scrollIntoViewIfNeeded();
    await svg.tap();
    await expect(page.getByRole('dialog')).toBeVisible();
    const before = await zoomState(page);

    // A real two-finger pinch (Chromium touch events), fingers moving apart.
    const box = (await page.locator('.ld-zoom-stage').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const cdp = await page.context().newCDPSession(page);
    const fingers = (spread: number) => [{ x: cx - spread, y: cy, id: 1 }, { x: cx + spread, y: cy, id: 2 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(30) });
    for (const spread of [45, 60, 80, 100]) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(spread) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    const after = await zoomState(page);
    expect(after.scale, 'pinching out zooms in').toBeGreaterThan(before.scale * 2);
    expect(await page.evaluate(() => document.body.scrollLeft + window.scrollX), 'the page itself did not zoom or scroll sideways').toBe(0);

    await page.getByRole('button', { name: 'Close' }).tap();
    await expect(page.getByRole('dialog')).toBeHidden();
  });
});

test('speaker view: zooming is local; + and - zoom the diagram, not the notes', async ({ page, context, siteUrl }) => {
  await openDeck(page, `${siteUrl}/${DECK}`);
  const audienceAt = await toDiagramSlide(page);
  const speaker = await context.newPage();
  await speaker.setViewportSize({ width: 1366, height: 768 });
  await openDeck(speaker, `${siteUrl}/${DECK}?speaker`);
  await expect(speaker.locator('body[data-ld-speaker="ready"]')).toBeAttached();
  await expect.poll(() => indices(speaker)).toBe(audienceAt);
  const notesSize = () => speaker.locator('.ld-speaker-notes-body').evaluate((n) => getComputedStyle(n).fontSize);
  const fontBefore = await notesSize();

  await speaker.locator('.ld-speaker-current .slides section.present figure.diagram > svg').click();
  await expect(speaker.getByRole('dialog')).toBeVisible();
  await speaker.keyboard.press('+');
  await speaker.keyboard.press('ArrowRight');
  await speaker.keyboard.press('b');
  expect((await zoomState(speaker)).scale).toBeGreaterThan(1);
  expect(await notesSize(), 'the notes kept their size').toBe(fontBefore);
  await speaker.keyboard.press('Escape');
  await expect(speaker.getByRole('dialog')).toBeHidden();
  expect(await indices(speaker)).toBe(audienceAt);
  expect(await indices(page), 'the audience did not move').toBe(audienceAt);
  expect(await page.evaluate(() => (window as unknown as { Reveal: { isPaused(): boolean } }).Reveal.isPaused()), 'B in the dialog did not blank the audience').toBe(false);
  await expect(page.locator('dialog.ld-zoom[open]'), 'nothing opened in the audience window').toHaveCount(0);
});
