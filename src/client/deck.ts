/**
 * Deck page entry (loaded as /@lessondeck/client/deck.ts).
 *
 * CSS order: reveal.js structural CSS, then base.css (layout shared by all
 * themes). The theme itself (fonts + --ld-* variables) is the
 * <link rel="stylesheet"> to themes/<name>/theme.css in the page head.
 * No reveal.js plugins: code is highlighted and diagrams are rendered at build time.
 */
import 'reveal.js/reveal.css';
import './base.css';
import './dialects.css';
import Reveal from 'reveal.js';
import type { RevealApi, RevealConfig, TransitionStyle } from 'reveal.js';
import { initCodeSteps } from './codeSteps.ts';
import { initDeckNav, scrollViewRequested } from './deckNav.ts';
import { initDiagramZoom } from './diagramZoom.ts';
import { initFit } from './fit.ts';
import { initPrint } from './print.ts';
import './a11y.css';
import { initDeckProgress } from './deckProgress.ts';
import { registerOffline } from './offline.ts';
import { initReadingView } from './readingView.ts';
import { initSearchTrigger } from './search/trigger.ts';
import { speakerViewRequested } from './speaker/openSpeaker.ts';
import { startAudienceSync } from './sync/startSync.ts';
import { initClassroom } from './classroom/index.ts';
import type { SessionPlan } from '../course/sessions.ts';

declare global {
  interface Window {
    Reveal: RevealApi;
  }
}

interface DeckConfig {
  title?: string;
  course?: string;
  theme?: string;
  transition?: string;
  /** Planned minutes (front matter `duration` or the module README); the speaker view paces against it. */
  durationMinutes?: number | null;
  /** The course session this deck is taught in, for the speaker view's session pacing. */
  session?: SessionPlan;
}

const TRANSITIONS: readonly TransitionStyle[] = ['none', 'fade', 'slide', 'convex', 'concave', 'zoom'];

/** Viewports at most this wide (CSS px) get reveal's scroll ("reading") view. */
export const SCROLL_ACTIVATION_WIDTH = 600;

function readDeckConfig(): DeckConfig {
  const text = document.getElementById('ld-deck')?.textContent;
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as DeckConfig) : {};
  } catch {
    return {};
  }
}

function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * Slide size. Screens that start at most SCROLL_ACTIVATION_WIDTH wide (phones)
 * get reveal's reading view automatically; there a 1280-wide slide would be
 * scaled to ~30% (unreadable), so such screens lay slides out in a narrower
 * portrait box instead and the content reflows.
 */
export function slideSize(viewportWidth: number): { width: number; height: number; narrow: boolean } {
  return viewportWidth <= SCROLL_ACTIVATION_WIDTH
    ? { width: 640, height: 1000, narrow: true }
    : { width: 1280, height: 720, narrow: false };
}

export function revealOptions(config: DeckConfig, reducedMotion: boolean, scrollView: boolean, viewportWidth = 1280): RevealConfig {
  const wanted = TRANSITIONS.find((t) => t === config.transition) ?? 'slide';
  const transition: TransitionStyle = reducedMotion ? 'none' : wanted;
  const size = slideSize(viewportWidth);
  const options: RevealConfig = {
    width: size.width,
    height: size.height,
    margin: 0.04,
    minScale: 0.2,
    maxScale: 2,
    hash: true,
    respondToHashChanges: true,
    slideNumber: 'c/t',
    progress: true,
    controls: true,
    controlsTutorial: false,
    overview: true,
    keyboard: true,
    // → ← (and the controls' arrows, swipes, ↓ ↑) step through every slide in
    // document order, continuation parts and `###` slides included, exactly like
    // Space / PageDown / N. The overview still moves in the grid. See README
    // "Navigating a deck" for why this rather than horizontal continuations.
    navigationMode: 'linear',
    center: false,
    transition,
    backgroundTransition: reducedMotion ? 'none' : 'fade',
    autoAnimate: !reducedMotion,
    scrollActivationWidth: SCROLL_ACTIVATION_WIDTH,
    scrollLayout: 'compact',
    scrollProgress: 'auto',
    // Pages in the reading view grow with their notes; snapping would skip text.
    scrollSnap: false,
    plugins: [],
  };
  // reveal.js 6 also reads `?view=scroll` from the query string itself (query
  // parameters override config); setting it here keeps both paths in agreement.
  if (scrollView) options.view = 'scroll';
  return options;
}

/**
 * The print view (`?print-pdf`, PDF export) is laid out once and never
 * navigated: the URL hash, controls and progress bar are work for nothing.
 */
function printViewOptions(options: RevealConfig): RevealConfig {
  if (!new URLSearchParams(location.search).has('print-pdf')) return options;
  return { ...options, hash: false, respondToHashChanges: false, controls: false, progress: false };
}

// Title and section slides are vertically centred: reveal centres slides with
// class "center" even when `center: false`.
document.querySelectorAll('.reveal .ld-title-slide, .reveal .ld-section-slide').forEach((s) => s.classList.add('center'));

if (slideSize(window.innerWidth).narrow) document.documentElement.classList.add('ld-narrow');

window.Reveal = Reveal;
initCodeSteps(Reveal);
initDeckNav(Reveal);
initDiagramZoom(Reveal);
initFit(Reveal);
initPrint(Reveal);
initReadingView(Reveal);
initSearchTrigger();
initDeckProgress(Reveal, readDeckConfig().title ?? document.title);
registerOffline();
const deckOptions = printViewOptions(revealOptions(readDeckConfig(), prefersReducedMotion(), scrollViewRequested(), window.innerWidth));
// `?speaker`: this page becomes the speaker view (loaded on demand: the audience deck does not ship it).
if (speakerViewRequested()) void import('./speaker/speakerView.ts').then((m) => m.startSpeakerView(Reveal, deckOptions, readDeckConfig()));
else {
  void Reveal.initialize(deckOptions).then(() => {
    initClassroom(Reveal, { drawing: !new URLSearchParams(location.search).has('print-pdf') });
    startAudienceSync(Reveal);
  });
}
