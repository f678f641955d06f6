/**
 * A mermaid timeline drawn as columns. Mermaid lays a timeline out as one
 * band of equal boxes, one per period, left to right: with a dozen events
 * the band is four times wider than the slide and the labels end up at
 * 7 px. (Its top-to-bottom form overlaps the section bars in mermaid 11.)
 * A designer would give each section a column and list its events down
 * it, in order: the same words, the same order, the sections side by side.
 * Sections become subgraphs of a flowchart, each period a box (its time,
 * then its events, one per line), linked invisibly so the column keeps the order.
 * A timeline without sections is cut into columns of a few events each.
 * Anything this reader does not recognise gives no variant. Pure string work.
 */

interface Period {
  period: string;
  events: string[];
}

interface Section {
  name: string;
  periods: Period[];
}

/** Events per column when the author gave no sections. */
const EVENTS_PER_COLUMN = 4;

/** Text safe inside a quoted mermaid label. */
const label = (text: string): string => text.replace(/"/g, '#quot;').trim();

/** Sections, periods and events, or undefined when a line is beyond this reader. */
function readTimeline(lines: string[], header: number): { title?: string; sections: Section[]; named: boolean } | undefined {
  let title: string | undefined;
  const sections: Section[] = [];
  let named = false;
  const current = (): Section => {
    if (sections.length === 0) sections.push({ name: '', periods: [] });
    return sections.at(-1)!;
  };
  for (const raw of lines.slice(header + 1)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('%%')) continue;
    const titleMatch = /^title\s+(.+)$/.exec(line);
    if (titleMatch) {
      title = titleMatch[1]!;
      continue;
    }
    if (/^acc(Title|Descr)\b/.test(line)) continue;
    const section = /^section\s+(.+)$/.exec(line);
    if (section) {
      sections.push({ name: section[1]!, periods: [] });
      named = true;
      continue;
    }
    const parts = line.split(/\s:\s|^:\s|\s:$/).map((p) => p.trim());
    if (line.startsWith(':')) {
      const last = current().periods.at(-1);
      if (!last) return undefined;
      last.events.push(...parts.filter(Boolean));
      continue;
    }
    if (parts.length < 1 || !parts[0]) return undefined;
    current().periods.push({ period: parts[0], events: parts.slice(1).filter(Boolean) });
  }
  const periods = sections.reduce((n, s) => n + s.periods.length, 0);
  return periods > 0 ? { ...(title ? { title } : {}), sections: sections.filter((s) => s.periods.length > 0), named } : undefined;
}

/** The timeline as a flowchart of columns, or undefined when it cannot be read for certain. */
export function timelineAsColumns(lines: string[], header: number): string | undefined {
  // A front matter of the author's own would have to be merged with the title's: not this reader's job.
  if (!/^\s*timeline\b/i.test(lines[header] ?? '') || lines.slice(0, header).some((l) => l.trim() === '---')) return undefined;
  const reading = readTimeline(lines, header);
  if (!reading) return undefined;
  let columns = reading.sections;
  if (!reading.named) {
    const all = columns.flatMap((s) => s.periods);
    if (all.length <= EVENTS_PER_COLUMN) return undefined;
    const count = Math.ceil(all.length / EVENTS_PER_COLUMN);
    const size = Math.ceil(all.length / count);
    columns = Array.from({ length: count }, (_, i) => ({ name: '', periods: all.slice(i * size, (i + 1) * size) }));
  }
  if (columns.length < 2) return undefined;
  const out: string[] = [...lines.slice(0, header)];
  if (reading.title) out.push('---', `title: "${label(reading.title)}"`, '---');
  out.push('flowchart LR');
  columns.forEach((column, c) => {
    out.push(`    subgraph TL${c}["${label(column.name) || ' '}"]`, '        direction TB');
    column.periods.forEach((p, k) => {
      const text = [label(p.period), ...p.events.map(label)].join('<br/>');
      out.push(`        TL${c}_${k}["${text}"]`);
      if (k > 0) out.push(`        TL${c}_${k - 1} ~~~ TL${c}_${k}`);
    });
    out.push('    end');
  });
  for (let c = 1; c < columns.length; c++) out.push(`    TL${c - 1} --> TL${c}`);
  return out.join('\n');
}
