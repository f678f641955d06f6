/**
 * Issue 5, fit: every slide of every deck of the built sample course shows
 * all of its content at 1280×720 — nothing taller or wider than the slide, no
 * code block or table hiding content behind a scrollbar, and the runtime
 * fallback (src/client/fit.ts, which shrinks text) never had to step in,
 * because the build already split or scaled what was too big.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { courseDecks } from '../support/course.ts';
import { expect, openDeck, test } from '../support/fixtures.ts';
import { slideFitProblems } from '../support/fitWalk.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const COURSE_ROOT = path.resolve(REPO_ROOT, process.env['LESSONDECK_E2E_COURSE'] ?? 'slides');

test.use({ viewport: { width: 1280, height: 720 } });

test('fit: every slide of every deck of the sample course fits 1280×720 and hides nothing', async ({ page, siteUrl }) => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  let slides = 0;
  for (const deck of courseDecks(COURSE_ROOT)) {
    await openDeck(page, `${siteUrl}/${deck.page}`);
    // The walk is about layout, not animation.
    await page.evaluate(() => (window as unknown as { Reveal: { configure(c: object): void } }).Reveal.configure({ transition: 'none', backgroundTransition: 'none' }));
    const report = await slideFitProblems(page);
    slides += report.slides;
    problems.push(...report.problems.map((p) => `${deck.file} ${p}`));
  }
  expect(slides).toBeGreaterThan(200);
  expect(problems).toEqual([]);
});
