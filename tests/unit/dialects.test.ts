/**
 * Golden tests for other tools' markdown (src/dialects): each fixture in
 * tests/golden/dialects/*.md (written for these tests) is sliced and its
 * slides, notes, section attributes and diagnostics are compared with the
 * `.slides.txt` beside it. Run `npx vitest run tests/unit/dialects.test.ts -u`
 * after an intended change and read the diff before committing it.
 * Beside the goldens, properties every fixture must keep: no other tool's
 * markup shows as text on a slide, notes are where their authors put them,
 * and every word of the source is on a slide or in the notes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sliceLesson } from '../../src/slides/slice.ts';
import type { Deck } from '../../src/slides/model.ts';
import type { CourseDialectHints } from '../../src/dialects/context.ts';
import { htmlToText } from '../../src/search/htmlText.ts';
import { escapeHtml } from '../../src/slides/renderEnv.ts';

const DIR = path.resolve(import.meta.dirname, '../golden/dialects');
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.md')).sort();

/** Where each fixture sits in its course, and what the course says (the Jekyll one is in a Jekyll site). */
const PLACE: Record<string, { file: string; hints?: CourseDialectHints }> = {
  'jekyll.md': {
    file: 'module-02/lessons/04-queues.md',
    hints: { jekyllSite: true, site: { title: 'Messaging Course' }, siteUrls: new Map([['/labs/queues/', 'module-02/labs/lab-04-queues.md'], ['/', 'index.md']]) },
  },
};

function sliceFixture(name: string): Deck {
  const place = PLACE[name] ?? { file: `module-01/lessons/${name}` };
  return sliceLesson({ file: place.file, text: readFileSync(path.join(DIR, name), 'utf8'), ...(place.hints ? { dialectHints: place.hints } : {}) });
}

function serialize(deck: Deck): string {
  const lines = [`mode: ${deck.mode}`, `title: ${deck.title}`];
  deck.slides.forEach((slide, i) => {
    const attrs = slide.attributes?.length ? `  {${slide.attributes.map(([k, v]) => `${k}="${v}"`).join(' ')}}` : '';
    lines.push('', `== ${i + 1} [${slide.level} ${slide.kind}] ${slide.title}${attrs}`, slide.html.trim());
    if (slide.notesHtml) lines.push('-- notes', slide.notesHtml.trim());
  });
  if (deck.diagnostics.length) lines.push('', 'diagnostics:', ...deck.diagnostics.map((d) => `  ${d.line} ${d.severity} ${d.rule}: ${d.message}`));
  return `${lines.join('\n')}\n`;
}

/** Slide text a viewer reads (code blocks left out: code may legitimately contain `{{ }}`). */
function visibleText(deck: Deck): string {
  // A formula KaTeX could not read is shown as its source on purpose (with an error): not a leak.
  return deck.slides.map((s) => htmlToText(s.html.replace(/<pre\b[\s\S]*?<\/pre>/g, ' ').replace(/<math\b[\s\S]*?<\/math>/g, ' ').replace(/<code class="ld-math-error"[\s\S]*?<\/code>/g, ' '))).join('\n');
}

/** Another tool's markup, as it would look if it leaked onto a slide as text. */
const RAW_MARKERS: [string, RegExp][] = [
  ['GitHub alert', /\[![A-Z]+\]/],
  ['kramdown attribute list', /\{:\s*[.#\w]|\{:toc\}/],
  ['Liquid', /\{%|%\}|\{\{\s*(site|page)\./],
  ['MkDocs admonition', /(^|\s)(!!!|\?\?\?\+?)\s+\w/],
  ['MkDocs tab', /===\s*"/],
  ['container fence', /(^|\s):::/],
  ['Slidev slot', /::(left|right|default)::/],
  ['Slidev click', /v-clicks?\b/],
  ['reveal attribute comment', /\.(element|slide):/],
  ['slide front matter', /\blayout:\s*(two-cols|cover|center|image)/],
  ['remark class', /\.[a-z][\w-]*\[/],
  ['remark notes', /(^|\n)\s*\?\?\?\s*($|\n)/],
  ['Marp directive', /\b_?(class|paginate|backgroundColor):\s/],
  ['notes separator', /(^|\s)notes?:\s/i],
  ['math source', /\$\$|\\frac|\\lambda/],
  ['MDX', /import \w+ from|\{\/\*/],
];

/** The words of a fixture an author wrote for people, markup of every dialect taken out. */
function sourceWords(text: string): string[] {
  const body = text
    .replace(/^---\n[\s\S]*?\n---\n/, '') // front matter
    .replace(/^---\n(?:[A-Za-z_][\w-]*:.*\n)+---$/gm, '') // Slidev per-slide front matter
    .replace(/^(?:import|export) .*$/gm, '') // MDX
    .replace(/^(?:class|name|layout|exclude|background-image|template|count): .*$/gm, '') // remark properties
    .replace(/<!--\s*_?(?:class|paginate|backgroundColor|header|footer)\s*:[^>]*-->/g, '') // Marp directives
    .replace(/<!--\s*\.(?:element|slide):[^>]*-->/g, '') // reveal attributes
    .replace(/\{%\s*(?:comment)\s*%\}[\s\S]*?\{%\s*endcomment\s*%\}/g, '') // Liquid comments are for the author
    .replace(/\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}/g, ' ') // Liquid tags and values (their results are checked by the goldens)
    .replace(/\{:[^}]*\}|\{\s*[.#][^}]*\}/g, ' ') // attribute lists
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, ' ') // MDX comments
    .replace(/<(style|script)\b[\s\S]*?<\/\1>/g, ' ') // CSS and scripts are not words for people
    .replace(/^(\s*(?:```|~~~))\s*\S.*$/gm, '$1') // fence info strings
    .replace(/\[![A-Z]+\]/g, ' ') // GitHub alert markers
    .replace(/::[\w-]+::/g, ' ') // Slidev slots
    .replace(/<[^>]+>/g, ' ') // tags and their attributes
    .replace(/\$\$?[^$\n]+\$\$?/g, ' ') // inline math (typeset, checked separately)
    .replace(/```math[\s\S]*?```|^\$\$[\s\S]*?^\$\$/gm, ' ') // display math
    .replace(/\]\([^)]*\)/g, ']') // link targets
    .replace(/^(?:!!!|\?\?\?\+?|===!?|:{3,})\s*\w*/gm, ' ') // admonition and tab openers (their titles stay)
    .replace(/\b(?:notes?|speaker):/gi, ' ')
    .replace(/\.[a-z][\w.-]*\[/g, ' ');
  return [...new Set(body.match(/[A-Za-z][A-Za-z'-]{3,}/g) ?? [])].map((w) => w.replace(/^'|'$/g, ''));
}

describe.each(FIXTURES)('%s', (name) => {
  const deck = sliceFixture(name);

  it('matches its golden slides', async () => {
    await expect(serialize(deck)).toMatchFileSnapshot(path.join(DIR, name.replace(/\.md$/, '.slides.txt')));
  });

  it('shows no other tool’s markup as text on any slide', () => {
    const text = visibleText(deck);
    const leaks = RAW_MARKERS.filter(([, pattern]) => pattern.test(text)).map(([what]) => what);
    expect(leaks).toEqual([]);
  });

  it('keeps every word of the source on a slide or in the notes', () => {
    const alts = deck.slides.flatMap((s) => [...`${s.html}${s.notesHtml}`.matchAll(/\salt="([^"]*)"/g)].map((m) => m[1]));
    const all = decodeWords(`${deck.slides.map((s) => `${htmlToText(s.html)} ${htmlToText(s.notesHtml)} ${s.title}`).join(' ')} ${deck.title} ${alts.join(' ')} ${deck.diagrams.map((d) => d.source).join(' ')}`);
    const missing = sourceWords(readFileSync(path.join(DIR, name), 'utf8')).filter((w) => !all.includes(w));
    expect(missing).toEqual([]);
  });
});

function decodeWords(text: string): string {
  return text.replace(/&#39;/g, "'");
}

/** Notes where their authors put them: in the speaker notes of that slide, never on a slide. */
describe('speaker notes by dialect', () => {
  const cases: [string, number, string][] = [
    ['reveal.md', 0, 'Start by asking what the slowest call'],
    ['reveal.md', 1, 'The app owns the logic'],
    ['reveal.md', 2, 'Writes are slower'],
    ['reveal.md', 3, 'A cache without expiry'],
    ['reveal-separators.md', 0, 'These words are for the presenter'],
    ['reveal-separators.md', 2, 'Only the presenter sees this'],
    ['slidev.md', 0, 'Open with the story of a release'],
    ['slidev.md', 1, 'Ask which kind they have more of'],
    ['slidev.md', 5, 'End with the cleanup checklist'],
    ['remark.md', 0, 'Ask who has load tested'],
    ['remark.md', 1, 'Most teams pick k6'],
    ['marp.md', 0, 'nobody gets blamed'],
    ['marp.md', 1, 'The gap between start and notice'],
    ['marp.md', 2, 'three actions that happen'],
    ['marp-heading-divider.md', 2, 'A note for the second point'],
  ];
  it.each(cases)('%s slide %i: "%s"', (name, index, words) => {
    const deck = sliceFixture(name);
    expect(htmlToText(deck.slides[index]!.notesHtml)).toContain(words);
    for (const slide of deck.slides) expect(htmlToText(slide.html)).not.toContain(words);
  });

  it('a Slidev comment that does not end its slide stays a comment', () => {
    const deck = sliceFixture('slidev.md');
    const rollout = deck.slides.find((s) => s.title === 'Rollout steps')!;
    expect(rollout.html).toContain('<!-- This comment is not last');
    expect(rollout.notesHtml).toBe('');
  });
});

describe('what dialects mean, beyond text', () => {
  it('GitHub alerts, MkDocs and Docusaurus admonitions become titled callouts; collapsibles are open', () => {
    const html = ['github.md', 'mkdocs.md', 'docusaurus.md'].map((n) => sliceFixture(n).slides.map((s) => s.html).join('\n')).join('\n');
    for (const kind of ['note', 'tip', 'important', 'warning', 'danger']) expect(html).toContain(`admonition-${kind}`);
    expect(html).toMatch(/<details open class="admonition[^"]*"><summary class="admonition-title">Why is my build slow on Mondays\?<\/summary>/);
    expect(html).toContain('<details open>');
    expect(html).toContain('<p class="admonition-title">Tag from main</p>');
  });

  it('math is MathML, typeset at build time; prices stay prices; a broken formula is an error at its line', () => {
    const deck = sliceFixture('math.md');
    const html = deck.slides.map((s) => s.html).join('\n');
    expect(html.match(/<math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML"/g)?.length).toBeGreaterThanOrEqual(4);
    expect(html).toContain('costs $20 a month, or $200 a year, and a $5 coupon');
    expect(deck.diagnostics).toContainEqual(expect.objectContaining({ rule: 'math-syntax', severity: 'error', line: 19 }));
  });

  it('Slidev two-cols is one two-column block under the slide heading; clicks are fragments', () => {
    const deck = sliceFixture('slidev.md');
    const cols = deck.slides[1]!;
    expect(cols.html).toMatch(/^<h1>Two kinds of toggle<\/h1><div class="ld-two-cols"><div class="ld-col"><ul>/);
    expect(cols.attributes).toContainEqual(['class', 'ld-layout-two-cols']);
    const rollout = deck.slides.find((s) => s.title === 'Rollout steps')!;
    expect(rollout.html.match(/<li class="fragment">/g)).toHaveLength(3);
    expect(rollout.html).toContain('<div class="fragment">');
    expect(rollout.html).toContain('<p class="fragment small">');
  });

  it('reveal attributes land on the element before the comment, and on the slide', () => {
    const deck = sliceFixture('reveal.md');
    expect(deck.slides[1]!.html).toContain('<li class="fragment">The app reads the cache first');
    expect(deck.slides[2]).toMatchObject({ level: 'v', attributes: [['data-background-color', '#0f172a'], ['data-transition', 'fade']] });
    expect(deck.slides[2]!.html).toContain('<p style="color: #facc15">');
    expect(deck.slides[2]!.html).toMatch(/<img src="write-path.png" alt="Write path"[^>]* width="400"/);
  });

  it('Jekyll: the # heading names the page, Liquid links become course links, kramdown classes apply', () => {
    const deck = sliceFixture('jekyll.md');
    expect(deck.title).toBe('Lesson 2.4: Working with Message Queues');
    const html = deck.slides.map((s) => s.html).join('\n');
    expect(html).toContain('href="../labs/lab-04-queues.md"');
    expect(html).toContain('href="03-caching.md"');
    expect(html).toContain('<p class="warning admonition admonition-warning ld-callout-labelled" data-callout-title="Warning">');
    expect(html).toContain('<em class="text-green-200">idempotent</em>');
    expect(html).toContain('of Messaging Course.');
    expect(deck.diagnostics.filter((d) => d.rule === 'unrendered').map((d) => d.line)).toEqual([59]);
  });

  it('a document with --- between its sections is a document, and says so', () => {
    const deck = sliceFixture('mode-document.md');
    expect(deck.mode).toBe('document');
    expect(deck.slides.filter((s) => s.level === 'v').length).toBeGreaterThanOrEqual(8);
    expect(deck.diagnostics).toContainEqual(expect.objectContaining({ severity: 'info', rule: 'mode', message: expect.stringContaining('mode: slides') }));
    const slides = sliceFixture('mode-slides.md');
    expect(slides.mode).toBe('slides');
    expect(slides.diagnostics).toContainEqual(expect.objectContaining({ severity: 'info', rule: 'mode', message: expect.stringContaining('mode: document') }));
  });

  it('raw HTML: styles kept (an SVG’s scoped to it), scripts dropped with a warning, wrappers kept whole', () => {
    const deck = sliceFixture('html.md');
    const html = deck.slides.map((s) => s.html + s.notesHtml).join('\n');
    expect(html).toContain('.reveal .big-number { font-size: 3em');
    expect(html).toContain('<style>@scope {rect { fill: #15803d; }}</style>');
    expect(html).not.toContain('<script');
    expect(deck.diagnostics.filter((d) => d.rule === 'script-dropped').map((d) => d.line)).toEqual([13, 15]);
    const stray = deck.slides.find((s) => s.title === 'A stray closing tag')!;
    expect(stray.html).not.toContain('</div>');
    expect(deck.diagnostics).toContainEqual(expect.objectContaining({ rule: 'html-unbalanced', line: 32 }));
    const wrapper = deck.slides.find((s) => s.title === 'A wrapper with markdown inside')!;
    expect(wrapper.html).toMatch(/<div class="two-up">[\s\S]*left point[\s\S]*well over the usual limit[\s\S]*<\/div>/);
    expect(wrapper.notesHtml).toBe('');
  });
});

// Keeps escapeHtml imported for readers extending the serializer with raw values.
void escapeHtml;
