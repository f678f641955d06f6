/**
 * The deck model: plain, serializable data that every view is made from
 * (live deck, speaker view, reading view, handouts, search index).
 * Produced by the pure slicer; no browser, file system or Vite in here.
 */
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';

export type SlideLevel = 'h' | 'v';
export type SlideKind = 'title' | 'section' | 'content';

export interface Slide {
  /** Unique within the deck; also the reveal hash (`#/id`). A GitHub-style heading slug. */
  id: string;
  /** `h` starts a new horizontal position; `v` stacks under the previous `h`. */
  level: SlideLevel;
  kind: SlideKind;
  /** Plain-text title (for index, search, speaker view). */
  title: string;
  /** Heading level the slide was cut at (1 title, 2 section, 3 subsection; 0 = none). */
  headingLevel: number;
  /** Inner HTML of the slide's `<section>`, heading included, notes excluded. */
  html: string;
  /** Speaker notes HTML (empty when none). */
  notesHtml: string;
  source: SourceLocation;
  /** Set on slides spread from one section: `{ index: 2, total: 3 }`. */
  part?: { index: number; total: number };
  /** Per-slide fit directive (`<!-- fit: none -->` under the heading); overrides the lesson's. */
  fit?: FitMode;
  /** The pieces a content slide was rendered from, so the fit pass can re-cut it after measuring. */
  layout?: SlideLayout;
  /** Arrangement the layout pass chose (`ld-layout-columns`…), a class of the slide's `<section>`. */
  layoutClass?: string;
  /** Extra attributes of the slide's `<section>` (reveal `.slide:`, Marp/Slidev/remark classes…). */
  attributes?: [string, string][];
  /** A lab step a student can mark done or stuck (src/slides/labSteps.ts). */
  step?: { id: string; label: string };
}

/** How the fit pass may change an overflowing slide: `auto` splits, then scales. */
export type FitMode = 'auto' | 'split' | 'scale' | 'none';

/** One top-level block of a slide (a paragraph, list, code block, table, diagram…) and its file line. */
export interface SlideBlock {
  html: string;
  line: number;
}

export interface SlideLayout {
  /** Heading HTML without any `(2/3)` part suffix. */
  heading: string;
  blocks: SlideBlock[];
  /** Notes blocks; each stays with the visible blocks written before it. */
  notes: SlideBlock[];
}

export interface NavLink {
  href: string;
  label: string;
}

export interface DeckNavigation {
  prev?: NavLink;
  next?: NavLink;
  up?: NavLink;
}

/** A mermaid diagram found in the deck; the HTML holds a placeholder for it. */
export interface DiagramSource {
  index: number;
  source: string;
  /** Where the diagram is placed: its ```mermaid fence, or the image that names a `.mmd` file. */
  where: SourceLocation;
  /** Where the diagram's own first line is (the line after the fence, or line 1 of the `.mmd` file): errors point inside. */
  sourceStart?: SourceLocation;
  /** One of the two diagrams a diagram no layout made readable is drawn as (render/diagramInTwo.ts). */
  half?: 1 | 2;
}

export type DeckMode = 'document' | 'slides';

export interface Deck {
  /** Source file, relative to the course root, posix separators. */
  file: string;
  title: string;
  mode: DeckMode;
  frontMatter: Record<string, unknown>;
  slides: Slide[];
  nav: DeckNavigation;
  diagrams: DiagramSource[];
  diagnostics: Diagnostic[];
  /** Planned duration in minutes, when the lesson states one. */
  durationMinutes?: number;
}

/** Placeholder the slicer leaves where diagram N goes; the renderer swaps in the SVG. */
export function diagramPlaceholder(index: number): string {
  return `<!--ld-diagram:${index}-->`;
}

/** `<!--ld-diagram:N-->`, or `<!--ld-diagram:N:V-->` once the layout pass chose variant V of diagram N. */
export const DIAGRAM_PLACEHOLDER_PATTERN = /<!--ld-diagram:(\d+)(?::(\d+))?-->/g;

/** Every layout variant of one diagram as page markup; the first is the default. */
export type FigureVariants = readonly string[];
