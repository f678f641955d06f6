/**
 * Course-wide checks that need every deck at once (so they run after slicing
 * and fitting, on the final slide ids): links to anchors that are no slide,
 * images that are not in the course, and slide ids used twice in a deck.
 * Slicing, highlighting, diagrams and fitting report the other rules.
 */
import path from 'node:path';
import { courseJail, type CourseJail } from '../course/courseJail.ts';
import type { Diagnostic } from '../diagnostics.ts';
import type { Course, CourseDeck } from '../course/loadCourse.ts';
import type { Slide } from '../slides/model.ts';

export function lintCourse(course: Course): Diagnostic[] {
  const idsByFile = new Map(course.decks.map((d) => [d.file, new Set(d.deck.slides.map((s) => s.id))]));
  const jail = courseJail(course.root);
  return course.decks.flatMap((entry) => [...brokenAnchors(entry, idsByFile), ...missingImages(jail, entry), ...duplicateIds(entry)]);
}

function brokenAnchors(entry: CourseDeck, idsByFile: ReadonlyMap<string, ReadonlySet<string>>): Diagnostic[] {
  return (entry.links ?? [])
    .filter((link) => link.anchor !== undefined && idsByFile.has(link.target))
    .filter((link) => !idsByFile.get(link.target)!.has(safeDecode(link.anchor!)))
    .map((link) => ({
      file: entry.file,
      line: link.line,
      column: 1,
      severity: 'error' as const,
      rule: 'broken-anchor',
      message: `Link "${link.href}" points to #${link.anchor}, which is no heading in ${link.target}. Anchors are GitHub heading slugs (e.g. "## Leader Election" is #leader-election); fix the anchor or the heading.`,
    }));
}

const IMG_SRC = /<img\b[^>]*?\ssrc="([^"]*)"/g;
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i;

/** Images that are not in the course; those it may not use (outside it, symlinked out) are reported where they are refused (unsafe-path). */
function missingImages(jail: CourseJail, entry: CourseDeck): Diagnostic[] {
  const out: Diagnostic[] = [];
  const dir = path.posix.dirname(entry.file);
  for (const slide of entry.deck.slides) {
    for (const { html, line } of slideBlocks(slide)) {
      for (const match of html.matchAll(IMG_SRC)) {
        const src = decodeEntities(match[1]!);
        if (src === '' || EXTERNAL.test(src)) continue;
        const relative = path.posix.normalize(path.posix.join(dir, safeDecode(src.replace(/[?#].*$/, ''))));
        const verdict = jail.check(relative);
        if (verdict.ok || !verdict.missing) continue;
        out.push({ file: entry.file, line, column: 1, severity: 'error', rule: 'missing-image', message: `Image "${src}" was not found (looked for ${relative}). Fix the path (relative to this lesson) or add the file to the course.` });
      }
    }
  }
  return out;
}

function duplicateIds(entry: CourseDeck): Diagnostic[] {
  const seen = new Set<string>();
  return entry.deck.slides
    .filter((s) => seen.has(s.id) || !seen.add(s.id))
    .map((s) => ({ file: entry.file, line: s.source.line, column: 1, severity: 'error' as const, rule: 'duplicate-id', message: `Slide id "${s.id}" is used by more than one slide, so links and reveal's #/${s.id} reach only the first. Rename one of the headings.` }));
}

/** A slide's blocks with their lines (notes included), or the whole slide at its heading's line. */
function slideBlocks(slide: Slide): { html: string; line: number }[] {
  if (slide.layout) return [...slide.layout.blocks, ...slide.layout.notes];
  return [{ html: `${slide.html}${slide.notesHtml}`, line: slide.source.line }];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}
