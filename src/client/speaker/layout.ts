/**
 * The speaker view's page skeleton. At 1366×768 it is two columns: the
 * current slide (large) with the next-step preview and the timer under it on
 * the left, the notes over the full height on the right.
 */
export interface SpeakerLayout {
  root: HTMLElement;
  current: HTMLElement;
  preview: HTMLElement;
  previewLabel: HTMLElement;
  notes: HTMLElement;
  notesSize: HTMLElement;
  title: HTMLElement;
  section: HTMLElement;
  position: HTMLElement;
  clock: HTMLElement;
  elapsed: HTMLElement;
  pace: HTMLElement;
  paceDetail: HTMLElement;
  blankBadge: HTMLElement;
  button(action: string): HTMLButtonElement;
}

const TEMPLATE = `
<header class="ld-speaker-bar">
  <div class="ld-speaker-where">
    <span class="ld-speaker-section" data-ld="section"></span>
    <strong class="ld-speaker-title" data-ld="title"></strong>
  </div>
  <span class="ld-speaker-blank" data-ld="blank" hidden>Audience screen blanked</span>
  <span class="ld-speaker-position" data-ld="position" aria-label="Slide position"></span>
  <time class="ld-speaker-clock" data-ld="clock" aria-label="Wall clock"></time>
</header>
<main class="ld-speaker-main">
  <section class="ld-speaker-current" data-ld="current" aria-label="Current slide"></section>
  <div class="ld-speaker-lower">
    <section class="ld-speaker-next" aria-label="Next step">
      <h2 class="ld-speaker-label" data-ld="preview-label">Next</h2>
      <div class="ld-speaker-preview" data-ld="preview"></div>
    </section>
    <section class="ld-speaker-timer" aria-label="Timer and pacing">
      <h2 class="ld-speaker-label">Elapsed</h2>
      <output class="ld-speaker-elapsed" data-ld="elapsed">0:00</output>
      <div class="ld-speaker-buttons">
        <button type="button" data-action="timer-toggle" title="Pause or resume the timer (T)">Pause</button>
        <button type="button" data-action="timer-reset" title="Reset the timer (R)">Reset</button>
      </div>
      <output class="ld-speaker-pace" data-ld="pace" data-pace=""></output>
      <p class="ld-speaker-pace-detail" data-ld="pace-detail"></p>
      <div class="ld-speaker-buttons">
        <button type="button" data-action="blank" title="Blank or unblank the audience screen (B)">Blank</button>
        <button type="button" data-action="audience" title="Open the audience window">Audience window</button>
      </div>
    </section>
  </div>
</main>
<aside class="ld-speaker-notes" aria-label="Speaker notes">
  <div class="ld-speaker-notes-bar">
    <h2 class="ld-speaker-label">Notes</h2>
    <button type="button" data-action="font-down" title="Smaller notes (-)" aria-label="Smaller notes">A−</button>
    <span data-ld="notes-size"></span>
    <button type="button" data-action="font-up" title="Larger notes (+)" aria-label="Larger notes">A+</button>
  </div>
  <div class="ld-speaker-notes-body" data-ld="notes" tabindex="0"></div>
</aside>`;

export function buildSpeakerLayout(): SpeakerLayout {
  const root = document.createElement('div');
  root.className = 'ld-speaker';
  root.innerHTML = TEMPLATE;
  document.body.append(root);
  document.body.classList.add('ld-speaker-view');
  const part = (name: string): HTMLElement => {
    const el = root.querySelector<HTMLElement>(`[data-ld="${name}"]`);
    if (!el) throw new Error(`speaker layout: missing ${name}`);
    return el;
  };
  return {
    root,
    current: part('current'),
    preview: part('preview'),
    previewLabel: part('preview-label'),
    notes: part('notes'),
    notesSize: part('notes-size'),
    title: part('title'),
    section: part('section'),
    position: part('position'),
    clock: part('clock'),
    elapsed: part('elapsed'),
    pace: part('pace'),
    paceDetail: part('pace-detail'),
    blankBadge: part('blank'),
    button: (action) => {
      const el = root.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
      if (!el) throw new Error(`speaker layout: missing button ${action}`);
      return el;
    },
  };
}
