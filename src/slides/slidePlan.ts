/** A slide before rendering: which blocks it shows and which go to its notes. */
import type { Block } from './blocks.ts';
import type { SlideKind, SlideLevel } from './model.ts';

export interface SlidePlan {
  kind: SlideKind;
  level: SlideLevel;
  title: string;
  headingLevel: number;
  /** The heading block the slide was cut at (rendered by the slicer, with a part suffix). */
  heading?: Block;
  visible: Block[];
  notes: Block[];
  /** Titles of the sub-slides, listed on a section slide that has nothing else. */
  agenda?: string[];
  /** First sentence of the notes, shown when the slide would otherwise be bare. */
  lead?: string;
  part?: { index: number; total: number };
  /** Attributes of the slide's `<section>` set by a dialect (class, data-background…). */
  attributes?: [string, string][];
  bodyLine: number;
}

export interface DeckPlan {
  title?: string;
  slides: SlidePlan[];
  navigation: Block[];
  /** Duration stated in the text (`**Duration:** 45 minutes`), in minutes. */
  statedDuration?: number;
}
