/**
 * Everything a deck page does for a class: checkpoints and polls, lab
 * progress, and (in follow mode) the presenter's pen and laser pointer.
 */
import './classroom.css';
import type { RevealApi } from 'reveal.js';
import { initCheckpoints } from './checkpoints.ts';
import { initLabProgress } from './labProgress.ts';
import { initDrawingOverlay } from './overlay.ts';
import { initPen } from './pen.ts';

export function initClassroom(deck: RevealApi, options: { drawing: boolean }): void {
  initCheckpoints();
  initLabProgress();
  // The print view and the reading view show no live drawing.
  if (options.drawing) initPen(initDrawingOverlay(deck));
}
