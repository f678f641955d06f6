/**
 * The layout pass: lays every slide of a deck out in Chromium at 1280×720
 * with the deck's CSS (src/fit/page) and rewrites the deck model to be read,
 * not just to fit — short sibling sections share slides, parallel groups
 * become columns, diagrams get the layout variant and room that give the
 * largest labels, long code becomes one walkthrough window, and what no
 * arrangement fits is cut where a person would (`Title (2/3)`). What still
 * overflows, and diagrams whose labels stay under the minimum, are reported.
 *
 * Results are cached by content (slide HTML, figures, CSS, layout code,
 * settings), so a warm rebuild measures nothing and never starts a browser.
 */
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import type { BrowserService } from '../browser/browserService.ts';
import { ContentCache, contentCacheKey } from '../contentCache.ts';
import type { Theme } from '../render/themes.ts';
import type { Deck, FigureVariants, Slide, SlideBlock } from '../slides/model.ts';
import { DIAGRAM_PLACEHOLDER_PATTERN } from '../slides/model.ts';
import { withPartSuffix } from '../slides/slice.ts';
import { htmlToText } from '../search/htmlText.ts';
import { measureInBrowser } from './fitPage.ts';
import { lessonFitSettings, slideFitMode, type FitDefaults, type LessonFitSettings } from './fitSettings.ts';
import { fitStyles } from './fitStyles.ts';
import type { DiagramMeasure, JobResult, PageJob, PagePart, PageRunMember, PageSlide, SlideResult } from './page/types.ts';
import { layoutPageScript } from './pageScript.ts';
import { planUnits, type Unit } from './runs.ts';

export const DEFAULT_FIT_CACHE_DIR = path.join('node_modules', '.cache', 'lessondeck', 'fit');

export interface FitOptions {
  /** Called only when something must be measured. */
  browser: () => Promise<BrowserService>;
  /** Cache directory (relative to cwd), or false for none. */
  cacheDir?: string | false;
  /** Settings for what the lesson's front matter leaves unset (config `fit`). */
  defaults?: FitDefaults;
}

export interface FitStats {
  slides: number;
  measured: number;
  fromCache: number;
  split: number;
  scaled: number;
  merged: number;
}

export interface FitDeckResult {
  deck: Deck;
  diagnostics: Diagnostic[];
  stats: FitStats;
  /** Every diagram as laid out: the variant chosen and its label size in slide px. */
  diagrams: DiagramMeasure[];
}

interface Job {
  unit: Unit;
  key: string;
  request: PageJob;
}

/** Stands in for the title slide's course/module line and slide count while measuring. */
const TITLE_KICKER = '<p class="ld-kicker">Course title · Module title</p>';
const TITLE_META = '<p class="ld-meta">45 min · 30 slides</p>';

export async function fitDeck(deck: Deck, theme: Theme, figures: readonly FigureVariants[], options: FitOptions): Promise<FitDeckResult> {
  const diagnostics: Diagnostic[] = [];
  const lesson = lessonFitSettings(deck, diagnostics, options.defaults);
  const styles = fitStyles(theme);
  const script = await layoutPageScript();
  const cache = options.cacheDir === false ? undefined : new ContentCache(options.cacheDir ?? DEFAULT_FIT_CACHE_DIR, '.json');
  const stats: FitStats = { slides: deck.slides.length, measured: 0, fromCache: 0, split: 0, scaled: 0, merged: 0 };

  const slides = rejoinParts(deck.slides, lesson);
  const units = planUnits(deck, slides);
  const jobs: Job[] = [];
  for (const unit of units) {
    const request = pageJob(unit, lesson, deck);
    if (!request) continue;
    const html = 'run' in request ? request.run.members.flatMap((m) => m.blocks).join('') : request.slide.blocks.join('');
    const usedFigures = [...html.matchAll(DIAGRAM_PLACEHOLDER_PATTERN)].map((m) => (figures[Number(m[1])] ?? []).join('\u0001'));
    jobs.push({ unit, request, key: contentCacheKey([script.hash, styles.hash, JSON.stringify(request), ...usedFigures]) });
  }

  const results = new Map<Unit, JobResult>();
  const misses: Job[] = [];
  for (const job of jobs) {
    const cached = await cache?.get(job.key);
    const parsed = cached ? parseCached(cached) : undefined;
    if (parsed) {
      results.set(job.unit, parsed);
      stats.fromCache++;
    } else misses.push(job);
  }
  if (misses.length > 0) {
    const figureMap = Object.fromEntries(figures.map((f, i) => [String(i), [...f]]));
    const measured = await measureInBrowser(await options.browser(), theme, styles, script, { figures: figureMap, jobs: misses.map((j) => j.request) });
    stats.measured = misses.length;
    for (const [i, job] of misses.entries()) {
      results.set(job.unit, measured[i]!);
      await cache?.set(job.key, JSON.stringify(measured[i])).catch(() => {}); // a read-only cache must not fail the build
    }
  }

  const out: Slide[] = [];
  const ids = new Set(slides.map((s) => s.id));
  const measures = [...results.values()].flatMap((r) => ('slide' in r ? r.slide.diagrams : r.run.flatMap((p) => p.result.diagrams)));
  for (const unit of units) {
    const result = results.get(unit);
    if ('slide' in unit) {
      out.push(...slidesFrom(unit.slide, result && 'slide' in result ? result.slide : undefined, ids, stats, diagnostics, deck, lesson));
      continue;
    }
    const packs: { members: number[]; heading?: string; result: SlideResult | undefined }[] = result && 'run' in result ? result.run : unit.run.members.map((_, i) => ({ members: [i], result: undefined }));
    for (const pack of packs) {
      const members = pack.members.map((k) => unit.run.members[k]!.slide);
      if (members.length === 1) out.push(...slidesFrom(members[0]!, pack.result, ids, stats, diagnostics, deck, lesson));
      else {
        out.push(sharedSlide(members, pack.result!, pack.heading ?? members[0]!.layout!.heading, ids));
        stats.merged += members.length - 1;
        reportDiagrams(pack.result!.diagrams, members[0]!, deck, lesson, diagnostics);
      }
    }
  }
  return { deck: { ...deck, slides: out }, diagnostics, stats, diagrams: measures };
}

function parseCached(text: string): JobResult | undefined {
  try {
    const value = JSON.parse(text) as JobResult;
    return value && typeof value === 'object' && ('slide' in value || 'run' in value) ? value : undefined;
  } catch {
    return undefined; // a damaged entry is measured again
  }
}

function continued(index: number, total: number): string {
  return ` <span class="ld-continued">(${index}/${total})</span>`;
}

function pageSlide(slide: Slide, lesson: LessonFitSettings, deck: Deck): PageSlide | undefined {
  const mode = slideFitMode(slide, lesson);
  if (!slide.layout || mode === 'none') return undefined;
  const base = {
    heading: slide.layout.heading,
    partHeading: withPartSuffix(slide.layout.heading, continued(9, 9)),
    blocks: slide.layout.blocks.map((b) => b.html),
    mode,
    minCodePx: lesson.minCodePx,
    minLabelPx: lesson.minLabelPx,
    longCode: lesson.longCode,
    rearrange: deck.mode !== 'slides',
  };
  if (slide.kind === 'title') return { ...base, title: true, sectionClass: 'ld-title-slide center', before: TITLE_KICKER, after: TITLE_META };
  if (slide.kind === 'section') return { ...base, sectionClass: 'ld-section-slide center' };
  return base;
}

function pageJob(unit: Unit, lesson: LessonFitSettings, deck: Deck): PageJob | undefined {
  if ('slide' in unit) {
    const request = pageSlide(unit.slide, lesson, deck);
    if (!request || request.blocks.length === 0) return undefined;
    return { slide: request };
  }
  const members: PageRunMember[] = unit.run.members.map(({ slide, parent }) => ({
    ...pageSlide(slide, lesson, deck)!,
    // On a shared slide a section's agenda is the blocks themselves.
    sectionClass: '',
    id: slide.id,
    blockTitle: /^<h[1-6][^>]*>([\s\S]*)<\/h[1-6]>$/.exec(slide.layout!.heading)?.[1] ?? slide.title,
    ...(parent ? { parent: true } : {}),
  }));
  return { run: { heading: unit.run.heading, members } };
}

/**
 * The slicer spreads a long section over parts from a static estimate; the
 * page packs again by measured height, so parts of one section are handed
 * over whole, as one slide.
 */
function rejoinParts(slides: Slide[], lesson: LessonFitSettings): Slide[] {
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

function uniqueId(wanted: string, taken: Set<string>): string {
  let id = wanted;
  for (let n = 2; taken.has(id); n++) id = `${wanted}-${n}`;
  taken.add(id);
  return id;
}

/** One slide's parts as slides: `(1/n)…(n/n)`, the first keeping the slide's id (a link target) and level. */
function slidesFrom(slide: Slide, result: SlideResult | undefined, ids: Set<string>, stats: FitStats, diagnostics: Diagnostic[], deck: Deck, lesson: LessonFitSettings): Slide[] {
  if (!result) return [slide];
  if (result.actions.includes('split')) stats.split++;
  if (result.actions.some((a) => a.startsWith('scaled') || a === 'wrapped-code')) stats.scaled++;
  for (const o of result.overflows) diagnostics.push(overflowDiagnostic(slide, o.from, o.px));
  reportDiagrams(result.diagrams, slide, deck, lesson, diagnostics);
  if (!result.parts || result.parts.length === 0) return [slide];
  const layout = slide.layout!;
  const pieces = notesByPart(layout, result.parts);
  const titleSlide = slide.kind === 'title';
  const names = result.parts.map((part, k) => (k > 0 && !titleSlide ? (namedByLeadIn(part) ?? namedBySummary(part)) : undefined));
  // A diagram given a slide of its own (alone, or laid out as a figure with a small heading) is
  // the section's figure, not a page of its text: it keeps the section's title without a counter.
  const known = result.parts.map((part, k) => !!names[k] || (!titleSlide && isFigureSlide(part)));
  // "(n/m)" counts the parts known by their number alone, and only while there are two or more.
  const counted = known.flatMap((isKnown, k) => (isKnown ? [] : [k]));
  return result.parts.map((part, k) => {
    const total = result.parts!.length;
    const named = names[k];
    const numbered = !titleSlide && !known[k] && counted.length > 1;
    const heading = titleSlide && k > 0 ? '<h2>Overview</h2>' : layout.heading;
    const shown = named ? named.blocks : part.blocks;
    const blocks = shown.map((b) => ({ html: b.html, line: layout.blocks[b.from]?.line ?? slide.source.line }));
    const { part: _old, layoutClass: _class, ...rest } = slide;
    const suffix = numbered ? continued(counted.indexOf(k) + 1, counted.length) : '';
    return {
      ...rest,
      id: k === 0 ? slide.id : uniqueId(`${slide.id}-part-${k + 1}`, ids),
      level: k === 0 ? slide.level : titleSlide ? 'h' : 'v',
      ...(titleSlide && k > 0 ? { kind: 'content' as const, title: 'Overview', headingLevel: 2 } : {}),
      ...(named ? { title: `${slide.title} — ${named.text}` } : {}),
      html: withPartSuffix(heading, suffix) + blocks.map((b) => b.html).join(''),
      notesHtml: pieces[k]!.map((b) => b.html).join(''),
      layout: { heading, blocks, notes: pieces[k]! },
      ...(total > 1 && !titleSlide ? { part: { index: k + 1, total } } : {}),
      ...(part.layout ? { layoutClass: part.layout } : {}),
    };
  });
}

const isFigureSlide = (part: PagePart): boolean => !!part.figure || part.layout === 'ld-layout-figure';

/** Longest lead-in line that can title a slide. */
const PART_TITLE_MAX_CHARS = 140;

/**
 * A later part that opens with a lead-in line ("Expected output:", "**Key
 * decisions:**") is about what that line announces: a person making the
 * slides would title it so ("Error Budgets — Expected output") rather than
 * "Error Budgets (2/2)". The line stays where it was measured, set as the
 * slide's subtitle under the heading, without its colon.
 */
function namedByLeadIn(part: PagePart): { text: string; blocks: PagePart['blocks'] } | undefined {
  const first = part.blocks[0];
  if (!first) return undefined;
  // A part set a little smaller or larger is one wrapper: its lead-in is the wrapper's first child.
  // A lab step written as a one-item list ("3. Check the image:") leads in too, and keeps its number ("3. Check the image").
  const paragraph = /^(<div class="ld-fit-scaled"[^>]*>\s*)?<p>([\s\S]*?)<\/p>([\s\S]*)$/.exec(first.html.trim());
  const step = paragraph ? null : /^(<div class="ld-fit-scaled"[^>]*>\s*)?<ol(?: start="(\d+)")?>\s*<li>((?:(?!<\/?li\b)[\s\S])*?)<\/li>\s*<\/ol>([\s\S]*)$/.exec(first.html.trim());
  const stepText = step ? step[3]!.trim().replace(/^<p>((?:(?!<\/?p\b)[\s\S])*)<\/p>$/, '$1') : '';
  const match = paragraph ?? (step ? [step[0], step[1], `${step[2] ?? 1}. ${stepText}`, step[4]] : null);
  if (!match) return undefined;
  const [, wrapper = '', inner = '', after = ''] = match;
  const restOfBlock = wrapper ? after.replace(/<\/div>\s*$/, '').trim() : '';
  if (/<(a|img|br|p|pre|ul|ol|div)\b/.test(inner) || (wrapper ? restOfBlock === '' : after.trim() !== '' || part.blocks.length < 2)) return undefined;
  const text = htmlToText(inner).trim();
  // A numbered step names its part whatever its last character; a paragraph only when it is a lead-in line.
  if ((!step && !text.endsWith(':')) || text.length > PART_TITLE_MAX_CHARS) return undefined;
  const html = inner.replace(/<\/?(strong|b)>/g, '').replace(/[:.](\s*(?:<\/[a-z]+>\s*)*)$/, '$1').trim();
  return { text: text.replace(/[:.]$/, '').trim(), blocks: [{ ...first, html: wrapper + partLead(html) + after }, ...part.blocks.slice(1)] };
}

/**
 * A later part that opens with a `<details>` block (a question the document
 * answers: "What happens if two retries arrive at once?") is about that
 * question: its summary becomes the slide's subtitle and the answer follows
 * open, as the slide shows it anyway.
 */
function namedBySummary(part: PagePart): { text: string; blocks: PagePart['blocks'] } | undefined {
  const first = part.blocks[0];
  const match = first && /^(<div class="ld-fit-scaled"[^>]*>\s*)?<details(?: open(?:="")?)?>\s*<summary>((?:(?!<\/?summary\b)[\s\S])*)<\/summary>([\s\S]*?)<\/details>([\s\S]*)$/.exec(first.html.trim());
  if (!match) return undefined;
  const [, wrapper = '', inner = '', answer = '', after = ''] = match;
  const text = htmlToText(inner).trim();
  if (/<(a|img|br|p|pre|ul|ol|div)\b/.test(inner) || !text || text.length > PART_TITLE_MAX_CHARS) return undefined;
  return { text, blocks: [{ ...first, html: wrapper + partLead(inner.replace(/<\/?(strong|b)>/g, '').trim()) + answer.trim() + after }, ...part.blocks.slice(1)] };
}

/** The line a later part is known by, set as the slide's subtitle under the heading. */
const partLead = (html: string): string => `<p class="ld-part-lead">${html}</p>`;

/** Each notes block goes to the part holding the blocks written before it. */
function notesByPart(layout: NonNullable<Slide['layout']>, parts: PagePart[]): SlideBlock[][] {
  const firstLines = parts.map((p) => Math.min(...p.blocks.map((b) => layout.blocks[b.from]?.line ?? Infinity)));
  const out: SlideBlock[][] = parts.map(() => []);
  for (const note of layout.notes) {
    let target = 0;
    firstLines.forEach((line, i) => {
      if (line <= note.line) target = i;
    });
    out[target]!.push(note);
  }
  return out;
}

/** Several sections on one slide as titled blocks; their notes one after another, each under its title. */
function sharedSlide(members: Slide[], result: SlideResult, heading: string, ids: Set<string>): Slide {
  const first = members[0]!;
  const part = result.parts![0]!;
  const blocks = part.blocks.map((b) => ({ html: b.html, line: first.source.line }));
  const notes = members.flatMap((m) => {
    const own = m.layout?.notes ?? [];
    if (own.length === 0) return [];
    return members.length > 1 && m !== first ? [{ html: `<p><strong>${m.layout?.heading ? htmlToText(m.layout.heading) : m.title}</strong></p>`, line: m.source.line }, ...own] : own;
  });
  ids.add(first.id);
  const { part: _part, ...rest } = first;
  return {
    ...rest,
    kind: 'content',
    title: htmlToText(heading) || first.title,
    html: heading + blocks.map((b) => b.html).join(''),
    notesHtml: notes.map((n) => n.html).join(''),
    layout: { heading, blocks, notes },
    ...(part.layout ? { layoutClass: part.layout } : {}),
  };
}

function reportDiagrams(measures: DiagramMeasure[], slide: Slide, deck: Deck, lesson: LessonFitSettings, diagnostics: Diagnostic[]): void {
  for (const m of measures) {
    if (m.labelPx >= lesson.minLabelPx) continue;
    const diagram = deck.diagrams.find((d) => d.index === m.index);
    const where = diagram?.where ?? slide.source;
    // A half of a diagram already drawn in two: cutting it again is not the advice.
    const advice = diagram?.half
      ? `it is already drawn as two diagrams (this is the ${diagram.half === 1 ? 'first' : 'second'}): shorten its labels or show fewer nodes`
      : 'split it into two diagrams, shorten its labels, or show fewer nodes or messages';
    diagnostics.push({
      file: where.file,
      line: where.line,
      column: 1,
      severity: 'warning',
      rule: 'diagram-too-small',
      message: `Diagram on slide "${slide.title}" has labels of ${m.labelPx.toFixed(1)} px at 1280×720 even in its most readable layout (minimum ${lesson.minLabelPx} px): ${advice} (front matter minDiagramLabel sets the minimum).`,
    });
  }
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
