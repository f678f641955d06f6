/**
 * The layout page's entry (bundled into one script by src/fit/pageScript.ts
 * and run in the measuring page): every slide of a deck is laid out at
 * 1280×720 with the deck's CSS, arranged to be read (see arrange.ts), and
 * cut where a person would when nothing fits (split.ts); runs of short
 * sibling sections share slides (pack.ts).
 */
import type { Arranged, ChooseOptions } from './arrange.ts';
import { choose, evaluate, figureOnly, scaled, stack } from './arrange.ts';
import type { Piece } from './blocks.ts';
import { bigCount, fromOf, withOrigin } from './blocks.ts';
import { forgetNaturalSizes } from './diagrams.ts';
import { membersOf, packMembers, sharedPart } from './pack.ts';
import type { Fitter } from './scale.ts';
import { MIN_TEXT_SCALE, range } from './scale.ts';
import { splitSlide, type Part } from './split.ts';
import { takeStepsApart } from './steps.ts';
import type { Frame } from './stage.ts';
import { createStage, fitsNow, layout, overflow, parse, serialise } from './stage.ts';
import type { DiagramMeasure, JobResult, PageInput, PagePart, PageRun, PageSlide, SlideResult } from './types.ts';

export function fitSlides(input: PageInput): JobResult[] {
  // Placeholder numbers are per deck: what was measured for another deck's diagram 0 is not this one's.
  forgetNaturalSizes();
  const stage = createStage(input.width, input.height, input.figures);
  return input.jobs.map((job) => ('run' in job ? { run: fitRun(stage, job.run) } : { slide: fitSlide({ stage, frame: frameOf(job.slide) }, job.slide) }));

  function fitRun(stageRef: typeof stage, run: PageRun): { members: number[]; heading?: string; result: SlideResult }[] {
    const f: Fitter = { stage: stageRef, frame: { heading: run.heading } };
    const members = membersOf(run);
    const { groups, shared } = packMembers(f, run, members);
    return groups.map((group, g) => {
      const arranged = shared.get(g);
      if (arranged) {
        const heading = members[group[0]!]!.spec.parent || !run.heading ? members[group[0]!]!.spec.heading : run.heading;
        return { members: group, heading, result: { parts: [sharedPart(arranged, serialise)], overflows: [], diagrams: arranged.diagrams, actions: ['merged'] } };
      }
      const spec = run.members[group[0]!]!;
      return { members: group, result: fitSlide({ stage: stageRef, frame: frameOf(spec) }, spec) };
    });
  }
}

function frameOf(slide: PageSlide): Frame {
  return { heading: slide.heading, sectionClass: slide.sectionClass, before: slide.before, after: slide.after };
}

function piecesOf(slide: PageSlide): Piece[] {
  return slide.blocks.flatMap((html, from) => parse(html).map((node) => ({ node: withOrigin(node, from), from })));
}

const toPart = (arranged: Arranged): PagePart => ({
  blocks: arranged.body.map((node) => ({ html: serialise(node), from: fromOf(node) })),
  ...(arranged.sectionClass ? { layout: arranged.sectionClass } : {}),
});

/** Same content, same order, nothing re-arranged: the slide is left exactly as it is. */
function unchanged(arranged: Arranged, pieces: Piece[]): boolean {
  return arranged.name === 'stack' && arranged.diagrams.length === 0 && arranged.body.length === pieces.length && arranged.body.every((node, i) => serialise(node) === serialise(pieces[i]!.node));
}

function fitSlide(f: Fitter, slide: PageSlide): SlideResult {
  const pieces = piecesOf(slide);
  if (pieces.length === 0) return { parts: null, overflows: [], diagrams: [], actions: [] };
  const split = slide.mode !== 'scale';
  const shrink = slide.mode !== 'split';
  const options: ChooseOptions = { allowShrink: shrink, allowRearrange: slide.rearrange && !slide.title, minLabelPx: slide.minLabelPx, minCodePx: slide.minCodePx };
  const diagramsOf = (parts: Part[]): DiagramMeasure[] => parts.flatMap((p) => p.arranged?.diagrams ?? []);

  const whole = bigCount(pieces) <= 2 || !split ? choose(f, pieces, options) : null;
  if (whole) {
    if (unchanged(whole, pieces)) return { parts: null, overflows: [], diagrams: [], actions: [] };
    return { parts: [toPart(whole)], overflows: [], diagrams: whole.diagrams, actions: [whole.name] };
  }
  if (!split) return scaleWhole(f, pieces);

  // Continuation parts get a "(2/3)" suffix: measure with room for it.
  const partFrame: Frame = { ...f.frame, heading: slide.partHeading };
  const result = splitSlide({ stage: f.stage, frame: partFrame }, takeStepsApart(pieces), { ...options, split, longCode: slide.longCode });
  const parts: PagePart[] = result.parts.map((part) => ({
    ...(part.arranged ? toPart(part.arranged) : toPart({ ...stack(part.pieces), diagrams: [], share: 0 })),
    ...(figureOnly(part.pieces) ? { figure: true } : {}),
  }));
  return { parts, overflows: result.overflows, diagrams: diagramsOf(result.parts), actions: result.actions };
}

/** Scale mode: the whole slide's text a little smaller before giving up (never split). */
function scaleWhole(f: Fitter, pieces: Piece[]): SlideResult {
  for (const step of range(0.95, MIN_TEXT_SCALE, -0.05)) {
    const done = evaluate(f, scaled(stack(pieces), step));
    if (done) return { parts: [toPart(done)], overflows: [], diagrams: done.diagrams, actions: ['scaled-text'] };
  }
  const last = scaled(stack(pieces), MIN_TEXT_SCALE);
  layout(f.stage, f.frame, last.body);
  const px = fitsNow(f.stage) ? 0 : overflow(f.stage);
  return { parts: [toPart({ ...last, diagrams: [], share: 0 })], overflows: px > 0 ? [{ from: pieces[0]?.from ?? 0, px }] : [], diagrams: [], actions: ['scaled-text'] };
}

(window as unknown as { lessondeckFit: { fitSlides: typeof fitSlides } }).lessondeckFit = { fitSlides };
