/**
 * A diagram too large to be read on any slide, in whichever layout, as two
 * consecutive diagrams: a long flowchart chain cut at a rank with lettered
 * connectors between the halves (flowchartFold.ts), a class diagram cut
 * between classes with the far end of each relation across the cut drawn as
 * a bare box (classesInTwo.ts, entity-relationship diagrams alike). Only the build decides when: after every
 * layout of the whole was measured and none reaches the minimum label size
 * (renderSite.ts). Long conversations are cut earlier, by their row count
 * (src/slides/longSequence.ts). Pure string work.
 */
import { classesInTwo, entitiesInTwo } from './classesInTwo.ts';
import { headerIndex } from './diagramVariants.ts';
import { chainInTwo } from './flowchartFold.ts';

export function diagramInTwo(source: string): [string, string] | undefined {
  const lines = source.replace(/\s+$/, '').split(/\r?\n/);
  const at = headerIndex(lines);
  const keyword = (lines[at] ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (keyword === 'graph' || keyword === 'flowchart') return chainInTwo(lines, at);
  if (keyword === 'classdiagram' || keyword === 'classdiagram-v2') return classesInTwo(lines, at);
  if (keyword === 'erdiagram') return entitiesInTwo(lines, at);
  return undefined;
}
