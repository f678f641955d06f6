/**
 * The fit pass (src/fit) in a real Chromium with the real theme CSS: long
 * lists become continuation slides, long code is scaled (never below the
 * minimum) and cut at line boundaries, notes travel with their content, and a
 * second pass over the result finds nothing left to do. Measurements are
 * cached by content, so a warm run never asks for a browser.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserService } from '../../src/browser/browserService.ts';
import { fitDeck, type FitDeckResult } from '../../src/fit/fitDeck.ts';
import { FIT_ORIGIN, fitStyles } from '../../src/fit/fitStyles.ts';
import { createCodeHighlighter, parseFenceInfo, type CodeHighlighter } from '../../src/render/highlight.ts';
import { loadTheme } from '../../src/render/themes.ts';
import type { Deck } from '../../src/slides/model.ts';
import { sliceLesson } from '../../src/slides/slice.ts';

let browser: BrowserService;
let highlighter: CodeHighlighter;
let cacheDir: string;
const theme = loadTheme('light')!;
const noBrowser = () => Promise.reject(new Error('a warm run must not need a browser'));

beforeAll(async () => {
  [browser, highlighter] = await Promise.all([BrowserService.launch(), createCodeHighlighter()]);
  await highlighter.loadLanguages(['dockerfile']);
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'ld-fit-'));
});
afterAll(async () => {
  await browser?.close();
  await rm(cacheDir, { recursive: true, force: true });
});

function slice(text: string): Deck {
  return sliceLesson({ file: 'lessons/01-fit.md', text, renderCode: (code, info, where) => highlighter.highlight(code, parseFenceInfo(info), where) });
}

async function fit(deck: Deck, cache: string | false = false): Promise<FitDeckResult> {
  return fitDeck(deck, theme, [], { browser: async () => browser, cacheDir: cache });
}

const text = (html: string) => html.replace(/<[^>]+>/g, '');

const LIST_LESSON = `# Fit

## Sixty checks

${Array.from({ length: 60 }, (_, i) => `${i + 1}. Check number ${i + 1} of the release checklist is done`).join('\n')}

<!-- notes -->
The notes of the checklist.
`;

const DOCKERFILE = Array.from({ length: 45 }, (_, i) => (i % 5 === 0 ? `# stage ${i}` : `RUN echo "step ${i}" && touch /tmp/file-${i}`)).join('\n');
const CODE_LESSON = `# Code\n\n## The Dockerfile\n\n\`\`\`dockerfile\n${DOCKERFILE}\n\`\`\`\n`;

describe('fit pass', () => {
  it('cuts a 60-item list into continuation slides that each fit, numbering and notes kept', async () => {
    const deck = slice(LIST_LESSON);
    const { deck: fitted, diagnostics } = await fit(deck);
    const parts = fitted.slides.filter((s) => s.title === 'Sixty checks');
    expect(parts.length).toBeGreaterThanOrEqual(3);
    parts.forEach((s, i) => {
      expect(s.part).toEqual({ index: i + 1, total: parts.length });
      expect(s.html).toContain(`(${i + 1}/${parts.length})`);
      expect(s.level).toBe(i === 0 ? 'h' : 'v');
    });
    expect(new Set(fitted.slides.map((s) => s.id)).size).toBe(fitted.slides.length);
    expect(parts[0]!.id).toBe('sixty-checks');
    // Every item once, in order, and ordered lists continue their numbering.
    const items = parts.flatMap((s) => [...s.html.matchAll(/Check number (\d+) /g)].map((m) => Number(m[1])));
    expect(items).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    for (const s of parts.slice(1)) expect(s.html).toMatch(/<ol start="\d+"/);
    expect(parts.map((s) => s.notesHtml).join('')).toContain('The notes of the checklist.');
    expect(diagnostics).toEqual([]);
    // A fixed point: fitting the fitted deck again changes nothing.
    const again = await fit(fitted);
    expect(again.deck.slides.map((s) => s.html)).toEqual(fitted.slides.map((s) => s.html));
  });

  it('shows a 45-line Dockerfile as one walkthrough: a window of the lines that fit, steps covering every line', async () => {
    const { deck: fitted, diagnostics } = await fit(slice(CODE_LESSON));
    const slides = fitted.slides.filter((s) => s.title === 'The Dockerfile');
    expect(slides).toHaveLength(1);
    const html = slides[0]!.html;
    expect(html).toContain('data-ld-walkthrough');
    const window = Number(/data-ld-window="(\d+)"/.exec(html)?.[1]);
    expect(window).toBeGreaterThan(10);
    expect(window).toBeLessThan(45);
    // Steps: contiguous ranges from line 1 to 45, none longer than the window.
    const steps = /data-steps="([^"]+)"/.exec(html)![1]!.split('|').map((r) => r.split('-').map(Number) as [number, number]);
    expect(steps[0]![0]).toBe(1);
    expect(steps.at(-1)![1]).toBe(45);
    for (const [i, [from, to]] of steps.entries()) {
      expect(to - from + 1).toBeLessThanOrEqual(window);
      if (i > 0) expect(from).toBe(steps[i - 1]![1] + 1);
    }
    expect(html.match(/class="fragment ld-code-step"/g)).toHaveLength(steps.length - 1);
    // The whole file is there, once.
    const lines = [...html.matchAll(/<span class="line"[^>]*>(.*?)<\/span>(?=\n|<\/code>)/g)].map((m) => text(m[1]!));
    expect(lines.join('\n').replace(/&quot;/g, '"').replace(/&amp;/g, '&')).toBe(DOCKERFILE);
    expect(diagnostics).toEqual([]);
    const again = await fit(fitted);
    expect(again.deck.slides.map((s) => s.html)).toEqual(fitted.slides.map((s) => s.html));
  });

  it('with longCode: split, scales a 45-line Dockerfile down (never under 16 px) and cuts it at line boundaries', async () => {
    const { deck: fitted, diagnostics, stats } = await fit(slice(`---\nlongCode: split\n---\n${CODE_LESSON}`));
    const parts = fitted.slides.filter((s) => s.title === 'The Dockerfile');
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(stats.scaled).toBeGreaterThan(0);
    for (const s of parts) {
      const size = Number(/<pre[^>]*style="[^"]*font-size:\s*([\d.]+)px/.exec(s.html)?.[1]);
      expect(size).toBeGreaterThanOrEqual(16);
      expect(size).toBeLessThan(18);
    }
    const lines = parts.flatMap((s) => [...s.html.matchAll(/<span class="line"[^>]*>(.*?)<\/span>(?=\n|<\/code>)/g)].map((m) => text(m[1]!)));
    expect(lines.join('\n').replace(/&quot;/g, '"').replace(/&amp;/g, '&')).toBe(DOCKERFILE);
    expect(diagnostics).toEqual([]);
    const again = await fit(fitted);
    expect(again.deck.slides.map((s) => s.html)).toEqual(fitted.slides.map((s) => s.html));
  });

  it('packs a section the slicer spread too cautiously into fewer slides, its list whole again', async () => {
    const lesson = `# Pack\n\n## Short checklist\n\nBefore a release, the person cutting it reads the list below once more and ticks each item.\n\nEach line is short, so the whole list fits on one slide next to these two sentences.\n\n${Array.from({ length: 8 }, (_, i) => `${i + 1}. Item ${i + 1} is ticked`).join('\n')}\n`;
    const deck = slice(lesson);
    const spread = deck.slides.filter((s) => s.title === 'Short checklist');
    expect(spread.length).toBeGreaterThan(1); // the static estimate spreads it
    const { deck: fitted, diagnostics } = await fit(deck);
    const packed = fitted.slides.filter((s) => s.title === 'Short checklist');
    expect(packed).toHaveLength(1);
    expect(packed[0]!.part).toBeUndefined();
    expect(packed[0]!.id).toBe(spread[0]!.id);
    expect(packed[0]!.html.match(/<ol\b/g)).toHaveLength(1);
    expect([...packed[0]!.html.matchAll(/Item (\d+) is ticked/g)].map((m) => Number(m[1]))).toEqual(Array.from({ length: 8 }, (_, i) => i + 1));
    expect(diagnostics).toEqual([]);
  });

  it('sets two short files side by side on one slide, and a third big block on a slide of its own', async () => {
    const code = (name: string) => `\`\`\`dockerfile\n${Array.from({ length: 8 }, (_, i) => `RUN echo ${name} ${i}`).join('\n')}\n\`\`\``;
    const { deck: two } = await fit(slice(`# Two\n\n## Build and run\n\n${code('build')}\n\n${code('run')}\n`));
    const pair = two.slides.filter((s) => s.title === 'Build and run');
    expect(pair).toHaveLength(1);
    expect(pair[0]!.html.match(/<pre\b/g)).toHaveLength(2);
    expect(pair[0]!.html).toMatch(/class="ld-cols" style="--ld-cols: 2;?"/);
    const { deck: three } = await fit(slice(`# Three\n\n## Build, run, test\n\n${code('build')}\n\n${code('run')}\n\n${code('test')}\n`));
    const parts = three.slides.filter((s) => s.title === 'Build, run, test');
    expect(parts).toHaveLength(2);
    expect(parts.map((s) => s.html.match(/<pre\b/g)?.length)).toEqual([2, 1]);
  });

  it('keeps a too-wide command with the step it belongs to, and a "2. Do this:" step with its code', async () => {
    const wide = `kubectl get endpoints kubernetes -n default -o jsonpath='${'{.subsets[0].addresses[0].ip}'.repeat(4)}'`;
    const yaml = Array.from({ length: 24 }, (_, i) => `key${i}: value ${i}`).join('\n');
    const lesson = `# Steps\n\n## Lock it down\n\n1. Find the endpoint:\n\n\`\`\`bash\n${wide}\n\`\`\`\n\n2. Save this file:\n\n\`\`\`yaml\n${yaml}\n\`\`\`\n`;
    const { deck: fitted, diagnostics } = await fit(slice(lesson));
    const parts = fitted.slides.filter((s) => s.title === 'Lock it down');
    // The wide command is wrapped or shrunk next to its step, not sent to a slide of its own.
    const withCommand = parts.find((s) => s.html.includes('kubectl get endpoints'))!;
    expect(withCommand.html).toContain('Find the endpoint:');
    // The lead-in step travels with its code.
    const withYaml = parts.find((s) => s.html.includes('key0'))!;
    expect(withYaml.html).toContain('Save this file:');
    expect(diagnostics).toEqual([]);
  });

  it('honours fit: false in front matter and <!-- fit: none --> on a slide', async () => {
    const off = await fit(slice(`---\nfit: false\n---\n${LIST_LESSON}`));
    expect(off.deck.slides.length).toBe(slice(LIST_LESSON).slides.length);
    const slideOff = slice(LIST_LESSON.replace('## Sixty checks\n', '## Sixty checks\n\n<!-- fit: none -->\n'));
    expect(slideOff.slides.find((s) => s.title === 'Sixty checks')!.fit).toBe('none');
    expect(slideOff.slides.some((s) => s.html.includes('fit: none'))).toBe(false);
    const result = await fit(slideOff);
    expect(result.stats.split).toBe(0);
    expect(result.diagnostics).toEqual([]);
  });

  it('reports what cannot fit with file:line, and scale mode never splits', async () => {
    const huge = `# X\n\n## Wall\n\n<!-- fit: scale -->\n\n${'A very long paragraph that nobody should put on a slide. '.repeat(120)}\n`;
    const deck = sliceLesson({ file: 'lessons/wall.md', text: `---\nproseToNotes: false\n---\n${huge}` });
    const { deck: fitted, diagnostics } = await fit(deck);
    expect(fitted.slides.filter((s) => s.title === 'Wall')).toHaveLength(1);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ file: 'lessons/wall.md', line: 10, severity: 'error', rule: 'overflow' });
  });

  it('caches measurements by content: a warm run measures nothing and starts no browser', async () => {
    const deck = slice(LIST_LESSON);
    const cold = await fit(deck, cacheDir);
    expect(cold.stats.measured).toBeGreaterThan(0);
    const warm = await fitDeck(deck, theme, [], { browser: noBrowser, cacheDir });
    expect(warm.stats.measured).toBe(0);
    expect(warm.stats.fromCache).toBe(cold.stats.measured);
    expect(warm.deck.slides.map((s) => s.html)).toEqual(cold.deck.slides.map((s) => s.html));
  });
});

describe('fit pass: sharing a list over two parts', () => {
  it('splits a list that ends its section and needs one more part evenly, not a full part and a stub', async () => {
    // Items too long for two columns, so the list is cut.
    const items = Array.from({ length: 16 }, (_, i) => `${i + 1}. Question ${i + 1} about the permissions of the service account`).join('\n');
    const { deck: fitted } = await fit(slice(`# Fit\n\n## Review questions\n\nAsk these before every release:\n\n${items}\n`));
    const parts = fitted.slides.filter((s) => s.title === 'Review questions');
    expect(parts.length).toBe(2);
    const counts = parts.map((s) => (s.html.match(/<li>/g) ?? []).length);
    expect(counts[0]! + counts[1]!).toBe(16);
    expect(Math.abs(counts[0]! - counts[1]!)).toBeLessThanOrEqual(1);
    expect(parts[1]!.html).toMatch(new RegExp(`<ol start="${counts[0]! + 1}"`));
  });
});

describe('fit pass: where long code is cut', () => {
  it('moves a cut to a nearby YAML document separator when the pieces still fit', async () => {
    // Two documents (16 and 19 lines) with a --- between: too long for one slide, and the even
    // cut (line 18) falls inside the second document.
    const doc = (name: string, n: number) => [`kind: ConfigMap`, `metadata:`, `  name: ${name}`, `data:`, ...Array.from({ length: n - 4 }, (_, i) => `  key${i}: value-${i}`)];
    const yaml = [...doc('first', 16), '---', ...doc('second', 19)].join('\n');
    const { deck: fitted, diagnostics } = await fit(slice(`---\nlongCode: split\n---\n# Code\n\n## Two config maps\n\n\`\`\`yaml\n${yaml}\n\`\`\`\n`));
    const parts = fitted.slides.filter((s) => s.title === 'Two config maps');
    expect(parts).toHaveLength(2);
    const lines = parts.map((s) => text(s.html.slice(s.html.indexOf('<code'))).split('\n').map((l) => l.trim()));
    expect(lines[0]!.at(-1) === '' ? lines[0]!.at(-2) : lines[0]!.at(-1)).toBe('key11: value-11');
    expect(lines[1]![0]).toBe('---');
    expect(diagnostics).toEqual([]);
  });
});

describe('fit pass on slide-first decks', () => {
  it('keeps the heading that opens a slide on every part, never alone on a slide', async () => {
    const deck = slice(`---\nlongCode: split\n---\n# Deck\n\n---\n\n# The whole Dockerfile\n\n\`\`\`dockerfile\n${DOCKERFILE}\n\`\`\`\n\n---\n\n# Next\n\nText.\n`);
    const { deck: fitted } = await fit(deck);
    const parts = fitted.slides.filter((s) => s.title === 'The whole Dockerfile');
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, part] of parts.entries()) {
      expect(part.html.startsWith('<h1>The whole Dockerfile'), part.html.slice(0, 80)).toBe(true);
      expect(part.html, 'code on every part').toContain('<pre');
      expect(part.html).toContain(`(${i + 1}/${parts.length})`);
    }
  });
});

describe('fit stylesheet', () => {
  it('names every font file the theme uses by a fixed URL, mapped to a file that exists', () => {
    for (const name of ['light', 'dark', 'high-contrast']) {
      const styles = fitStyles(loadTheme(name)!);
      // Everything but inline data: a font from anywhere else would not load.
      const urls = [...styles.css.matchAll(/url\(["']?([^"')]+)["']?\)/g)].map((m) => m[1]!).filter((url) => !url.startsWith('data:'));
      expect(urls.length).toBeGreaterThan(0);
      for (const url of urls) {
        const { origin, pathname } = new URL(url);
        expect(origin).toBe(FIT_ORIGIN);
        // The URL says nothing about where the package manager put the file.
        expect(pathname).toMatch(/^\/fonts\/\d+-[\w.-]+\.woff2?$/);
        const file = styles.fontFiles.get(pathname);
        expect(file && existsSync(file), pathname).toBe(true);
      }
      expect(styles.fontFiles.size).toBe(new Set(urls).size);
    }
  });
});
