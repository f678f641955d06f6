/**
 * Runs the fit pass over every deck of a course (two decks at a time: one
 * measuring page per core) and swaps each fitted deck model into the course.
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { BrowserService } from '../browser/browserService.ts';
import type { CourseDeck } from '../course/loadCourse.ts';
import type { Theme } from '../render/themes.ts';
import type { FigureVariants } from '../slides/model.ts';
import { fitDeck, type FitStats } from './fitDeck.ts';
import type { FitDefaults } from './fitSettings.ts';

export interface FitCourseOptions {
  browser: () => Promise<BrowserService>;
  cacheDir?: string | false;
  themeOf: (entry: CourseDeck) => Theme;
  /** Diagram figures of each deck (by source file), as the page will show them. */
  figures: ReadonlyMap<string, readonly FigureVariants[]>;
  /** The config file's fit settings, for lessons whose front matter sets none. */
  fitDefaults?: FitDefaults;
}

const PARALLEL_DECKS = 2;

export async function fitCourseDecks(decks: CourseDeck[], options: FitCourseOptions): Promise<{ diagnostics: Diagnostic[]; stats: FitStats }> {
  const diagnostics: Diagnostic[] = [];
  const stats: FitStats = { slides: 0, measured: 0, fromCache: 0, split: 0, scaled: 0, merged: 0 };
  const queue = decks.filter((d) => d.kind !== 'course'); // the course README is the index page, not a deck
  const worker = async (): Promise<void> => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      const result = await fitDeck(entry.deck, options.themeOf(entry), options.figures.get(entry.file) ?? [], {
        browser: options.browser,
        ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
        ...(options.fitDefaults ? { defaults: options.fitDefaults } : {}),
      });
      entry.deck = result.deck;
      entry.deck.diagnostics.push(...result.diagnostics);
      diagnostics.push(...result.diagnostics);
      for (const key of Object.keys(stats) as (keyof FitStats)[]) stats[key] += result.stats[key];
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_DECKS }, worker));
  return { diagnostics, stats };
}
