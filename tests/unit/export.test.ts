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
import { removeStaleTempFiles, tempPathFor, writeFileAtomic } from '../../src/export/atomicWrite.ts';
import { contentsRows, courseOutline, type CourseDeckPdf } from '../../src/export/coursePdf.ts';
import { parseFormats } from '../../src/export/exportCommand.ts';
import { handoutLayout, PER_PAGE_CHOICES, slideItems } from '../../src/export/handout.ts';
import { addPageLink, readOutline, setOutline } from '../../src/export/outline.ts';
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
    expect(() => parseFormats('slides,posters')).toThrow(/posters.*slides, handout, notes, course/);
  });
});

describe('deck PDF paths', () => {
  it('sit next to the deck page', () => {
    expect(deckPdfFiles('module-07/lessons/01-x.html')).toEqual({ slides: 'module-07/lessons/01-x.pdf', handout: 'module-07/lessons/01-x.handout.pdf', notes: 'module-07/lessons/01-x.notes.pdf' });
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

  it('keeps non-ASCII titles', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    setOutline(doc, [{ title: 'Übersicht — 概要', pageIndex: 0 }]);
    expect(readOutline(await PDFDocument.load(await doc.save()))[0]!.title).toBe('Übersicht — 概要');
  });
});

describe('atomic writes', () => {
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
