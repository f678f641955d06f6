/**
 * Notes on every content slide made from a document: the slide's own words
 * (sentences, list items, code comments, what a diagram connects) when the
 * document left no prose for its notes; written notes and slide-first decks
 * are left exactly as they are.
 */
import { describe, expect, it } from 'vitest';
import { sliceLesson } from '../../src/slides/slice.ts';
import { SCRIPT_CLASS, scriptFor, topLevelElements, withSpeakerScripts } from '../../src/slides/speakerScript.ts';
import { htmlToText } from '../../src/search/htmlText.ts';

const LESSON = `# Script

## Pipeline

Every build goes through the same stations:

\`\`\`mermaid
flowchart LR
  A[Commit] --> B[Build] --> C[Deploy]
\`\`\`

## Image

\`\`\`dockerfile
# Build stage: compile once
FROM golang:1.22 AS build
RUN go build ./...
# Runtime stage: nothing but the binary
FROM gcr.io/distroless/static
\`\`\`

## Benefits

**Speed:**
- Builds are cached
- Tests run in parallel

## Explained

A paragraph long enough to be moved to the speaker notes because it explains at length why the pipeline exists, who owns it, what it costs every month, and what happens when it breaks at night.

- One point on the slide
`;

describe('speaker script', () => {
  const deck = withSpeakerScripts(sliceLesson({ file: 'x.md', text: LESSON }), () => 'Flowchart: Commit, Build, Deploy: Commit → Build; Build → Deploy.');
  const slide = (title: string) => deck.slides.find((s) => s.title === title)!;

  it('gives every content slide notes', () => {
    for (const s of deck.slides.filter((s) => s.kind === 'content')) expect(htmlToText(s.notesHtml), s.title).not.toBe('');
  });

  it('copies the sentence that introduces a diagram and says what the diagram connects', () => {
    const notes = slide('Pipeline').notesHtml;
    expect(notes).toContain(`class="${SCRIPT_CLASS}"`);
    expect(htmlToText(notes)).toContain('Every build goes through the same stations:');
    expect(htmlToText(notes)).toContain('Commit → Build');
  });

  it('names the code and lists the comments that explain it', () => {
    const text = htmlToText(slide('Image').notesHtml);
    expect(text).toMatch(/Code \(dockerfile, 5 lines\)/);
    expect(text).toContain('Build stage: compile once');
    expect(text).toContain('Runtime stage: nothing but the binary');
  });

  it('copies lead-ins and list items', () => {
    const text = htmlToText(slide('Benefits').notesHtml);
    expect(text).toContain('Speed:');
    expect(text).toContain('Builds are cached');
  });

  it('keeps notes the document wrote (prose moved off the slide) as they are', () => {
    const notes = slide('Explained').notesHtml;
    expect(notes).not.toContain(SCRIPT_CLASS);
    expect(notes).toContain('explains at length');
  });

  it('leaves slide-first decks exactly as written', () => {
    const slides = sliceLesson({ file: 'y.md', text: '---\nmode: slides\n---\n# A\n\n- one\n\n---\n\n# B\n\n- two\n' });
    expect(withSpeakerScripts(slides, () => '')).toBe(slides);
  });
});

describe('topLevelElements and scriptFor', () => {
  it('split our markup into its top-level blocks, diagrams included', () => {
    const els = topLevelElements('<p>a <strong>b</strong></p><!--ld-diagram:3:1--><ul><li>x<ul><li>y</li></ul></li></ul><hr><div class="ld-cols"><div class="ld-col"><p>c</p></div></div>');
    expect(els.map((e) => e.tag)).toEqual(['p', '#diagram', 'ul', 'hr', 'div']);
    expect(els[1]!.attrs).toBe('3');
  });

  it('flattens nested lists into their item and describes tables', () => {
    const html = '<ul><li>Parent<ul><li>child one</li><li>child two</li></ul></li></ul><div class="table-wrap"><table><thead><tr><th>Broker</th><th>Use</th></tr></thead><tbody><tr><td>a</td><td>b</td></tr></tbody></table></div>';
    const text = htmlToText(scriptFor(html, () => ''));
    expect(text).toContain('Parent — child one; child two');
    expect(text).toContain('Table — Broker, Use (1 rows)');
  });
});
