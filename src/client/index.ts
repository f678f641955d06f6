/** Course index page entry (loaded as /@lessondeck/client/index.ts). */
import './index.css';
import './a11y.css';
import { initColorScheme } from './colorScheme.ts';
import { initIndexProgress } from './indexProgress.ts';
import { registerOffline } from './offline.ts';
import { initSearchTrigger } from './search/trigger.ts';
import { startFollow } from './follow.ts';
import { initSessionTimes } from './sessionTimes.ts';

initColorScheme(document.querySelector<HTMLSelectElement>('#ld-color-scheme'));
initIndexProgress();
initSessionTimes();
initSearchTrigger();
registerOffline();
// Follow mode (`lessondeck present`) lands here first (`?follow`, `?present=TOKEN`), then goes to the presenter's deck.
startFollow();
