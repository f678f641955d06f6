/**
 * Cuts a lesson written as a document: `#` → title slide, `##` → horizontal
 * slides, `###` → vertical slides under them, navigation lines → deck links,
 * long prose → notes, big sections spread over several slides.
 */
import type { Block } from './blocks.ts';
import { blockText, headingLevel, inlineText } from './blocks.ts';
import type { SlideKind, SlideLevel } from './model.ts';
import { isNavigationLine } from './navigation.ts';
import { isLongProse, isNotesContainer, isNotesMarker, leadSentence, notesContainerContent } from './notes.ts';
import type { PlacedBlock } from './spread.ts';
import { spreadBlocks } from './spread.ts';
import { stepListsAsSections } from './stepLists.ts';
import type { DeckPlan, SlidePlan } from './slidePlan.ts';
import { parseDurationMinutes } from '../course/frontMatter.ts';
import { CHECKPOINT_TOKEN, checkpointTitle, type CheckpointMeta } from './plugins/checkpoints.ts';

/** The title slide has room for a few short lines under the title. */
const TITLE_SLIDE_BUDGET = 5;

interface Section {
  kind: SlideKind;
  /** A checkpoint's own slide: nothing else is added to it. */
  closed?: boolean;
  attributes?: [string, string][];
  level: SlideLevel;
  heading?: Block;
  headingLevel: number;
  title: string;
  blocks: Block[];
  bodyLine: number;
}

export interface DocumentOptions {
  proseToNotes: boolean;
  /** A lab: a numbered list of big steps is titled `Step N: …` (see stepLists.ts). */
  lab?: boolean;
}

export function planDocument(blocks: Block[], options: DocumentOptions): DeckPlan {
  const navigation = blocks.filter(isNavigationLine);
  const sections = toSections(stepListsAsSections(blocks.filter((b) => !isNavigationLine(b)), { lab: !!options.lab }));
  const slides: SlidePlan[] = [];
  sections.forEach((section, i) => {
    const children = section.level === 'h' ? childTitles(sections, i) : [];
    slides.push(...planSection(section, children, options));
  });
  const titleSection = sections.find((s) => s.kind === 'title');
  return {
    ...(titleSection ? { title: titleSection.title } : {}),
    slides,
    navigation,
    ...statedDuration(blocks),
  };
}

function toSections(blocks: Block[]): Section[] {
  const sections: Section[] = [];
  let sawTitle = false;
  let sawHorizontal = false;
  for (const block of blocks) {
    const level = headingLevel(block);
    if (level >= 1 && level <= 3) {
      const isTitle: boolean = level === 1 && !sawTitle && sections.length === 0;
      const slideLevel: SlideLevel = level === 3 && sawHorizontal ? 'v' : 'h';
      sawTitle ||= isTitle;
      sawHorizontal ||= slideLevel === 'h' && !isTitle;
      sections.push({ kind: isTitle ? 'title' : 'content', level: slideLevel, heading: block, headingLevel: level, title: inlineText(block.tokens[1]!).trim(), blocks: [], bodyLine: block.bodyLine });
      continue;
    }
    if (block.type === CHECKPOINT_TOKEN) {
      // A checkpoint is a slide of its own, under the section it is asked in.
      const meta = block.tokens[0]!.meta as unknown as CheckpointMeta;
      sections.push({ kind: 'content', level: sawHorizontal ? 'v' : 'h', headingLevel: 0, title: checkpointTitle(meta), blocks: [block], bodyLine: block.bodyLine, closed: true, attributes: [['class', 'ld-checkpoint-slide']] });
      sawHorizontal = true;
      continue;
    }
    const last = sections.at(-1);
    // What follows a checkpoint continues the section it was asked in, on a slide after it.
    if (last?.closed) sections.push({ kind: 'content', level: 'v', headingLevel: 0, title: [...sections].reverse().find((s) => !s.closed)?.title ?? '', blocks: [], bodyLine: block.bodyLine });
    if (sections.length === 0) sections.push({ kind: 'content', level: 'h', headingLevel: 0, title: '', blocks: [], bodyLine: block.bodyLine });
    sections[sections.length - 1]!.blocks.push(block);
  }
  return sections;
}

function childTitles(sections: Section[], index: number): string[] {
  const titles: string[] = [];
  for (let j = index + 1; j < sections.length && sections[j]!.level === 'v'; j++) titles.push(sections[j]!.title);
  return titles;
}

function planSection(section: Section, children: string[], options: DocumentOptions): SlidePlan[] {
  const placed = placeBlocks(section.blocks, options);
  const visibleCount = placed.filter((p) => p.place === 'slide').length;
  const base = { level: section.level, title: section.title, headingLevel: section.headingLevel, bodyLine: section.bodyLine, ...(section.heading ? { heading: section.heading } : {}), ...(section.attributes ? { attributes: section.attributes } : {}) };

  if (section.kind === 'title') return planTitleSection(section, placed, base);

  if (visibleCount === 0) {
    const notes = placed.map((p) => p.block);
    const kind: SlideKind = children.length > 0 ? 'section' : 'content';
    // An agenda of one subsection says little: such a slide shows its first sentence instead, when it has one.
    const agenda = children.length > 1 || notes.length === 0 ? children : [];
    const lead = notes.length > 0 && agenda.length === 0 ? leadSentence(notes[0]!) : undefined;
    return [{ ...base, kind, visible: [], notes, ...(agenda.length ? { agenda } : {}), ...(lead ? { lead } : {}) }];
  }
  return withParts(spreadBlocks(placed).map((part) => ({ ...base, kind: 'content' as const, visible: part.visible, notes: part.notes })));
}

function planTitleSection(section: Section, placed: PlacedBlock[], base: Omit<SlidePlan, 'kind' | 'visible' | 'notes'>): SlidePlan[] {
  const parts = spreadBlocks(placed, TITLE_SLIDE_BUDGET);
  const [first, ...rest] = parts;
  const titleSlide: SlidePlan = { ...base, kind: 'title', level: 'h', visible: first?.visible ?? [], notes: first?.notes ?? [] };
  if (rest.length === 0) return [titleSlide];
  // What does not fit under the title continues on an overview slide.
  const overview = spreadBlocks(rest.flatMap((p) => [...p.visible.map((block) => ({ block, place: 'slide' as const })), ...p.notes.map((block) => ({ block, place: 'notes' as const }))]));
  return [titleSlide, ...withParts(overview.map((p) => ({ ...base, kind: 'content' as const, headingLevel: 2, level: 'h' as const, visible: p.visible, notes: p.notes })))];
}

function placeBlocks(blocks: Block[], options: DocumentOptions): PlacedBlock[] {
  const explicit = blocks.some((b) => isNotesMarker(b) || isNotesContainer(b));
  const placed: PlacedBlock[] = [];
  let inNotes = false;
  for (const block of blocks) {
    if (isNotesMarker(block)) {
      inNotes = true;
      continue;
    }
    if (isNotesContainer(block)) {
      placed.push({ block: notesContainerContent(block), place: 'notes' });
      continue;
    }
    if (block.type === 'hr') continue; // a document's rules separate sections, which headings already do
    const toNotes = inNotes || (!explicit && options.proseToNotes && isLongProse(block));
    placed.push({ block, place: toNotes ? 'notes' : 'slide' });
  }
  return placed;
}

function withParts(plans: SlidePlan[]): SlidePlan[] {
  if (plans.length < 2) return plans;
  return plans.map((plan, i) => ({ ...plan, level: i === 0 ? plan.level : 'v', part: { index: i + 1, total: plans.length } }));
}

function statedDuration(blocks: Block[]): { statedDuration?: number } {
  for (const block of blocks) {
    const match = /^\s*\**\s*(?:duration|time|estimated time)\s*:?\s*\**\s*:?\s*(.+)$/i.exec(blockText(block));
    const minutes = match ? parseDurationMinutes(match[1]) : undefined;
    if (minutes !== undefined) return { statedDuration: minutes };
  }
  return {};
}
