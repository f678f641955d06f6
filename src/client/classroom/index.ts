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
import { onRoleChange } from './connection.ts';

export function initClassroom(deck: RevealApi, options: { drawing: boolean }): void {
  // The presenter's own screens show questions and steps, not the controls students use.
  onRoleChange((role) => document.documentElement.classList.toggle('ld-presenting', role === 'presenter'));
  // This deck only: the speaker view's next-step preview is a copy of it.
  initCheckpoints(deck.getRevealElement() ?? document);
  initLabProgress(deck);
  // The print view shows no live drawing.
  if (options.drawing) initPen(initDrawingOverlay(deck));
}
