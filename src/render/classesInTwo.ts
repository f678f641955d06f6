/**
 * A class diagram (or an entity-relationship diagram) as two consecutive diagrams, for one too large to be read
 * on any single slide (a chain of eight classes with their fields is as tall
 * or as wide as eight boxes, whichever way it is turned). The classes are
 * taken in the order their relations connect them and cut where the two
 * halves hold about as many lines of text, with as few relations across the
 * cut as a nearby point allows. A relation across the cut is drawn in both
 * parts, its far end as a bare box (the name only, unfilled): the class is
 * shown whole in the other part. Anything this reader does not know (a
 * namespace, an unknown statement) gives no parts. Pure string work.
 */

/** How one diagram type writes a box with its lines, a relation, and what else belongs to one box. */
interface Grammar {
  open: RegExp;
  relation: RegExp;
  owned: RegExp[];
  /** The far end of a relation across the cut, drawn bare. */
  stub: (name: string) => string[];
}

const CLASS_OPEN = /^\s*class\s+([A-Za-z_][\w]*)(?:~[^~]*~)?(?:\["[^"]*"\])?\s*(?::::\w+)?\s*\{\s*$/;
const CLASS_LINE = /^\s*class\s+([A-Za-z_][\w]*)(?:~[^~]*~)?(?:\["[^"]*"\])?\s*(?::::\w+)?\s*$/;
const MEMBER_LINE = /^\s*([A-Za-z_][\w]*)\s*:\s*\S/;
const RELATION = /^\s*([A-Za-z_][\w]*)(?:~[^~]*~)?\s*(?:"[^"]*"\s*)?((?:<\|?|\*|o)?(?:--|\.\.)(?:\|?>|\*|o)?)\s*(?:"[^"]*"\s*)?([A-Za-z_][\w]*)(?:~[^~]*~)?\s*(?::.*)?$/;
const ER_OPEN = /^\s*([A-Za-z_][\w-]*)(?:\["[^"]*"\])?\s*\{\s*$/;
const ER_RELATION = /^\s*([A-Za-z_][\w-]*)\s+[|}o][|o](?:--|\.\.)[|o][|{o]\s+([A-Za-z_][\w-]*)\s*:\s*\S.*$/;
const ANNOTATION = /^\s*<<[^>]+>>\s*([A-Za-z_][\w]*)\s*$/;
const NOTE_FOR = /^\s*note\s+for\s+([A-Za-z_][\w]*)\b/;
const STYLED = /^\s*(?:style|cssClass|click|callback|link)\s+"?([A-Za-z_][\w]*)/;
const SHARED = /^\s*(?:%%|direction\b|classDef\b|accTitle\b|accDescr\b|note\s+"|$)/;
/** A cut this close (share of all text lines) to the middle may trade balance for fewer relations across it. */
const BALANCE_SLACK = 0.12;

interface Statement {
  /** The class the statement belongs to; undefined for lines every part keeps. */
  owner?: string;
  /** Both ends, for a relation. */
  ends?: [string, string];
  text: string[];
}

interface Reading {
  classes: string[];
  /** Lines of text each class shows: its name and members. */
  size: Map<string, number>;
  statements: Statement[];
}

const CLASSES: Grammar = {
  open: CLASS_OPEN,
  relation: RELATION,
  owned: [CLASS_LINE, ANNOTATION, NOTE_FOR, STYLED, MEMBER_LINE],
  // Unfilled and grey, as "shown in the other part" (mermaid's class grammar has no dash in a style).
  stub: (name) => [`    class ${name}`, `    style ${name} fill:none,stroke:#8a8f98`],
};
const ENTITIES: Grammar = {
  open: ER_OPEN,
  relation: ER_RELATION,
  owned: [STYLED],
  stub: (name) => [`    ${name} {`, '    }', `    style ${name} fill:none,stroke:#8a8f98`],
};

function readBoxes(lines: string[], header: number, grammar: Grammar): Reading | undefined {
  const classes: string[] = [];
  const size = new Map<string, number>();
  const statements: Statement[] = [];
  const declare = (name: string): void => {
    if (!size.has(name)) {
      classes.push(name);
      size.set(name, 1);
    }
  };
  for (let i = header + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const open = grammar.open.exec(line);
    if (open) {
      const name = open[1]!;
      declare(name);
      const body = [line];
      while (++i < lines.length && !/^\s*\}\s*$/.test(lines[i]!)) {
        body.push(lines[i]!);
        if (lines[i]!.trim() !== '') size.set(name, size.get(name)! + 1);
      }
      if (i >= lines.length) return undefined;
      body.push(lines[i]!);
      statements.push({ owner: name, text: body });
      continue;
    }
    const relation = grammar.relation.exec(line);
    if (relation) {
      const [from, to] = [relation[1]!, relation[relation.length - 1]!];
      declare(from);
      declare(to);
      statements.push({ ends: [from, to], text: [line] });
      continue;
    }
    const pattern = grammar.owned.find((p) => p.test(line));
    if (pattern) {
      const owner = pattern.exec(line)![1]!;
      declare(owner);
      // `Name : +member` is one more line of its box.
      if (pattern === MEMBER_LINE) size.set(owner, size.get(owner)! + 1);
      statements.push({ owner, text: [line] });
      continue;
    }
    if (SHARED.test(line)) {
      statements.push({ text: [line] });
      continue;
    }
    return undefined;
  }
  return { classes, size, statements };
}

/** Classes in the order their relations reach them, breadth first from the first one declared. */
function connectedOrder(reading: Reading): string[] {
  const next = new Map<string, string[]>(reading.classes.map((c) => [c, []]));
  for (const s of reading.statements) {
    if (!s.ends) continue;
    next.get(s.ends[0])!.push(s.ends[1]);
    next.get(s.ends[1])!.push(s.ends[0]);
  }
  const order: string[] = [];
  const seen = new Set<string>();
  for (const start of reading.classes) {
    if (seen.has(start)) continue;
    const queue = [start];
    seen.add(start);
    while (queue.length > 0) {
      const current = queue.shift()!;
      order.push(current);
      for (const neighbour of next.get(current)!) {
        if (seen.has(neighbour)) continue;
        seen.add(neighbour);
        queue.push(neighbour);
      }
    }
  }
  return order;
}

/** The two parts of a class diagram, or undefined when there are too few classes or anything is beyond this reader. */
export function classesInTwo(lines: string[], header: number): [string, string] | undefined {
  return boxesInTwo(lines, header, CLASSES);
}

/** The two parts of an entity-relationship diagram, as for classes. */
export function entitiesInTwo(lines: string[], header: number): [string, string] | undefined {
  return boxesInTwo(lines, header, ENTITIES);
}

function boxesInTwo(lines: string[], header: number, grammar: Grammar): [string, string] | undefined {
  const reading = readBoxes(lines, header, grammar);
  if (!reading || reading.classes.length < 4) return undefined;
  const order = connectedOrder(reading);
  const total = order.reduce((sum, c) => sum + reading.size.get(c)!, 0);
  const relations = reading.statements.filter((s) => s.ends);
  let best: { at: number; crossing: number; off: number } | undefined;
  let running = 0;
  for (let at = 1; at < order.length - 1; at++) {
    running += reading.size.get(order[at - 1]!)!;
    const first = new Set(order.slice(0, at));
    const crossing = relations.filter((s) => first.has(s.ends![0]) !== first.has(s.ends![1])).length;
    const off = Math.abs(running - total / 2) / total;
    const candidate = { at, crossing, off };
    if (!best || (off <= BALANCE_SLACK && (best.off > BALANCE_SLACK || crossing < best.crossing || (crossing === best.crossing && off < best.off))) || (best.off > BALANCE_SLACK && off < best.off)) best = candidate;
  }
  if (!best) return undefined;
  const firstHalf = new Set(order.slice(0, best.at));
  const before = lines.slice(0, header + 1);
  const part = (inPart: (c: string) => boolean): string => {
    const stubs = new Set<string>();
    const body = reading.statements.flatMap((s) => {
      if (s.ends) {
        const [a, b] = s.ends;
        if (!inPart(a) && !inPart(b)) return [];
        for (const end of [a, b]) if (!inPart(end)) stubs.add(end);
        return s.text;
      }
      return s.owner === undefined || inPart(s.owner) ? s.text : [];
    });
    const stubLines = [...stubs].flatMap(grammar.stub);
    return [...before, ...body, ...stubLines].join('\n');
  };
  return [part((c) => firstHalf.has(c)), part((c) => !firstHalf.has(c))];
}
