/**
 * The notes column of the speaker view: the current slide's `aside.notes`
 * (markdown already rendered to HTML at build time), in a large font the
 * speaker can change; the size is remembered for every deck (localStorage).
 */
const FONT_KEY = 'lessondeck:speaker:notes-font-px';
export const NOTES_FONT = { min: 14, max: 48, step: 2, initial: 24 } as const;

export function clampFont(px: number): number {
  return Math.min(NOTES_FONT.max, Math.max(NOTES_FONT.min, Math.round(px)));
}

function savedFont(): number {
  try {
    const n = Number(localStorage.getItem(FONT_KEY));
    return n ? clampFont(n) : NOTES_FONT.initial;
  } catch {
    return NOTES_FONT.initial;
  }
}

export interface NotesPanel {
  show(slide: HTMLElement | undefined): void;
  changeFont(steps: number): void;
}

export function createNotesPanel(body: HTMLElement, sizeLabel: HTMLElement): NotesPanel {
  let font = savedFont();
  const applyFont = (): void => {
    body.style.setProperty('--ld-notes-size', `${font}px`);
    sizeLabel.textContent = `${font}px`;
  };
  applyFont();
  return {
    show(slide) {
      const notes = slide?.querySelector(':scope > aside.notes');
      if (notes && notes.innerHTML.trim()) {
        body.innerHTML = notes.innerHTML;
        body.classList.remove('ld-notes-empty');
      } else {
        body.textContent = 'No notes for this slide.';
        body.classList.add('ld-notes-empty');
      }
      body.scrollTop = 0;
    },
    changeFont(steps) {
      font = clampFont(font + steps * NOTES_FONT.step);
      try {
        localStorage.setItem(FONT_KEY, String(font));
      } catch {
        // Not remembered, still applied.
      }
      applyFont();
    },
  };
}
