/**
 * Durations a module README states for its lessons and labs, in a table like
 *
 *   | Lesson | Lab | Lesson duration | Lab duration |
 *   | [7.1 …](lessons/01-x.md) | [Lab 7.1 …](labs/lab-01-x.md) | 50 min | 60 min |
 *
 * A "<X> duration" column gives the minutes of the file linked in column <X>;
 * a lone "Duration" (or "Time") column gives the minutes of the row's first
 * link. Read from markdown-it's tokens, so links and cells are never guessed.
 */
import MarkdownIt from 'markdown-it';
import path from 'node:path';
import { parseDurationMinutes } from './frontMatter.ts';

interface Cell {
  text: string;
  href?: string;
}

const md = new MarkdownIt();

function tableRows(text: string): Cell[][][] {
  const tables: Cell[][][] = [];
  let rows: Cell[][] | undefined;
  for (const token of md.parse(text, {})) {
    if (token.type === 'table_open') tables.push((rows = []));
    else if (token.type === 'tr_open') rows?.push([]);
    else if (token.type === 'inline' && rows && token.level > 0) {
      const raw = token.children?.find((c) => c.type === 'link_open')?.attrGet('href');
      const href = typeof raw === 'string' ? raw : undefined;
      rows.at(-1)?.push({ text: token.content.trim(), ...(href ? { href } : {}) });
    } else if (token.type === 'table_close') rows = undefined;
  }
  return tables;
}

const DURATION_HEADER = /\b(duration|time)\b/i;

/** Which column's link each duration column times (-1: the row's first link). */
function durationColumns(header: Cell[]): Map<number, number> {
  const columns = new Map<number, number>();
  header.forEach((cell, i) => {
    if (!DURATION_HEADER.test(cell.text)) return;
    const subject = cell.text.replace(DURATION_HEADER, '').trim().toLowerCase();
    columns.set(i, subject ? header.findIndex((h) => h.text.trim().toLowerCase() === subject) : -1);
  });
  return columns;
}

/** Course-relative file → minutes, from the tables of one module README (`readmeFile` is course-relative). */
export function moduleDurations(readmeFile: string, text: string): Map<string, number> {
  const minutes = new Map<string, number>();
  const dir = path.posix.dirname(readmeFile);
  for (const [header, ...body] of tableRows(text)) {
    if (!header) continue;
    for (const [durationCol, linkCol] of durationColumns(header)) {
      for (const row of body) {
        const value = parseDurationMinutes(row[durationCol]?.text);
        const href = (linkCol >= 0 ? row[linkCol] : row.find((c) => c.href))?.href;
        if (value === undefined || !href || /^[a-z]+:/i.test(href)) continue;
        const file = path.posix.normalize(path.posix.join(dir, decodeURI(href.split('#')[0]!)));
        if (file.endsWith('.md') && !file.startsWith('..')) minutes.set(file, value);
      }
    }
  }
  return minutes;
}

interface DeckEntry {
  file: string;
  moduleDir?: string;
  deck: { durationMinutes?: number };
}

/**
 * Gives decks without a duration of their own (front matter, `**Duration:**`)
 * the one their module README states. `read` returns a course file's text.
 */
export function fillDurationsFromModules(entries: DeckEntry[], files: readonly string[], read: (file: string) => string | undefined): void {
  const byModule = new Map<string, Map<string, number>>();
  for (const entry of entries) {
    if (entry.deck.durationMinutes !== undefined || !entry.moduleDir) continue;
    let table = byModule.get(entry.moduleDir);
    if (!table) {
      const readme = files.find((f) => f.toLowerCase() === `${entry.moduleDir}/readme.md`.toLowerCase());
      const text = readme ? read(readme) : undefined;
      table = readme && text ? moduleDurations(readme, text) : new Map<string, number>();
      byModule.set(entry.moduleDir, table);
    }
    const minutes = table.get(entry.file);
    if (minutes !== undefined) entry.deck.durationMinutes = minutes;
  }
}
