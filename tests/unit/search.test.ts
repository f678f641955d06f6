/**
 * The course search index (src/search/) and the diagram text alternatives
 * (src/render/diagramDescription.ts, diagramHtml.ts withDescription): pure
 * functions over the deck model and strings.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import MiniSearch, { type AsPlainObject } from 'minisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourse, type Course } from '../../src/course/loadCourse.ts';
import { describeDiagramEdges } from '../../src/render/diagramDescription.ts';
import { withDescription } from '../../src/render/diagramHtml.ts';
import { buildSearchIndex, searchDocuments, serializeSearchIndex } from '../../src/search/buildIndex.ts';
import { decodeEntities, htmlToText, splitProseAndCode } from '../../src/search/htmlText.ts';
import { MINISEARCH_OPTIONS, QUERY_OPTIONS, processTerm, type SearchDocument } from '../../src/search/searchOptions.ts';

const LESSON = `# Lesson 1: Shipping the Operator

**Duration:** 30 minutes

## Building the image

A multi-stage build keeps the toolchain out of the runtime image, which is why the final stage starts from a distroless base that has no shell and no package manager at all, so there is nothing to patch.

\`\`\`dockerfile
FROM --platform=$BUILDPLATFORM golang:1.23 AS builder
RUN CGO_ENABLED=0 go build -o manager ./cmd
\`\`\`

## Release flow

\`\`\`mermaid
graph LR
  T[git tag] --> B[Build image]
  B -->|signed| P[Publish]
\`\`\`
`;

let root: string;
let course: Course;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ld-search-'));
  await writeFile(path.join(root, 'README.md'), '# Test course\n\nA course.\n');
  await mkdir(path.join(root, 'module-01', 'lessons'), { recursive: true });
  await writeFile(path.join(root, 'module-01', 'README.md'), '# Module 1: Basics\n\nOverview.\n');
  await writeFile(path.join(root, 'module-01', 'lessons', '01-shipping.md'), LESSON);
  course = await loadCourse(root);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function loadIndex(): { search: MiniSearch<SearchDocument>; file: ReturnType<typeof buildSearchIndex> } {
  const file = JSON.parse(serializeSearchIndex(course)) as ReturnType<typeof buildSearchIndex>;
  return { search: MiniSearch.loadJS<SearchDocument>(file.index as AsPlainObject, MINISEARCH_OPTIONS), file };
}

describe('html to text', () => {
  it('decodes the entities markdown-it and shiki emit', () => {
    expect(decodeEntities('&lt;a&gt; &amp; &quot;x&quot; &#39;y&#39; &#x3C;z&#x3E; &nbsp;&unknown;')).toBe('<a> & "x" \'y\' <z>  &unknown;');
  });

  it('drops tags and comments and keeps words of adjacent blocks apart', () => {
    expect(htmlToText('<h2>Title</h2><p>One <strong>two</strong></p><!--ld-diagram:0--><ul><li>three</li><li>four</li></ul>')).toBe('Title One two three four');
  });

  it('separates code blocks from prose', () => {
    const html = '<p>Use a <code>FROM</code> line.</p><div class="code-block"><pre class="shiki"><code><span class="line"><span>FROM</span><span> golang</span></span>\n<span class="line"><span>RUN</span><span> make</span></span></code></pre></div>';
    expect(splitProseAndCode(html)).toEqual({ text: 'Use a FROM line.', code: 'FROM golang RUN make' });
  });
});

describe('search documents', () => {
  it('has one document per slide of every deck but the course README, with title, prose, code and notes', () => {
    const { decks, documents } = searchDocuments(course);
    expect(decks.map((d) => d.page)).toEqual(['module-01/index.html', 'module-01/lessons/01-shipping.html']);
    const lesson = course.decks.find((d) => d.kind === 'lesson')!;
    expect(documents.filter((d) => d.deck === 1).map((d) => d.slide)).toEqual(lesson.deck.slides.map((s) => s.id));
    expect(decks[1]!.module).toBe('Module 1: Basics');

    const build = documents.find((d) => d.title === 'Building the image')!;
    expect(build.code).toContain('BUILDPLATFORM');
    expect(build.text).not.toContain('BUILDPLATFORM');
    expect(build.notes).toContain('distroless base');
    expect(build.text).not.toContain('distroless');
  });

  it('indexes a diagram as its nodes', () => {
    const flow = searchDocuments(course).documents.find((d) => d.title === 'Release flow')!;
    expect(flow.text).toContain('Publish');
  });
});

describe('search index', () => {
  it('stores only what a result shows: deck, slide id and title', () => {
    const { file } = loadIndex();
    const stored = (file.index as { storedFields: Record<string, Record<string, unknown>> }).storedFields;
    for (const fields of Object.values(stored)) expect(Object.keys(fields).sort()).toEqual(['deck', 'slide', 'title']);
    expect(JSON.stringify(file.index)).not.toContain('nothing to patch');
  });

  it('finds a phrase from the notes, a word from a Dockerfile, with typos and as a prefix', () => {
    const { search } = loadIndex();
    const titles = (query: string) => search.search(query, QUERY_OPTIONS).map((r) => (r as unknown as SearchDocument).title);
    expect(titles('no shell and no package manager')[0]).toBe('Building the image');
    expect(titles('BUILDPLATFORM')).toEqual(['Building the image']);
    expect(titles('buildplatfrom')).toEqual(['Building the image']);
    expect(titles('distrol')).toEqual(['Building the image']);
    expect(titles('CGO_ENABLED')).toEqual(['Building the image']);
    expect(titles('publish signed')).toEqual(['Release flow']);
  });

  it('drops stop words and one-letter terms, for the index and queries alike', () => {
    expect(processTerm('The')).toBeNull();
    expect(processTerm('a')).toBeNull();
    expect(processTerm('Operator')).toBe('operator');
  });

  it('is deterministic', () => {
    expect(serializeSearchIndex(course)).toBe(serializeSearchIndex(course));
  });
});

describe('diagram descriptions', () => {
  it('lists the connections of a flowchart with edge labels and node labels', () => {
    expect(describeDiagramEdges('graph TD\n  A[Start] --> B{"Is it <b>ok</b>?"}\n  B -->|yes| C((Done))\n  B -- no --> A\n  A & B --> D[Log<br/>it]')).toBe(
      'Start → Is it ok?; Is it ok? → Done (yes); Is it ok? → Start (no); Start → Log it; Is it ok? → Log it.',
    );
  });

  it('lists sequence messages and state transitions', () => {
    expect(describeDiagramEdges('sequenceDiagram\n participant K as kube-apiserver\n K->>+W: AdmissionReview\n W-->>-K: allowed')).toBe('kube-apiserver → W: AdmissionReview; W → kube-apiserver: allowed.');
    expect(describeDiagramEdges('stateDiagram-v2\n [*] --> Idle\n Idle --> Busy : start\n Busy --> [*]')).toBe('start → Idle; Idle → Busy (start); Busy → end.');
  });

  it('is empty for kinds without edges and for skipped statements', () => {
    expect(describeDiagramEdges('pie title Pets\n "Dogs" : 3')).toBe('');
    expect(describeDiagramEdges('graph LR\n  style A fill:#fff\n  classDef x fill:#000')).toBe('');
  });

  it('adds the description to the SVG after its title, referenced by aria-describedby', () => {
    const svg = '<svg id="mmd-1" role="img" aria-labelledby="mmd-1-title"><title id="mmd-1-title">Flowchart: A, B</title><g></g></svg>';
    const out = withDescription(svg, 'A → B <x>.');
    expect(out).toBe('<svg aria-describedby="mmd-1-desc" id="mmd-1" role="img" aria-labelledby="mmd-1-title"><title id="mmd-1-title">Flowchart: A, B</title><desc id="mmd-1-desc">A → B &lt;x&gt;.</desc><g></g></svg>');
    expect(withDescription(out, 'again')).toBe(out);
    expect(withDescription(svg, '')).toBe(svg);
  });
});
