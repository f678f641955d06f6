/**
 * The fit pass: measures every content slide of a deck in Chromium at
 * 1280×720 with the deck's CSS and rewrites the deck model so nothing is cut
 * off — an overflowing slide becomes continuation slides `Title (2/3)` (cut
 * at list-item, table-row, code-line or block boundaries; notes go with the
 * blocks written before them), a block too big on its own is scaled down to
 * a readable minimum, and what still does not fit is reported (`overflow`).
 *
 * Results are cached by content (slide HTML, figures, CSS, settings), so a
 * warm rebuild measures nothing and never starts a browser.
 */
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import type { BrowserService } from '../browser/browserService.ts';
import { ContentCache, contentCacheKey, sha256Hex } from '../contentCache.ts';
import type { Theme } from '../render/themes.ts';
import type { Deck, Slide, SlideBlock } from '../slides/model.ts';
import { DIAGRAM_PLACEHOLDER_PATTERN } from '../slides/model.ts';
import { withPartSuffix } from '../slides/slice.ts';
import { measureInBrowser } from './fitPage.ts';
import { lessonFitSettings, slideFitMode, type LessonFitSettings } from './fitSettings.ts';
import { fitStyles } from './fitStyles.ts';
import { fitSlidesInPage, type InPageResult, type InPageSlide } from './inPage.ts';

/** Changes whenever the in-page algorithm does, so cached results are never stale. */
const FIT_VERSION = sha256Hex(fitSlidesInPage.toString());
export const DEFAULT_FIT_CACHE_DIR = path.join('node_modules', '.cache', 'lessondeck', 'fit');

export interface FitOptions {
  /** Called only when something must be measured. */
  browser: () => Promise<BrowserService>;
  /** Cache directory (relative to cwd), or false for none. */
  cacheDir?: string | false;
}

export interface FitStats {
  slides: number;
  measured: number;
  fromCache: number;
  split: number;
  scaled: number;
}

export interface FitDeckResult {
  deck: Deck;
  diagnostics: Diagnostic[];
  stats: FitStats;
}

interface Job {
  slide: Slide;
  key: string;
  request: InPageSlide;
}

export async function fitDeck(deck: Deck, theme: Theme, figures: readonly string[], options: FitOptions): Promise<FitDeckResult> {
  const diagnostics: Diagnostic[] = [];
  const lesson = lessonFitSettings(deck, diagnostics);
  const styles = fitStyles(theme);
  const cache = options.cacheDir === false ? undefined : new ContentCache(options.cacheDir ?? DEFAULT_FIT_CACHE_DIR, '.json');
  const stats: FitStats = { slides: deck.slides.length, measured: 0, fromCache: 0, split: 0, scaled: 0 };

  const jobs: Job[] = [];
  const slides = repackableSections(deck.slides, lesson);
  for (const slide of slides) {
    const mode = slideFitMode(slide, lesson);
    if (!slide.layout || mode === 'none' || slide.layout.blocks.length === 0) continue;
    const request: InPageSlide = {
      heading: withPartSuffix(slide.layout.heading, slide.part ? continued(slide.part.index, slide.part.total) : ''),
      partHeading: withPartSuffix(slide.layout.heading, continued(9, 9)),
      blocks: slide.layout.blocks.map((b) => b.html),
      mode,
      minCodePx: lesson.minCodePx,
    };
    const usedFigures = request.blocks.join('').match(DIAGRAM_PLACEHOLDER_PATTERN)?.map((m) => figures[Number(/\d+/.exec(m)![0])] ?? '') ?? [];
    jobs.push({ slide, request, key: contentCacheKey([FIT_VERSION, styles.hash, JSON.stringify(request), ...usedFigures]) });
  }

  const results = new Map<Slide, InPageResult>();
  const misses: Job[] = [];
  for (const job of jobs) {
    const cached = await cache?.get(job.key);
    if (cached) {
      results.set(job.slide, JSON.parse(cached) as InPageResult);
      stats.fromCache++;
    } else misses.push(job);
  }
  if (misses.length > 0) {
    const figureMap = Object.fromEntries(figures.map((f, i) => [String(i), f]));
    const measured = await measureInBrowser(await options.browser(), theme, styles, { figures: figureMap, slides: misses.map((j) => j.request) });
    stats.measured = misses.length;
    for (const [i, job] of misses.entries()) {
      const result = measured[i]!;
      results.set(job.slide, result);
      await cache?.set(job.key, JSON.stringify(result)).catch(() => {}); // a read-only cache must not fail the build
    }
  }

  for (const [slide, result] of results) {
    if (result.actions.includes('split')) stats.split++;
    if (result.actions.some((a) => a.startsWith('scaled') || a === 'wrapped-code')) stats.scaled++;
    for (const o of result.overflows) diagnostics.push(overflowDiagnostic(slide, o.from, o.px));
  }
  return { deck: { ...deck, slides: applyResults(slides, results) }, diagnostics, stats };
}

function continued(index: number, total: number): string {
  return ` <span class="ld-continued">(${index}/${total})</span>`;
}

/**
 * The slicer spreads a long section over parts from a static estimate, which
 * errs on the safe side and can leave parts half empty. Sections it spread
 * (and that may be split) are handed to the browser whole, as one slide, so
 * they are packed again by measured height: fewer, fuller slides, still with
 * at most one big block (diagram, long code, big table, image) per slide.
 */
function repackableSections(slides: Slide[], lesson: LessonFitSettings): Slide[] {
  return sectionGroups(slides).flatMap((group) => {
    const splittable = group.every((s) => s.layout && s.layout.blocks.length > 0 && ['auto', 'split'].includes(slideFitMode(s, lesson)));
    if (group.length < 2 || !splittable) return group;
    const first = group[0]!;
    const layout = {
      heading: first.layout!.heading,
      blocks: group.map((s) => s.layout!.blocks).reduce(joinParts),
      notes: group.flatMap((s) => s.layout!.notes),
    };
    const { part: _part, ...whole } = first;
    return [{ ...whole, html: layout.heading + layout.blocks.map((b) => b.html).join(''), notesHtml: layout.notes.map((b) => b.html).join(''), layout }];
  });
}

/**
 * Blocks of two consecutive parts. A list the slicer cut between them (the
 * last block of one part and the first of the next, both lists of one kind)
 * becomes one list again, so a repacked slide never shows a gap mid-list.
 */
function joinParts(before: SlideBlock[], after: SlideBlock[]): SlideBlock[] {
  const last = before[before.length - 1];
  const next = after[0];
  const kind = last && /^<(ul|ol)\b/.exec(last.html)?.[1];
  if (!last || !next || !kind || !new RegExp(`^<${kind}\\b`).test(next.html)) return [...before, ...after];
  const closing = new RegExp(`</${kind}>\\s*$`);
  const joined = last.html.replace(closing, '') + next.html.replace(/^<(?:ul|ol)\b[^>]*>\s*/, '');
  return [...before.slice(0, -1), { html: joined, line: last.line }, ...after.slice(1)];
}

interface Piece {
  template: Slide;
  blocks: SlideBlock[];
  notes: SlideBlock[];
}

/** Rebuilds the slide list: every changed section group is renumbered `(1/n)…(n/n)` with unique ids. */
function applyResults(slides: Slide[], results: Map<Slide, InPageResult>): Slide[] {
  const out: Slide[] = [];
  const ids = new Set(slides.map((s) => s.id));
  for (const group of sectionGroups(slides)) {
    const changed = group.some((s) => results.get(s)?.parts);
    if (!changed) {
      out.push(...group);
      continue;
    }
    const pieces = group.flatMap((slide) => piecesOf(slide, results.get(slide)));
    const first = group[0]!;
    // Continuation ids are regenerated; the first part keeps its heading slug (link target).
    for (const slide of group.slice(1)) ids.delete(slide.id);
    pieces.forEach((piece, k) => {
      const part = pieces.length > 1 ? { index: k + 1, total: pieces.length } : undefined;
      const layout = piece.template.layout!;
      const id = k === 0 ? first.id : uniqueId(`${first.id}-part-${k + 1}`, ids);
      const { part: _oldPart, ...rest } = piece.template;
      out.push({
        ...rest,
        id,
        level: k === 0 ? first.level : 'v',
        html: withPartSuffix(layout.heading, part ? continued(part.index, part.total) : '') + piece.blocks.map((b) => b.html).join(''),
        notesHtml: piece.notes.map((b) => b.html).join(''),
        layout: { heading: layout.heading, blocks: piece.blocks, notes: piece.notes },
        ...(part ? { part } : {}),
      });
    });
  }
  return out;
}

function uniqueId(wanted: string, taken: Set<string>): string {
  let id = wanted;
  for (let n = 2; taken.has(id); n++) id = `${wanted}-${n}`;
  taken.add(id);
  return id;
}

/** Consecutive slides the slicer spread from one section (same title and line, parts 1..n), or single slides. */
function sectionGroups(slides: Slide[]): Slide[][] {
  const groups: Slide[][] = [];
  for (const slide of slides) {
    const last = groups[groups.length - 1];
    const prev = last?.[last.length - 1];
    const continues = prev && slide.part && prev.part && slide.part.index === prev.part.index + 1 && slide.title === prev.title && slide.source.line === prev.source.line;
    if (continues) last!.push(slide);
    else groups.push([slide]);
  }
  return groups;
}

/** One slide's parts; each notes block goes to the part holding the blocks written before it. */
function piecesOf(slide: Slide, result: InPageResult | undefined): Piece[] {
  const layout = slide.layout;
  if (!layout || !result?.parts) return [{ template: slide, blocks: layout?.blocks ?? [], notes: layout?.notes ?? [] }];
  const pieces: Piece[] = result.parts.map((p) => ({ template: slide, blocks: p.blocks.map((b) => ({ html: b.html, line: layout.blocks[b.from]?.line ?? slide.source.line })), notes: [] }));
  for (const note of layout.notes) {
    let target = 0;
    pieces.forEach((piece, i) => {
      if (piece.blocks.length > 0 && piece.blocks[0]!.line <= note.line) target = i;
    });
    pieces[target]!.notes.push(note);
  }
  return pieces;
}

function overflowDiagnostic(slide: Slide, from: number, px: number): Diagnostic {
  const block = slide.layout?.blocks[from];
  const what = describeBlock(block?.html ?? '');
  return {
    file: slide.source.file,
    line: block?.line ?? slide.source.line,
    column: 1,
    severity: 'error',
    rule: 'overflow',
    message: `Slide "${slide.title}" still overflows 1280×720 by ${Math.ceil(px)}px after fitting: ${what} is too big even at the smallest readable size. Shorten it, split it under a new heading, or mark the slide <!-- fit: none --> to accept it.`,
  };
}

function describeBlock(html: string): string {
  if (/class="code-block"/.test(html)) return 'this code block';
  if (/ld-diagram:/.test(html)) return 'this diagram';
  if (/class="table-wrap"/.test(html)) return 'this table';
  if (/^<[ou]l/.test(html)) return 'a list item';
  if (/<img/.test(html)) return 'this image';
  return 'this block';
}
