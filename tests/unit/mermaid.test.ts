import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserService } from '../../src/browser/browserService.ts';
import { formatDiagnostic } from '../../src/diagnostics.ts';
import {
  describeDiagram,
  renderDiagrams,
  uniquifySvgIds,
  type DiagramRequest,
  type DiagramResult,
  type MermaidRenderOptions,
} from '../../src/render/mermaid.ts';

const BROWSER_TIMEOUT = 60_000;
const FONT_DIR = path.resolve('node_modules/@fontsource/inter/files');
const fontFaces = [400, 600, 700].map((weight) => ({
  family: 'Inter',
  file: path.join(FONT_DIR, `inter-latin-${weight}-normal.woff2`),
  weight,
}));

const FLOWCHART = `graph TB
  A[Start here<br/>second line] --> B{Ready?}
  B -->|yes| C[Ship it]
  style A fill:#90EE90`;
const SEQUENCE = `sequenceDiagram
  participant A as Alice
  participant B as Bob
  A->>B: Hello
  Note over A,B: one<br/>two`;
const STATE = `stateDiagram-v2
  [*] --> Idle
  Idle --> Busy: start
  Busy --> [*]`;
const BROKEN = `graph TB
  A --> ]]] oops`;
const HOSTILE = `graph LR
  A["<img src=x onerror=alert(1)>"] --> B["<script>alert(2)</script>"]
  B --> C["<a href='javascript:alert(3)'>link</a>"]`;

const at = (line: number): DiagramRequest['where'] => ({ file: 'lessons/01-intro.md', line });

function okSvg(result: DiagramResult | undefined): string {
  if (!result?.ok) throw new Error(`expected a rendered diagram, got ${JSON.stringify(result)}`);
  return result.svg;
}

describe('mermaid rendering (real Chromium)', { timeout: BROWSER_TIMEOUT }, () => {
  let service: BrowserService;
  let launches = 0;
  let batch: DiagramResult[];
  const baseOptions = (): MermaidRenderOptions => ({
    browser: async () => {
      launches++;
      return service;
    },
    mermaidConfig: { theme: 'default' },
    fontFaces,
    cacheDir: false,
  });

  beforeAll(async () => {
    service = await BrowserService.launch();
    // The broken diagram sits in the middle: it must not stop the ones after it.
    batch = await renderDiagrams(
      [
        { source: FLOWCHART, where: at(3) },
        { source: BROKEN, where: at(42), sourceStart: at(43) },
        { source: SEQUENCE, where: at(50) },
        { source: STATE, where: at(60) },
        { source: HOSTILE, where: at(70) },
      ],
      baseOptions(),
    );
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await service?.close();
  });

  it('renders a flowchart with its style fill and labels as SVG text', () => {
    const svg = okSvg(batch[0]);
    expect(svg).toMatch(/fill:\s*#90EE90/i);
    expect(svg).toMatch(/<tspan[^>]*>Start<\/tspan>/);
    expect(svg).toMatch(/<tspan[^>]*>(?:\s)?second<\/tspan>/);
    expect(svg).toMatch(/<tspan[^>]*>Ship<\/tspan>/);
    expect(svg).not.toContain('<foreignObject');
  });

  it('makes the SVG scalable and accessible', () => {
    const result = batch[0];
    if (!result?.ok) throw new Error('flowchart failed');
    const root = /<svg\b[^>]*>/.exec(result.svg)?.[0] ?? '';
    expect(root).toContain(`id="${result.id}"`);
    expect(result.id).toMatch(/^mmd-[0-9a-f]{12}$/);
    expect(root).toContain('width="100%"');
    expect(root).toMatch(/viewBox="[-\d.]+ [-\d.]+ [\d.]+ [\d.]+"/);
    expect(root).toMatch(/data-width="\d+" data-height="\d+"|data-height="\d+".*data-width="\d+"/);
    expect(root).not.toMatch(/\sheight="/);
    expect(root).not.toContain('max-width');
    expect(root).toContain('role="img"');
    expect(root).toContain(`aria-labelledby="${result.id}-title"`);
    // The title is the first element inside the svg.
    expect(result.svg.slice(root.length)).toMatch(
      new RegExp(`^<title id="${result.id}-title">Flowchart: Start here second line, Ready\\?, Ship it</title>`),
    );
  });

  it('renders <br/> in a sequence-diagram note as two lines', () => {
    const svg = okSvg(batch[2]);
    const one = /<text[^>]*y="([\d.]+)"[^>]*>(?:<tspan[^>]*>)?one</.exec(svg);
    const two = /<text[^>]*y="([\d.]+)"[^>]*>(?:<tspan[^>]*>)?two</.exec(svg);
    expect(one, 'line "one"').not.toBeNull();
    expect(two, 'line "two"').not.toBeNull();
    expect(Number(two?.[1])).toBeGreaterThan(Number(one?.[1]));
    expect(svg).toContain('Sequence diagram between Alice and Bob');
  });

  it('renders a state diagram', () => {
    const svg = okSvg(batch[3]);
    expect(svg).toMatch(/>Idle</);
    expect(svg).toMatch(/>Busy</);
    expect(svg).toContain('State diagram: Idle, Busy');
  });

  it('reports a broken diagram at the line of its error, while the others render', () => {
    const broken = batch[1];
    expect(broken?.ok).toBe(false);
    if (broken?.ok !== false) return;
    expect(broken.error).toMatch(/error/i);
    expect(broken.diagnostic).toMatchObject({
      file: 'lessons/01-intro.md',
      line: 44, // the diagram's line 2 (its first line is line 43 of the lesson)
      column: 1,
      severity: 'error',
      rule: 'mermaid-syntax',
    });
    expect(broken.diagnostic.message).toMatch(/^Mermaid diagram failed to render: /);
    expect(broken.diagnostic.message).toContain('https://mermaid.js.org/syntax/');
    expect(formatDiagnostic(broken.diagnostic)).toMatch(/^lessons\/01-intro\.md:44:1: error: /);
    expect(batch.filter((r) => r.ok)).toHaveLength(4);
    // No error-diagram leftovers leak into later renders.
    for (const result of batch) if (result.ok) expect(result.svg).not.toContain('aria-roledescription="error"');
  });

  it('never produces executable markup from hostile labels (securityLevel strict)', async () => {
    const svg = okSvg(batch[4]);
    expect(svg).not.toMatch(/<script|<img|<iframe|<foreignObject|\son[a-z]+\s*=|javascript:/i);
    // Also check what a browser would actually build from it.
    const page = await service.newPage();
    try {
      await page.setContent(`<!doctype html><body>${svg}</body>`);
      const dangerous = await page.evaluate(
        () => document.querySelectorAll('script, img, iframe, foreignObject, [onerror], [onload], [href^="javascript"]').length,
      );
      expect(dangerous).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('caches rendered diagrams on disk and skips the browser when everything is cached', async () => {
    const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'lessondeck-mermaid-cache-'));
    try {
      const requests = [
        { source: FLOWCHART, where: at(1) },
        { source: STATE, where: at(9) },
      ];
      launches = 0;
      const first = await renderDiagrams(requests, { ...baseOptions(), cacheDir });
      expect(launches).toBe(1);
      expect(first.map((r) => r.ok && r.fromCache)).toEqual([false, false]);

      const noBrowser = async (): Promise<BrowserService> => {
        throw new Error('browser must not be launched for cached diagrams');
      };
      const second = await renderDiagrams(requests, { ...baseOptions(), browser: noBrowser, cacheDir });
      expect(second.map((r) => r.ok && r.fromCache)).toEqual([true, true]);
      expect(second.map((r) => r.ok && r.svg)).toEqual(first.map((r) => r.ok && r.svg));

      // Failed diagrams are not cached: rendering one again needs the browser.
      await renderDiagrams([{ source: BROKEN, where: at(2) }], { ...baseOptions(), cacheDir });
      await expect(
        renderDiagrams([{ source: BROKEN, where: at(2) }], { ...baseOptions(), browser: noBrowser, cacheDir }),
      ).rejects.toThrow(/must not be launched/);

      const files = await readdir(cacheDir);
      expect(files.filter((f) => f.endsWith('.svg'))).toHaveLength(2);
      expect(files.filter((f) => f.includes('.tmp-'))).toEqual([]);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('renders 30 diagrams in one batch', async () => {
    const requests = Array.from({ length: 30 }, (_, i) => ({
      source: `graph LR\n  A${i}[Step ${i}] --> B${i}{Check ${i}} --> C${i}[Done]`,
      where: at(i + 1),
    }));
    const results = await renderDiagrams(requests, baseOptions());
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => (r.ok ? r.id : ''))).size).toBe(30);
  });

  it('blocks network requests from browser pages', async () => {
    let hits = 0;
    const server: Server = createServer((_, res) => {
      hits++;
      res.end('hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const page = await service.newPage();
    try {
      const outcome = await page.evaluate((u) => fetch(u).then(() => 'loaded', () => 'blocked'), url);
      expect(outcome).toBe('blocked');
      expect(hits).toBe(0);
    } finally {
      await page.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('describeDiagram', () => {
  it('names flowchart nodes in order, using labels and cleaning markup', () => {
    expect(describeDiagram('graph TD\n  A[Start] --> B{"Is it <b>ok</b>?"}\n  B -->|yes| C((Done))\n  B -- no --> A')).toBe(
      'Flowchart: Start, Is it ok?, Done',
    );
    expect(describeDiagram('flowchart LR\n  x --> y\n  style x fill:#fff')).toBe('Flowchart: x, y');
  });

  it('limits long flowcharts to the first 12 nodes', () => {
    const source = ['graph TB', ...Array.from({ length: 15 }, (_, i) => `  n${i}[Node ${i}] --> n${i + 1}`)].join('\n');
    const description = describeDiagram(source);
    expect(description.startsWith('Flowchart: Node 0, Node 1,')).toBe(true);
    expect(description).toContain('Node 11, 4 more');
    expect(description).not.toContain('Node 12');
  });

  it('lists sequence participants with their display names', () => {
    expect(describeDiagram(SEQUENCE)).toBe('Sequence diagram between Alice and Bob');
    expect(describeDiagram('sequenceDiagram\n  Client->>Server: GET /\n  Server-->>DB: query\n  Note over Client: hi')).toBe(
      'Sequence diagram between Client, Server and DB',
    );
  });

  it('lists states, skipping start/end markers', () => {
    expect(describeDiagram(STATE)).toBe('State diagram: Idle, Busy');
  });

  it('prefers an explicit accTitle and ignores directives and comments', () => {
    expect(describeDiagram('%%{init: {"theme":"dark"}}%%\ngraph TB\n  accTitle: Login flow\n  A --> B')).toBe('Login flow');
    expect(describeDiagram('pie\n  title Pets\n  "Dogs" : 3')).toBe('Pie chart: Pets');
    expect(describeDiagram('%% just a comment\ngraph TB\n  A[Only]')).toBe('Flowchart: Only');
  });
});

describe('uniquifySvgIds', () => {
  const id = 'mmd-0123456789ab';
  const svg =
    `<svg id="${id}"><style>#${id} .node{fill:red}</style>` +
    `<marker id="${id}_flowchart-v2-pointEnd"></marker><path marker-end="url(#${id}_flowchart-v2-pointEnd)"></path>` +
    `<g id="mmd-0123456789abcd"></g></svg>`;

  it('renames every use of the id and nothing else', () => {
    const out = uniquifySvgIds(svg, id, '2');
    expect(out).toContain(`<svg id="${id}-2">`);
    expect(out).toContain(`#${id}-2 .node`);
    expect(out).toContain(`id="${id}-2_flowchart-v2-pointEnd"`);
    expect(out).toContain(`url(#${id}-2_flowchart-v2-pointEnd)`);
    expect(out).toContain('id="mmd-0123456789abcd"'); // a different, longer id is untouched
    expect(out.split(`${id}-2`)).toHaveLength(5);
  });
});
