/**
 * Speaker view (issue 3): `<deck>.html?speaker` beside the audience deck in the
 * same browser context, on the built sample course. Timer and pacing run under
 * Playwright's clock, never real waiting.
 */
import type { BrowserContext, Page } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { courseDecks, decksOfEachKind } from '../support/course.ts';
import { expect, openDeck, test, type RevealWindow } from '../support/fixtures.ts';
import { documentOrder, stepKey } from '../support/walk.ts';

const DECK = 'module-07/lessons/03-high-availability.html';
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Same course as global-setup.ts builds.
const DECKS = courseDecks(path.resolve(REPO_ROOT, process.env['LESSONDECK_E2E_COURSE'] ?? 'slides'));
const OTHER_DECK = 'module-07/lessons/01-packaging-distribution.html';

interface Indices {
  h: number;
  v: number;
  f: number;
}

function indices(page: Page): Promise<Indices> {
  return page.evaluate(() => {
    const i = (window as unknown as RevealWindow).Reveal.getIndices();
    return { h: i.h, v: i.v ?? 0, f: typeof i.f === 'number' ? i.f : -1 };
  });
}

/** The speaker view has started (keys bound, panels filled). */
async function speakerReady(page: Page): Promise<void> {
  await expect(page.locator('body[data-ld-speaker="ready"]')).toBeAttached();
}

async function openSpeaker(context: BrowserContext, url: string): Promise<Page> {
  const speaker = await context.newPage();
  await speaker.setViewportSize({ width: 1366, height: 768 });
  await openDeck(speaker, url);
  await speakerReady(speaker);
  return speaker;
}

/** Every leaf slide's indices and notes text, read from the audience page. */
function slidesWithNotes(page: Page): Promise<{ h: number; v: number; notes: string; fragments: number }[]> {
  return page.evaluate(() => {
    const reveal = (window as unknown as RevealWindow).Reveal;
    return reveal.getSlides().map((slide) => {
      const i = reveal.getIndices(slide);
      const notes = slide.querySelector(':scope > aside.notes')?.textContent ?? '';
      return { h: i.h, v: i.v ?? 0, notes: notes.replace(/\s+/g, ' ').trim(), fragments: slide.querySelectorAll('.fragment').length };
    });
  });
}

test.describe('speaker view', () => {
  test('drives the audience deck and follows it, both ways; notes, next step, blank, reload', async ({ page, context, siteUrl }) => {
    await openDeck(page, `${siteUrl}/${DECK}`);
    const speaker = await openSpeaker(context, `${siteUrl}/${DECK}?speaker`);

    // Audience → speaker.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => indices(speaker)).toEqual(await indices(page));
    expect((await indices(page)).h).toBe(2);

    // Speaker → audience (keys and the on-slide controls: in linear navigation their ← is one step back).
    const atTwo = await indices(page);
    await speaker.keyboard.press('ArrowRight');
    const afterKey = await indices(speaker);
    expect(afterKey).not.toEqual(atTwo);
    await expect.poll(() => indices(page)).toEqual(afterKey);
    await speaker.locator('.ld-speaker-current .controls .navigate-left').click();
    await expect.poll(() => indices(page)).toEqual(atTwo);

    // The notes of slide N are shown at N, for every slide of the deck.
    const slides = await slidesWithNotes(page);
    expect(slides.filter((s) => s.notes).length, 'slides with notes in this deck').toBeGreaterThan(3);
    for (const [n, slide] of slides.entries()) {
      await page.evaluate(({ h, v }) => (window as unknown as RevealWindow).Reveal.slide(h, v), slide);
      await expect(speaker.locator('.ld-speaker-position')).toHaveText(`${n + 1} / ${slides.length}`);
      const shown = (await speaker.locator('.ld-speaker-notes-body').textContent())?.replace(/\s+/g, ' ').trim();
      expect(shown, `notes of slide ${n + 1}`).toBe(slide.notes || 'No notes for this slide.');
    }

    // The next-step preview is the step the deck actually takes next: check it
    // over a run of steps that includes fragments when the deck has any.
    const start = slides.findIndex((s) => s.fragments > 0);
    const from = slides[Math.max(0, start)]!;
    await speaker.evaluate(({ h, v }) => (window as unknown as RevealWindow).Reveal.slide(h, v, -1), from);
    let sawFragmentStep = false;
    for (let step = 0; step < 8; step++) {
      const preview = speaker.locator('.ld-speaker-preview');
      const next = await preview.getAttribute('data-next');
      const label = await speaker.locator('.ld-speaker-next .ld-speaker-label').textContent();
      if (next === 'end') break;
      sawFragmentStep ||= label === 'Next: same slide, next step';
      await speaker.keyboard.press('Space');
      const actual = await indices(speaker);
      expect(`${actual.h}/${actual.v}/${actual.f}`, `step ${step}: preview said ${next} (${label})`).toBe(next);
      await expect.poll(() => indices(page)).toEqual(actual);
      await expect(preview).not.toHaveAttribute('data-next', next!);
    }
    if (start >= 0) expect(sawFragmentStep, 'a fragment step was previewed').toBe(true);
    // What the preview shows is that slide: its title matches the label.
    const previewTitle = await speaker.locator('.ld-speaker-preview .slides section.present:not(.stack) :is(h1,h2,h3)').first().textContent();
    expect(await speaker.locator('.ld-speaker-next .ld-speaker-label').textContent()).toMatch(/^Next: /);
    expect(previewTitle?.trim().length).toBeGreaterThan(0);

    // B blanks the audience (not the speaker's own slide), and again to unblank.
    await speaker.keyboard.press('b');
    await expect.poll(() => page.evaluate(() => (window as unknown as { Reveal: { isPaused(): boolean } }).Reveal.isPaused())).toBe(true);
    await expect(speaker.locator('.ld-speaker-blank')).toBeVisible();
    await expect(speaker.locator('.ld-speaker-current .reveal .pause-overlay')).toBeHidden();
    await speaker.keyboard.press('b');
    await expect.poll(() => page.evaluate(() => (window as unknown as { Reveal: { isPaused(): boolean } }).Reveal.isPaused())).toBe(false);
    // The audience's own B shows in the speaker view.
    await page.keyboard.press('b');
    await expect(speaker.locator('.ld-speaker-blank')).toBeVisible();
    await page.keyboard.press('b');
    await expect(speaker.locator('.ld-speaker-blank')).toBeHidden();

    // Reloading either window restores the position, fragment included.
    const before = await indices(page);
    await speaker.reload();
    await speakerReady(speaker);
    await expect.poll(() => indices(speaker)).toEqual(before);
    await page.reload();
    await page.waitForFunction(() => (window as unknown as RevealWindow).Reveal?.isReady());
    await expect.poll(() => indices(page)).toEqual(before);
    // …and the two still drive each other afterwards.
    await speaker.keyboard.press('ArrowRight');
    await expect.poll(() => indices(page)).toEqual(await indices(speaker));

    // Another deck in the same browser never drives this one.
    const other = await context.newPage();
    await openDeck(other, `${siteUrl}/${OTHER_DECK}`);
    const here = await indices(page);
    await other.keyboard.press('ArrowRight');
    await other.keyboard.press('ArrowRight');
    await expect.poll(() => indices(other)).toMatchObject({ h: 2 });
    expect(await indices(page)).toEqual(here);
    expect(await indices(speaker)).toEqual(here);

    // S in the audience deck opens the speaker view in a new window.
    const [popup] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('s')]);
    await popup.waitForLoadState();
    expect(new URL(popup.url()).searchParams.has('speaker')).toBe(true);
    await expect(popup.locator('.ld-speaker')).toBeVisible();
    await popup.close();
  });

  test('timer advances, pauses and resets; pacing says behind when time runs ahead; fits 1366×768', async ({ page, siteUrl }) => {
    await page.clock.install({ time: new Date('2025-03-04T09:00:00') });
    await page.setViewportSize({ width: 1366, height: 768 });
    await openDeck(page, `${siteUrl}/${DECK}?speaker`);
    await speakerReady(page);
    // From here on time moves only when the test moves it.
    await page.clock.pauseAt(new Date('2025-03-04T09:00:30'));
    const elapsed = page.locator('.ld-speaker-elapsed');
    const pace = page.locator('.ld-speaker-pace');
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect(elapsed).toHaveText('0:00');
    await expect(pace).toHaveAttribute('data-pace', 'on-time');
    await expect(page.locator('.ld-speaker-pace-detail')).toContainText('of 50:00');
    await expect(page.locator('.ld-speaker-clock')).toHaveText(/09:00|9:00/);
    await page.clock.fastForward('01:00');
    await expect(page.locator('.ld-speaker-clock')).toHaveText(/09:01|9:01/);
    await page.getByRole('button', { name: 'Reset' }).click();

    await page.clock.fastForward('01:05');
    await expect(elapsed).toHaveText('1:05');

    await page.getByRole('button', { name: 'Pause' }).click();
    await page.clock.fastForward('00:30');
    await expect(elapsed).toHaveText('1:05');
    await page.keyboard.press('t');
    await page.clock.fastForward('00:10');
    await expect(elapsed).toHaveText('1:15');

    // Still on the title slide after 10 minutes: behind, with the time left.
    await page.clock.fastForward('10:00');
    await expect(pace).toHaveAttribute('data-pace', 'behind');
    await expect(pace).toHaveText(/^Behind \d+:\d\d$/);
    await expect(page.locator('.ld-speaker-pace-detail')).toContainText('38:45 left of 50:00');

    // Far ahead in the deck at that time: ahead.
    await page.evaluate(() => {
      const reveal = (window as unknown as RevealWindow).Reveal;
      const slides = reveal.getSlides();
      const i = reveal.getIndices(slides[slides.length - 2]!);
      reveal.slide(i.h, i.v);
    });
    await expect(pace).toHaveAttribute('data-pace', 'ahead');

    await page.getByRole('button', { name: 'Reset' }).click();
    await expect(elapsed).toHaveText('0:00');

    // Notes font size: buttons and keys, remembered after a reload.
    const size = (): Promise<string> => page.locator('.ld-speaker-notes-body').evaluate((el) => getComputedStyle(el).fontSize);
    const initial = await size();
    await page.getByRole('button', { name: 'Larger notes' }).click();
    await page.keyboard.press('+');
    expect(parseFloat(await size())).toBe(parseFloat(initial) + 4);
    await page.clock.resume();
    await page.reload();
    await speakerReady(page);
    expect(parseFloat(await size())).toBe(parseFloat(initial) + 4);
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    expect(parseFloat(await size())).toBe(parseFloat(initial));

    // Layout: nothing leaves the 1366×768 window, the page does not scroll.
    const boxes = await page.evaluate(() =>
      ['.ld-speaker-bar', '.ld-speaker-current', '.ld-speaker-preview', '.ld-speaker-timer', '.ld-speaker-notes'].map((sel) => {
        const r = document.querySelector(sel)!.getBoundingClientRect();
        return { sel, left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
      }),
    );
    for (const box of boxes) {
      expect(box.left, box.sel).toBeGreaterThanOrEqual(0);
      expect(box.top, box.sel).toBeGreaterThanOrEqual(0);
      expect(box.right, box.sel).toBeLessThanOrEqual(1366);
      expect(box.bottom, box.sel).toBeLessThanOrEqual(768);
      expect(box.height, box.sel).toBeGreaterThan(30);
    }
    const current = boxes.find((b) => b.sel === '.ld-speaker-current')!;
    expect(current.width, 'current slide is the biggest pane').toBeGreaterThan(640);
    const timerOverflow = await page.locator('.ld-speaker-timer').evaluate((el) => el.scrollHeight - el.clientHeight);
    expect(timerOverflow, 'timer panel content fits').toBeLessThanOrEqual(1);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(768);
  });
});

test('a speaker view opened fresh on a second screen takes the audience\'s slide and does not move the audience', async ({ page, context, siteUrl }) => {
  await openDeck(page, `${siteUrl}/${DECK}`);
  await page.evaluate(() => (window as unknown as RevealWindow).Reveal.slide(2, 1));
  const at = await indices(page);
  expect(at).toMatchObject({ h: 2, v: 1 });
  // A new tab (no copy of the audience's session storage, unlike a window opened with S).
  const speaker = await openSpeaker(context, `${siteUrl}/${DECK}?speaker`);
  await expect.poll(() => indices(speaker)).toEqual(at);
  expect(await indices(page)).toEqual(at);
});

/**
 * Presenting with → only, in the speaker view of a lesson, a lab and a slide-first deck
 * (the quality spec walks → through every deck; module pages and SUMMARY are short lists
 * of the same slides): each press shows the next step in document order (continuation
 * parts and `###` slides included), and the NEXT preview showed exactly that step beforehand.
 */
test.describe('speaker view NEXT, walking with → only', () => {
  for (const deck of decksOfEachKind(DECKS, 1).filter((d) => d.kind === 'lesson' || d.kind === 'lab' || d.kind === 'slide-first')) {
    test(`${deck.page}`, async ({ page, siteUrl }) => {
      await page.setViewportSize({ width: 1366, height: 768 });
      await openDeck(page, `${siteUrl}/${deck.page}?speaker`);
      await speakerReady(page);
      const order = await documentOrder(page);
      const preview = page.locator('.ld-speaker-preview');
      const previewSlide = (): Promise<string | null> =>
        page.evaluate(() => document.querySelector('.ld-speaker-preview .slides section.present:not(.stack)')?.id.replace(/^ld-preview-/, '') ?? null);
      expect(stepKey(await indices(page))).toBe(stepKey(order[0]!));
      for (let n = 1; n < order.length; n++) {
        const next = await preview.getAttribute('data-next');
        const shownNext = await previewSlide();
        expect(next, `step ${n}: NEXT before pressing →`).toBe(stepKey(order[n]!));
        await page.keyboard.press('ArrowRight');
        const now = await indices(page);
        expect(stepKey(now), `step ${n}: the deck after →`).toBe(next);
        expect(await page.evaluate(() => (window as unknown as RevealWindow).Reveal.getCurrentSlide().id), `step ${n}: the slide NEXT showed`).toBe(shownNext);
        await expect(preview).toHaveAttribute('data-next', n + 1 < order.length ? stepKey(order[n + 1]!) : 'end');
      }
    });
  }
});
