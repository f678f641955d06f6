/**
 * What the layout page is asked and what it answers. Plain JSON both ways:
 * it crosses page.evaluate and is cached by content.
 */

export type PageFitMode = 'auto' | 'split' | 'scale';

/** How code too tall for its slide is shown: one slide whose window follows the steps, or parts. */
export type LongCodeMode = 'walkthrough' | 'split';

export interface PageSlide {
  /** Heading HTML without a part suffix (may be empty). */
  heading: string;
  /** The heading with room for a `(2/3)` suffix, measured once the slide is split. */
  partHeading: string;
  /** Class of the slide's `<section>` while measuring (`ld-title-slide` …). */
  sectionClass?: string;
  /** Markup around the blocks that is not a block (a title slide's kicker and meta). */
  before?: string;
  after?: string;
  blocks: string[];
  mode: PageFitMode;
  /** Smallest code font size in slide pixels. */
  minCodePx: number;
  /** Diagram labels under this (slide px) are reported. */
  minLabelPx: number;
  longCode: LongCodeMode;
  /** A title slide only moves what does not fit to an overview part; it is never re-arranged. */
  title?: boolean;
  /** May blocks be re-arranged (columns, side by side…)? False in slide-first decks: the author laid them out. */
  rearrange: boolean;
}

/** One section of a run the page may pack onto shared slides as titled blocks. */
export interface PageRunMember extends PageSlide {
  /** The member's own slide id, kept as the id of its block so links still land. */
  id: string;
  /** Its heading as a block title (inner HTML). */
  blockTitle: string;
  /** True for the `##` whose children follow: on a shared slide its heading is the slide's. */
  parent?: boolean;
}

export interface PageRun {
  /** Heading of a shared slide that does not start with the parent. */
  heading: string;
  members: PageRunMember[];
}

export type PageJob = { slide: PageSlide } | { run: PageRun };

export interface PageInput {
  width: number;
  height: number;
  /** Diagram figures of the deck by placeholder index: every layout variant, the first the default. */
  figures: Record<string, string[]>;
  jobs: PageJob[];
}

export interface PagePart {
  /** Serialised blocks, each with the index of the source block it came from. */
  blocks: { html: string; from: number }[];
  /** Layout class for the slide's `<section>` (`ld-layout-columns`, `ld-layout-figure` …). */
  layout?: string;
  /** The part is one diagram (after at most one short line): the section's figure, not a page of its text. */
  figure?: boolean;
}

export interface DiagramMeasure {
  /** Placeholder index. */
  index: number;
  /** Source block it sits in. */
  from: number;
  variant: number;
  /** Median label size in slide pixels as laid out. */
  labelPx: number;
}

export interface SlideResult {
  /** Null when the slide stays exactly as it is. */
  parts: PagePart[] | null;
  /** Source blocks that still do not fit, with how many pixels they overflow by. */
  overflows: { from: number; px: number }[];
  diagrams: DiagramMeasure[];
  /** What was done, for reports: `split`, `scaled-code`, `columns`, `walkthrough`… */
  actions: string[];
}

export interface RunPack {
  /** Indices of the members on this slide; the first gives the slide its id. */
  members: number[];
  /** Heading of a shared slide (several members). */
  heading?: string;
  /** For a single member: its own fit; for several: one part holding all. */
  result: SlideResult;
}

export type JobResult = { slide: SlideResult } | { run: RunPack[] };
