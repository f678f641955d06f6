/**
 * Spreads one section's blocks over as many slides as it needs: a new slide
 * starts when the budget is spent or when a second big block (diagram, long
 * code, table, image) arrives. Long lists are cut at item boundaries. A
 * lead-in line ending in ':' stays with what it introduces. Notes stay with
 * the part they were written next to.
 */
import type { Block } from './blocks.ts';
import { blockText, isList, isParagraph, listFromItems, listItems } from './blocks.ts';
import { blockWeight, isBigBlock, SLIDE_BUDGET } from './layoutBudget.ts';

export interface PlacedBlock {
  block: Block;
  place: 'slide' | 'notes';
}

export interface Part {
  visible: Block[];
  notes: Block[];
}

interface Unit {
  blocks: PlacedBlock[];
  weight: number;
  big: boolean;
}

export function spreadBlocks(items: PlacedBlock[], budget = SLIDE_BUDGET): Part[] {
  const parts: Part[] = [];
  let current: Part = { visible: [], notes: [] };
  let weight = 0;
  let hasBig = false;
  for (const unit of toUnits(items, budget)) {
    const startsNewPart = weight > 0 && unit.weight > 0 && (weight + unit.weight > budget || (unit.big && hasBig));
    if (startsNewPart) {
      parts.push(current);
      current = { visible: [], notes: [] };
      weight = 0;
      hasBig = false;
    }
    for (const { block, place } of unit.blocks) (place === 'slide' ? current.visible : current.notes).push(block);
    weight += unit.weight;
    hasBig ||= unit.big;
  }
  parts.push(current);
  return parts;
}

/** Groups blocks that must stay together, and cuts lists that cannot fit on one slide. */
function toUnits(items: PlacedBlock[], budget: number): Unit[] {
  const units: Unit[] = [];
  let leadIn: PlacedBlock | undefined;
  for (const item of items) {
    if (item.place === 'notes') {
      units.push({ blocks: [item], weight: 0, big: false });
      continue;
    }
    if (isLeadIn(item.block)) {
      if (leadIn) units.push(unitOf([leadIn]));
      leadIn = item;
      continue;
    }
    const pieces = isList(item.block) && blockWeight(item.block) > budget ? cutList(item.block, budget, leadIn ? blockWeight(leadIn.block) : 0) : [item.block];
    pieces.forEach((piece, i) => {
      const blocks = i === 0 && leadIn ? [leadIn, { block: piece, place: 'slide' as const }] : [{ block: piece, place: 'slide' as const }];
      units.push(unitOf(blocks));
    });
    leadIn = undefined;
  }
  if (leadIn) units.push(unitOf([leadIn]));
  return units;
}

function unitOf(blocks: PlacedBlock[]): Unit {
  return {
    blocks,
    weight: blocks.reduce((sum, b) => sum + blockWeight(b.block), 0),
    big: blocks.some((b) => isBigBlock(b.block)),
  };
}

/** A short paragraph ending in ':' (e.g. "**Benefits:**") introduces the next block. */
function isLeadIn(block: Block): boolean {
  if (!isParagraph(block)) return false;
  const text = blockText(block).trim();
  return text.length <= 140 && text.endsWith(':');
}

/**
 * Cuts a list into runs of items that each fill a slide. The first run shares
 * its slide with the lead-in line (`leadInWeight`); the others have a slide
 * each, so a 12-item list is not cut into 5 + 6 + 1 and spread as 5 | 6 + 1.
 */
function cutList(list: Block, budget: number, leadInWeight: number): Block[] {
  const start = Number(list.tokens[0]!.attrGet('start') ?? 1);
  const pieces: Block[] = [];
  let run: Block[] = [];
  let runStart = start;
  let weight = 0;
  listItems(list).forEach((item, index) => {
    const w = blockWeight({ ...item, type: 'bullet_list_open' });
    const room = pieces.length === 0 ? budget - leadInWeight : budget;
    if (run.length > 0 && weight + w > Math.max(room, 4)) {
      pieces.push(listFromItems(list, run, runStart));
      run = [];
      runStart = start + index;
      weight = 0;
    }
    run.push(item);
    weight += w;
  });
  if (run.length > 0) pieces.push(listFromItems(list, run, runStart));
  return pieces;
}
