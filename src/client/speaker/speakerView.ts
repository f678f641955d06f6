/**
 * The speaker view (`<deck>.html?speaker`): the real reveal.js deck of this page
 * runs embedded in the "current slide" pane, a second passive instance over a
 * DOM clone shows the next step, and panels show notes, timer, pacing and the
 * wall clock. The page loads the deck once; nothing is fetched twice.
 * Position and blanking sync with the audience window through startDeckSync.
 */
import './speaker.css';
import type { RevealApi, RevealConfig } from 'reveal.js';
import { createDeckStateSource, type DeckState } from '../sync/deckState.ts';
import { startDeckSync } from '../sync/startSync.ts';
import { slideContent } from './contentMetrics.ts';
import { buildSpeakerLayout, type SpeakerLayout } from './layout.ts';
import { createNextPreview, type NextPreview } from './nextPreview.ts';
import { createNotesPanel, type NotesPanel } from './notesPanel.ts';
import { withSpeakerParam } from './openSpeaker.ts';
import { formatDuration, pace, planSchedule, type Schedule } from './pacing.ts';
import { sectionTitle, slidePosition, slideTitle } from './slideInfo.ts';
import { createSpeakerTimer, type SpeakerTimer } from './timer.ts';
import { createClassroomPanel } from './classroomPanel.ts';
import { initClassroom } from '../classroom/index.ts';
import { createSessionPanel } from './sessionPanel.ts';
import type { SessionPlan } from '../../course/sessions.ts';

export interface SpeakerDeckConfig {
  title?: string;
  durationMinutes?: number | null;
  /** The course session this deck is taught in (render/deckPage.ts). */
  session?: SessionPlan;
}

const PACE_TEXT = { ahead: 'Ahead', 'on-time': 'On time', behind: 'Behind' } as const;

function renderPacing(layout: SpeakerLayout, schedule: Schedule, slideIndex: number, timer: SpeakerTimer): void {
  const elapsed = timer.elapsedSeconds();
  layout.elapsed.textContent = formatDuration(elapsed);
  layout.elapsed.classList.toggle('ld-paused', !timer.running());
  layout.button('timer-toggle').textContent = timer.running() ? 'Pause' : 'Resume';
  const p = pace(schedule, slideIndex, elapsed);
  layout.pace.dataset.pace = p.state;
  layout.pace.textContent = p.state === 'on-time' ? PACE_TEXT[p.state] : `${PACE_TEXT[p.state]} ${formatDuration(p.offsetSeconds)}`;
  const plan = `${schedule.estimated ? 'estimated ' : ''}${formatDuration(schedule.totalSeconds)}`;
  const left = p.timeLeftSeconds >= 0 ? `${formatDuration(p.timeLeftSeconds)} left of ${plan}` : `${formatDuration(-p.timeLeftSeconds)} over ${plan}`;
  layout.paceDetail.textContent = `${left} · this slide ~${formatDuration(p.slideSeconds)}`;
}

function renderPreviewLabel(layout: SpeakerLayout, preview: NextPreview, state: DeckState, deck: RevealApi): void {
  const next = preview.show(state);
  layout.preview.classList.toggle('ld-preview-end', !next.exists);
  // The step shown, for tools and tests: "h/v/f", or "end".
  layout.preview.dataset.next = next.exists ? `${next.state.h}/${next.state.v}/${next.state.f}` : 'end';
  layout.previewLabel.textContent = !next.exists
    ? 'Next: end of deck'
    : next.fragment
      ? 'Next: same slide, next step'
      : `Next: ${slideTitle(deck.getSlide(next.state.h, next.state.v)) || 'slide'}`;
}

function bindKeys(actions: Record<string, () => void>): void {
  const keys: Record<string, string> = { b: 'blank', '.': 'blank', t: 'timer-toggle', r: 'timer-reset', '+': 'font-up', '=': 'font-up', '-': 'font-down', _: 'font-down' };
  // Capture phase on window: runs before reveal's own keydown handler (on document),
  // so B blanks the audience without pausing the speaker's deck.
  window.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    // Typing, or keys meant for a dialog (a zoomed diagram: + and - zoom there).
    if ((event.target as HTMLElement | null)?.closest('input, textarea, select, [contenteditable], dialog')) return;
    const action = keys[event.key.toLowerCase()];
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    actions[action]?.();
  }, true);
}

export async function startSpeakerView(deck: RevealApi, options: RevealConfig, config: SpeakerDeckConfig): Promise<void> {
  const layout = buildSpeakerLayout();
  const revealElement = document.querySelector<HTMLElement>('.reveal');
  if (!revealElement) throw new Error('speaker view: this page has no .reveal deck');
  document.title = `Speaker · ${document.title}`;
  const preview = createNextPreview(revealElement, layout.preview, options);
  layout.current.append(revealElement);

  let blank = false;
  const notes: NotesPanel = createNotesPanel(layout.notes, layout.notesSize);
  let schedule: Schedule = planSchedule([]);
  const timer = createSpeakerTimer(`lessondeck:speaker-timer:${location.pathname}`, () => render());

  await deck.initialize({
    ...options,
    embedded: true,
    view: null,
    scrollActivationWidth: 0,
    transition: 'none',
    backgroundTransition: 'none',
    autoAnimate: false,
    progress: false,
  });
  await preview.ready;
  schedule = planSchedule(deck.getSlides().map(slideContent), config.durationMinutes);

  const source = createDeckStateSource(deck, {
    get: () => blank,
    set: (value) => {
      blank = value;
      render();
    },
  });

  function render(): void {
    if (!deck.isReady()) return;
    const slide = deck.getCurrentSlide();
    const { current, total } = slidePosition(deck);
    layout.title.textContent = slideTitle(slide) || config.title || '';
    layout.section.textContent = sectionTitle(slide) || (slide?.classList.contains('ld-title-slide') ? '' : config.title ?? '');
    layout.position.textContent = `${current} / ${total}`;
    layout.blankBadge.hidden = !blank;
    layout.button('blank').textContent = blank ? 'Unblank' : 'Blank';
    layout.button('blank').setAttribute('aria-pressed', String(blank));
    renderPacing(layout, schedule, current - 1, timer);
  }

  const classroom = createClassroomPanel(layout.notes.closest('aside') ?? layout.root);
  initClassroom(deck, { drawing: true });
  let shown: HTMLElement | undefined;
  const showState = (state: DeckState): void => {
    const slide = deck.getCurrentSlide();
    if (slide !== shown) {
      notes.show(slide);
      classroom.show(slide);
    }
    shown = slide;
    renderPreviewLabel(layout, preview, state, deck);
    render();
  };
  source.onAnyChange(showState);

  const actions: Record<string, () => void> = {
    blank: () => {
      blank = !blank;
      source.notifyChanged();
      render();
    },
    'timer-toggle': () => timer.toggle(),
    'timer-reset': () => timer.reset(),
    'font-up': () => notes.changeFont(1),
    'font-down': () => notes.changeFont(-1),
    audience: () => void window.open(withSpeakerParam(location.href, false), `lessondeck-audience:${location.pathname}`),
  };
  layout.root.querySelectorAll<HTMLButtonElement>('button[data-action]').forEach((button) => {
    button.addEventListener('click', () => actions[button.dataset.action ?? '']?.());
  });
  bindKeys(actions);

  const session = createSessionPanel(layout.paceDetail.parentElement ?? layout.root, config.session);
  const tick = (): void => {
    const now = new Date();
    layout.clock.textContent = now.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    render();
    session.update(timer.elapsedSeconds(), now);
  };
  tick();
  setInterval(tick, 1000);
  // Drawn directly, not through a change: a change would count as this window's own move and,
  // opened fresh, send the first slide to the audience before the audience's position arrives.
  showState(source.read());
  startDeckSync(source);
  document.body.dataset.ldSpeaker = 'ready';
}
