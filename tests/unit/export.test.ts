/**
 * Unit tests of the PDF export's pure parts: layout maths, format parsing,
 * outline building (written and read back with pdf-lib), atomic writes and
 * the static server's path resolution. Chromium-driven checks live in
 * tests/e2e/export.spec.ts.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { removeStaleTempFiles, tempPathFor, writeDirAtomic, writeFileAtomic } from '../../src/export/atomicWrite.ts';
import { paginateRows, type HandoutRow } from '../../src/export/handout.ts';
import { placeDiagram, slideDetails, svgMetrics } from '../../src/export/handoutDetails.ts';
import { buildPptx, paragraphRuns } from '../../src/export/pptxDeck.ts';
import { markMonospace, oneParagraphPropsEach } from '../../src/export/pptxFixups.ts';
import type { SlideContent, TextRun } from '../../src/export/slideContent.ts';
import { exportLinks } from '../../src/site/exportLinks.ts';
import { strFromU8, unzipSync } from 'fflate';
import { contentsRows, courseOutline, type CourseDeckPdf } from '../../src/export/coursePdf.ts';
import { parseFormats } from '../../src/export/exportCommand.ts';
import { handoutLayout, PER_PAGE_CHOICES, slideItems } from '../../src/export/handout.ts';
import { addPageLink, readOutline, setOutline, slidesOutline } from '../../src/export/outline.ts';
import type { PrintedDeck, PrintedSlide } from '../../src/export/printDeck.ts';
import { PAPER_SIZES } from '../../src/export/sheets.ts';
import { resolveRequestPath, startStaticServer } from '../../src/serve/staticServer.ts';
import { deckPdfFiles } from '../../src/site/pdfPaths.ts';

function slide(id: string, title: string, headingLevel: number, firstPage: number, pages = 1, notesHtml = ''): PrintedSlide {
  return { id, title, headingLevel, notesHtml, firstPage, pages };
}

function printed(slides: PrintedSlide[]): PrintedDeck {
  const pageCount = slides.reduce((n, s) => n + s.pages, 0);
  return { pdf: new Uint8Array(), url: 'http://127.0.0.1:9/deck.html', pageCount, slides, title: 't', course: 'c', lang: 'en', fontFaceCss: '' };
}

describe('handout layout', () => {
  for (const paperName of ['a4', 'letter'] as const) {
    for (const perPage of PER_PAGE_CHOICES) {
      it(`${perPage} per page on ${paperName}: 16:9 slides and notes boxes inside the page, not overlapping`, () => {
        const paper = PAPER_SIZES[paperName];
        const rows = handoutLayout(paper, perPage);
        expect(rows).toHaveLength(perPage);
        let previousBottom = 0;
        for (const { slide: s, notes } of rows) {
          expect(s.width / s.height).toBeCloseTo(16 / 9, 5);
          for (const box of [s, notes]) {
            expect(box.x).toBeGreaterThanOrEqual(0);
            expect(box.y).toBeGreaterThan(previousBottom);
            expect(box.x + box.width).toBeLessThanOrEqual(paper.width);
            expect(box.y + box.height).toBeLessThanOrEqual(paper.height);
          }
          // Notes are beside the slide (below it for one per page).
          if (perPage === 1) expect(notes.y).toBeGreaterThanOrEqual(s.y + s.height);
          else expect(notes.x).toBeGreaterThanOrEqual(s.x + s.width);
          previousBottom = Math.max(s.y + s.height, notes.y + notes.height) - 0.001;
        }
      });
    }
  }

  it('a slide spread over two pages becomes two handout items, notes on the first', () => {
    const items = slideItems(printed([slide('a', 'A', 1, 0), slide('b', 'B', 2, 1, 2, '<p>notes</p>')]));
    expect(items.map((i) => [i.pageIndex, i.slideNumber, i.notesHtml, i.continued])).toEqual([
      [0, 1, '', false],
      [1, 2, '<p>notes</p>', false],
      [2, 2, '', true],
    ]);
  });
});

describe('parseFormats', () => {
  it('accepts one or several formats', () => {
    expect(parseFormats('slides')).toEqual(['slides']);
    expect(parseFormats('slides, handout,NOTES')).toEqual(['slides', 'handout', 'notes']);
  });
  it('names the valid formats when given an unknown one', () => {
    expect(() => parseFormats('slides,posters')).toThrow(/posters.*slides, handout, student, notes, course, pptx, png/);
  });
  it('knows the student handout, PowerPoint and PNG', () => {
    expect(parseFormats('student,pptx,PNG')).toEqual(['student', 'pptx', 'png']);
  });
});

describe('deck PDF paths', () => {
  it('sit next to the deck page', () => {
    expect(deckPdfFiles('module-07/lessons/01-x.html')).toEqual({
      slides: 'module-07/lessons/01-x.pdf',
      handout: 'module-07/lessons/01-x.handout.pdf',
      student: 'module-07/lessons/01-x.student.pdf',
      notes: 'module-07/lessons/01-x.notes.pdf',
      pptx: 'module-07/lessons/01-x.pptx',
      png: 'module-07/lessons/01-x',
    });
  });
  it('are linked with a label and what a screen reader says, PNGs by their first image', () => {
    expect(exportLinks('m/l/01-x.html', ['slides', 'pptx', 'png', 'course'])).toEqual([
      { format: 'slides', label: 'PDF', description: 'slides (PDF)', file: 'm/l/01-x.pdf' },
      { format: 'pptx', label: 'PowerPoint', description: 'editable slides (PowerPoint)', file: 'm/l/01-x.pptx' },
      { format: 'png', label: 'Images', description: 'slides as images (PNG)', file: 'm/l/01-x/01.png' },
    ]);
  });
});

describe('course outline', () => {
  const decks: CourseDeckPdf[] = [
    { title: 'Overview', module: { dir: 'module-01', title: 'Module 1' }, printed: printed([slide('t', 'Overview', 1, 0), slide('goals', 'Goals', 2, 1)]) },
    { title: 'Lesson 1', module: { dir: 'module-01', title: 'Module 1' }, printed: printed([slide('t', 'Lesson 1', 1, 0), slide('a', 'Scaling (1/2)', 2, 1), slide('b', 'Scaling (2/2)', 2, 2), slide('c', 'Detail', 3, 3), slide('d', 'Wrap-up', 2, 4)]) },
    { title: 'Lesson 2', module: { dir: 'module-02', title: 'Module 2' }, printed: printed([slide('t', 'Lesson 2', 1, 0)]) },
  ];
  const deckStart = [1, 3, 8];

  it('groups lessons under modules and lists ## sections once per spread', () => {
    const outline = courseOutline(decks, deckStart);
    expect(outline.map((m) => [m.title, m.pageIndex, m.children?.map((l) => l.title)])).toEqual([
      ['Module 1', 1, ['Overview', 'Lesson 1']],
      ['Module 2', 8, ['Lesson 2']],
    ]);
    expect(outline[0]!.children![1]!.children).toEqual([
      { title: 'Scaling', pageIndex: 4 },
      { title: 'Wrap-up', pageIndex: 7 },
    ]);
  });

  it('puts a module heading before the first deck of each module in the contents', () => {
    expect(contentsRows(decks).map((r) => `${r.kind}:${r.title}`)).toEqual(['module:Module 1', 'deck:Overview', 'deck:Lesson 1', 'module:Module 2', 'deck:Lesson 2']);
  });

  it('is written as a real /Outlines tree that survives save and load, with links', async () => {
    const doc = await PDFDocument.create();
    for (let i = 0; i < 10; i++) doc.addPage([960, 540]);
    setOutline(doc, [{ title: 'Contents', pageIndex: 0 }, ...courseOutline(decks, deckStart)]);
    addPageLink(doc, 0, { x: 10, y: 10, width: 100, height: 20 }, 3);
    const loaded = await PDFDocument.load(await doc.save());
    const items = readOutline(loaded);
    expect(items.map((i) => `${i.depth}:${i.title}@${i.pageIndex}`)).toEqual([
      '0:Contents@0',
      '0:Module 1@1',
      '1:Overview@1',
      '2:Goals@2',
      '1:Lesson 1@3',
      '2:Scaling@4',
      '2:Wrap-up@7',
      '0:Module 2@8',
      '1:Lesson 2@8',
    ]);
    const annots = loaded.getPage(0).node.lookup(PDFName.of('Annots'), PDFArray);
    expect(annots.size()).toBe(1);
  });

  it('slides PDF: a bookmark per slide, nested by heading level', () => {
    const outline = slidesOutline([slide('t', 'Lesson 1', 1, 0), slide('a', 'Scaling', 2, 1), slide('b', 'Detail', 3, 2), slide('c', '', 0, 3), slide('d', 'Wrap-up', 2, 4)]);
    expect(outline).toEqual([{ title: 'Lesson 1', pageIndex: 0, children: [{ title: 'Scaling', pageIndex: 1, children: [{ title: 'Detail', pageIndex: 2 }] }, { title: 'Wrap-up', pageIndex: 4 }] }]);
  });

  it('keeps non-ASCII titles', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    setOutline(doc, [{ title: 'Übersicht — 概要', pageIndex: 0 }]);
    expect(readOutline(await PDFDocument.load(await doc.save()))[0]!.title).toBe('Übersicht — 概要');
  });
});

describe('atomic writes', () => {
  it('replace a folder of images as a whole, leaving no temp folder', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ld-atomic-dir-'));
    const target = path.join(dir, 'deck');
    await writeDirAtomic(target, [{ name: '01.png', bytes: new Uint8Array([1]) }, { name: '02.png', bytes: new Uint8Array([2]) }]);
    await writeDirAtomic(target, [{ name: '01.png', bytes: new Uint8Array([3]) }]);
    expect(await readdir(target)).toEqual(['01.png']);
    expect([...(await readFile(path.join(target, '01.png')))]).toEqual([3]);
    expect(await readdir(dir)).toEqual(['deck']);
  });

  it('replace the file in one step and leave no temp file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ld-atomic-'));
    const target = path.join(dir, 'sub', 'deck.pdf');
    await writeFileAtomic(target, 'one');
    await writeFileAtomic(target, 'two');
    expect(await readFile(target, 'utf8')).toBe('two');
    expect(await readdir(path.dirname(target))).toEqual(['deck.pdf']);
  });

  it('temp names never end in .pdf, and stale ones (dead writer) are removed', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ld-atomic-'));
    const target = path.join(dir, 'deck.pdf');
    expect(tempPathFor(target)).toMatch(/\.tmp$/);
    const stale = path.join(dir, '.deck.pdf.999999999.0123abcd.tmp');
    const live = tempPathFor(target); // ours: this process is alive
    await writeFile(stale, 'half');
    await writeFile(live, 'half');
    expect(await removeStaleTempFiles(dir)).toEqual([path.basename(stale)]);
    expect((await readdir(dir)).sort()).toEqual([path.basename(live)]);
  });
});

describe('static server', () => {
  const root = path.resolve('/srv/site');
  it.each([
    ['/', root],
    ['/a/b.html', path.join(root, 'a', 'b.html')],
    ['/a%20b.pdf', path.join(root, 'a b.pdf')],
  ])('maps %s inside the root', (url, expected) => {
    expect(resolveRequestPath(root, url)).toBe(expected);
  });
  it.each(['/../etc/passwd', '/a/%2e%2e/%2e%2e/etc/passwd', '/%2E%2E/x', '/a/..%2f..%2fetc', '/a%5c..%5cx', '/a%00.html', '/%E0%A4%A'])('refuses %s', (url) => {
    expect(resolveRequestPath(root, url)).toBeUndefined();
  });

  it('serves files with their MIME type and 404s traversal attempts over HTTP', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ld-serve-'));
    await writeFile(path.join(dir, 'index.html'), '<p>hi</p>');
    await writeFile(path.join(dir, 'x.pdf'), '%PDF-1.7');
    const server = await startStaticServer({ root: dir });
    try {
      const index = await fetch(`${server.url}/`);
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await index.text()).toBe('<p>hi</p>');
      expect((await fetch(`${server.url}/x.pdf`)).headers.get('content-type')).toBe('application/pdf');
      expect((await fetch(`${server.url}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await server.close();
    }
  });
});

const run = (text: string, extra: Partial<TextRun> = {}): TextRun => ({ text, color: '1f2430', fontFace: 'Inter', fontSize: 28, ...extra });
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1600 200" width="1160" height="145" role="img"><style>#d{font-size:18px}</style><text x="10" y="20" style="font-size:14px">A</text></svg>';
const PIXEL_PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC', 'base64'));

function sampleSlide(): SlideContent {
  return {
    id: 's1',
    firstPage: 0,
    title: 'Shipping',
    pageScale: 1,
    background: 'ffffff',
    notes: 'Say why the image is small.',
    shapes: [
      { kind: 'text', role: 'title', box: { x: 60, y: 40, w: 800, h: 60 }, paragraphs: [{ runs: [run('Shipping', { bold: true, fontSize: 44 })], align: 'left', spaceBefore: 0, lineHeight: 52 }] },
      {
        kind: 'text',
        role: 'body',
        box: { x: 60, y: 120, w: 1100, h: 90 },
        paragraphs: [
          { runs: [run('Pin the '), run('base image', { code: true, fontFace: 'JetBrains Mono', highlight: 'eef2f7' })], align: 'left', spaceBefore: 0, lineHeight: 38, bullet: { numbered: false, level: 0 } },
          { runs: [run('Sign it')], align: 'left', spaceBefore: 6, lineHeight: 38, bullet: { numbered: true, level: 1, start: 3 } },
        ],
      },
      { kind: 'code', box: { x: 60, y: 230, w: 1100, h: 80 }, background: 'f6f8fa', fontFace: 'JetBrains Mono', fontSize: 18, lineHeight: 24, padding: 14, lines: [[run('FROM', { color: 'd73a49', fontFace: 'JetBrains Mono' }), run(' scratch', { fontFace: 'JetBrains Mono' })], [], [run('USER 65532', { fontFace: 'JetBrains Mono' })]] },
      { kind: 'table', box: { x: 60, y: 330, w: 600, h: 80 }, columns: [300, 300], border: 'c5cad3', rows: [{ height: 40, cells: [{ runs: [run('Format')], header: true, fill: 'eef2f7', align: 'left' }, { runs: [run('Tool')], header: true, fill: 'eef2f7', align: 'left' }] }, { height: 40, cells: [{ runs: [run('Helm')], header: false, fill: 'ffffff', align: 'left' }, { runs: [run('helm lint', { code: true })], header: false, fill: 'ffffff', align: 'left' }] }] },
      { kind: 'picture', box: { x: 60, y: 430, w: 1160, h: 145 }, shot: '0', svg: SVG, alt: 'Flowchart: build, sign, ship' },
    ],
  };
}

describe('PPTX', () => {
  it('puts paragraph options on a paragraph\'s first run only, the alignment on every run', () => {
    const runs = paragraphRuns(sampleSlide().shapes[1]!.kind === 'text' ? (sampleSlide().shapes[1] as Extract<SlideContent['shapes'][number], { kind: 'text' }>).paragraphs : [], 1, 'en');
    expect(runs.map((r) => [r.text, !!r.options?.bullet, r.options?.align, !!r.options?.breakLine])).toEqual([
      ['Pin the ', true, 'left', false],
      ['base image', false, 'left', true],
      ['Sign it', true, 'left', false],
    ]);
    expect(runs[2]!.options).toMatchObject({ indentLevel: 1, bullet: { type: 'number', numberStartAt: 3 }, paraSpaceBefore: 4.5 });
    expect(runs[0]!.options).toMatchObject({ fontSize: 21, fontFace: 'Inter', color: '1f2430' });
  });

  it('writes text runs, a table, an SVG picture over its own PNG, and notes', async () => {
    const pptx = await buildPptx({ title: 'Lesson', lang: 'en', slides: [sampleSlide()], pictures: new Map([['0', { png: PIXEL_PNG }]]) });
    const zip = unzipSync(pptx);
    const slide = strFromU8(zip['ppt/slides/slide1.xml']!);
    const texts = [...slide.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]);
    expect(texts).toEqual(expect.arrayContaining(['Shipping', 'Pin the ', 'base image', 'Sign it', 'FROM', ' scratch', 'USER 65532', 'Format', 'Helm', 'helm lint']));
    expect(slide).toContain('<a:tbl>');
    expect(slide).toContain('<a:buAutoNum type="arabicPeriod" startAt="3"/>');
    expect(slide).toMatch(/typeface="JetBrains Mono" pitchFamily="49"/);
    expect(slide).toMatch(/descr="Flowchart: build, sign, ship"/);
    for (const p of slide.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)) expect(p[1]!.slice(1)).not.toContain('<a:pPr');
    const rels = strFromU8(zip['ppt/slides/_rels/slide1.xml.rels']!);
    const pngTarget = /Target="\.\.\/media\/([^"]+\.png)"/.exec(rels)![1]!;
    expect([...zip[`ppt/media/${pngTarget}`]!]).toEqual([...PIXEL_PNG]);
    const svgTarget = /Target="\.\.\/media\/([^"]+\.svg)"/.exec(rels)![1]!;
    expect(strFromU8(zip[`ppt/media/${svgTarget}`]!)).toBe(SVG);
    const notes = Object.keys(zip).filter((n) => n.startsWith('ppt/notesSlides/notesSlide')).map((n) => strFromU8(zip[n]!)).join('');
    expect(notes).toContain('Say why the image is small.');
  });

  it('fixups: one a:pPr per paragraph, first; code fonts marked fixed-pitch', () => {
    expect(oneParagraphPropsEach('<a:p><a:pPr algn="l"><a:buNone/></a:pPr><a:r><a:t>a</a:t></a:r><a:pPr indent="0"><a:buNone/></a:pPr><a:r><a:t>b</a:t></a:r></a:p>')).toBe('<a:p><a:pPr algn="l"><a:buNone/></a:pPr><a:r><a:t>a</a:t></a:r><a:r><a:t>b</a:t></a:r></a:p>');
    expect(markMonospace('<a:latin typeface="JetBrains Mono" pitchFamily="34" charset="0"/><a:latin typeface="Inter" pitchFamily="34" charset="0"/>', new Set(['JetBrains Mono']))).toBe('<a:latin typeface="JetBrains Mono" pitchFamily="49" charset="0"/><a:latin typeface="Inter" pitchFamily="34" charset="0"/>');
  });
});

describe('handout details', () => {
  it('reads a diagram\'s size and smallest label from its SVG', () => {
    expect(svgMetrics(SVG)).toEqual({ width: 1600, height: 200, minFont: 14 });
  });

  it('a slide\'s code (all blocks, one detail) and each diagram become details', () => {
    expect(slideDetails(sampleSlide()).map((d) => d.kind)).toEqual(['code', 'diagram']);
  });

  const row = { width: 520, height: 210 };
  const portrait = { width: 520, height: 730 };
  const landscape = { width: 770, height: 480 };
  it('a diagram stays in its row when its labels are readable there', () => {
    expect(placeDiagram({ width: 400, height: 200, minFont: 16 }, row, portrait, landscape, 8)).toMatchObject({ fullPage: false });
  });
  it('a wide pipeline gets a landscape page, a tall sequence a portrait one', () => {
    const wide = placeDiagram({ width: 1600, height: 240, minFont: 14 }, row, portrait, landscape, 8);
    expect(wide).toMatchObject({ fullPage: true, landscape: true });
    expect(wide.labelPt).toBeGreaterThanOrEqual(6.7);
    expect(placeDiagram({ width: 700, height: 1400, minFont: 14 }, row, portrait, landscape, 8)).toMatchObject({ fullPage: true, landscape: false });
  });

  it('a diagram on a page of its own starts a page; the other rows fill pages of N', () => {
    const item = { pageIndex: 0, slideNumber: 1, notesHtml: '', continued: false };
    const slideRow: HandoutRow = { kind: 'slide', item };
    const page: HandoutRow = { kind: 'detail', item, detail: { kind: 'code', html: '' }, placement: { fullPage: true, landscape: true, scale: 1, labelPt: 8 } };
    expect(paginateRows([slideRow, slideRow, page, slideRow, slideRow, slideRow, slideRow], 3).map((p) => p.length)).toEqual([2, 1, 3, 1]);
  });
});
