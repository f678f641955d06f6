/**
 * Course-level pacing (issue 14): the sample course's home page plans "Day 1 morning" from 09:00 —
 * Lesson 7.1 (50 min), Lab 7.1 (60 min), Lesson 7.2 (55 min). The instructor teaches Lesson 7.1 for
 * 12 minutes (from 09:01) and the lab for 65 (from 10:20) in the speaker view; the speaker view and then the course index show
 * planned against actual time per lesson. Time moves only under Playwright's clock (paused, then
 * moved forward by exact amounts), never by waiting, so every number on screen follows from those moves.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, openDeck, test } from '../support/fixtures.ts';

const LESSON = 'module-07/lessons/01-packaging-distribution.html';
const LAB = 'module-07/labs/lab-01-packaging-distribution.html';
const NEXT = 'module-07/lessons/02-rbac-security.html';

/** Opens a deck's speaker view, stops the clock at `at` and starts the deck's timer from zero there. */
async function teach(page: Page, url: string, at: string): Promise<Locator> {
  await page.clock.resume();
  await openDeck(page, `${url}?speaker`);
  await expect(page.locator('body[data-ld-speaker="ready"]')).toBeAttached();
  // From here on time moves only when the test moves it.
  await page.clock.pauseAt(new Date(`2025-03-04T${at}`));
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.locator('.ld-speaker-elapsed')).toHaveText('0:00');
  return page.locator('.ld-speaker-session');
}

/** A session table row's cells: lesson, plan, actual. */
async function cells(row: Locator): Promise<string[]> {
  return (await row.locator('th, td').allTextContents()).map((text) => text.trim());
}

test('session plan: speaker view and course index show planned vs actual time per lesson of the session', async ({ page, siteUrl }) => {
  await page.clock.install({ time: new Date('2025-03-04T09:00:00') });
  await page.setViewportSize({ width: 1366, height: 768 });

  // Lesson 7.1, 12 minutes in: it is the current lesson; the lab and Lesson 7.2 are still to come.
  let panel = await teach(page, `${siteUrl}/${LESSON}`, '09:01:00');
  await page.clock.fastForward('12:00');
  await expect(page.locator('.ld-speaker-elapsed')).toHaveText('12:00');
  let rows = panel.locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toHaveAttribute('data-state', 'current');
  expect(await cells(rows.nth(0))).toEqual(['Lesson 7.1: Packaging and Distribution', '50:00', '12:00']);
  await expect(rows.nth(1)).toHaveAttribute('data-state', 'upcoming');
  expect((await cells(rows.nth(1))).slice(1)).toEqual(['1:00:00', '—']);
  expect(await cells(rows.nth(2))).toEqual(['Lesson 7.2: RBAC and Security', '55:00', '—']);
  // Left: 38 min of the lesson + 60 + 55 = 2:33:00; at 09:13 that ends 11:46, on time for the plan's 11:45 (09:00 + 165 min).
  await expect(panel.locator('summary')).toHaveText('Day 1 morning: 2:33:00 left to teach · ends ~11:46 (plan 11:45)');
  await expect(panel.locator('summary')).toHaveAttribute('data-pace', 'on-time');

  // The lab, 65 minutes: over its hour; Lesson 7.1 is done with its 12 minutes.
  panel = await teach(page, `${siteUrl}/${LAB}`, '10:20:00');
  await page.clock.fastForward('01:05:00');
  await expect(page.locator('.ld-speaker-elapsed')).toHaveText('1:05:00');
  rows = panel.locator('tbody tr');
  await expect(rows.nth(0)).toHaveAttribute('data-state', 'done');
  expect((await cells(rows.nth(0))).slice(1)).toEqual(['50:00', '12:00']);
  await expect(rows.nth(0)).not.toHaveAttribute('data-over', '');
  await expect(rows.nth(1)).toHaveAttribute('data-state', 'current');
  expect((await cells(rows.nth(1))).slice(1)).toEqual(['1:00:00', '1:05:00']);
  await expect(rows.nth(1)).toHaveAttribute('data-over', '');
  expect((await cells(rows.nth(2))).slice(1)).toEqual(['55:00', '—']);
  // Left: only Lesson 7.2 (55 min); at 11:25 that ends 12:20, behind the plan's 11:45.
  await expect(panel.locator('summary')).toHaveText('Day 1 morning: 55:00 left to teach · ends ~12:20 (plan 11:45)');
  await expect(panel.locator('summary')).toHaveAttribute('data-pace', 'behind');

  // The course index: the same session, planned minutes and the actual time this browser measured.
  await page.clock.resume();
  expect((await page.goto(`${siteUrl}/index.html`))?.status()).toBe(200);
  const table = page.locator('table.ld-session').filter({ has: page.locator('caption', { hasText: 'Day 1 morning' }) });
  await expect(table.locator('caption')).toContainText('2 h 45 min planned · starts 09:00');
  const row = (deck: string): Locator => table.locator(`tr[data-page="${deck}"]`);
  await expect(row(LESSON).locator('.ld-session-actual')).toHaveText('12:00');
  expect(await cells(row(LESSON))).toEqual(['Lesson 7.1: Packaging and Distribution', '50 min', '12:00']);
  await expect(row(LESSON).locator('.ld-session-actual')).toHaveAttribute('data-pace', 'within');
  expect((await cells(row(LAB))).slice(1)).toEqual(['1 h', '1:05:00']);
  await expect(row(LAB).locator('.ld-session-actual')).toHaveAttribute('data-pace', 'over');
  expect(await cells(row(NEXT))).toEqual(['Lesson 7.2: RBAC and Security', '55 min', '—']);
  await expect(row(NEXT).locator('.ld-session-actual')).not.toHaveAttribute('data-pace', /./);
});
