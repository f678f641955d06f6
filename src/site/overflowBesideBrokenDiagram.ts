/**
 * A diagram that fails to render is shown as an error box, which may not fit
 * its slide: the slide's "still overflows" error is then a consequence, not
 * a second problem. Only the diagram's error is reported for that slide.
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { CourseDeck } from '../course/loadCourse.ts';

export function withoutOverflowBesideBrokenDiagrams(diagnostics: Diagnostic[], decks: readonly CourseDeck[], diagramErrors: readonly Diagnostic[]): Diagnostic[] {
  const brokenSlides = new Set(diagramErrors.map((d) => slideKey(decks, d)).filter(Boolean));
  if (brokenSlides.size === 0) return diagnostics;
  return diagnostics.filter((d) => d.rule !== 'overflow' || !brokenSlides.has(slideKey(decks, d)));
}

/** `file#n`: the slide (by its first source line) a diagnostic's line falls in. */
function slideKey(decks: readonly CourseDeck[], d: Diagnostic): string | undefined {
  const deck = decks.find((entry) => entry.file === d.file)?.deck;
  if (!deck) return undefined;
  const starts = deck.slides.map((s) => s.source.line).filter((line) => line <= d.line);
  return starts.length ? `${d.file}#${Math.max(...starts)}` : undefined;
}
