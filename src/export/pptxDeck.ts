/**
 * Slide content (slideContent.ts) → an editable PowerPoint file with
 * pptxgenjs: every heading, paragraph, list and code line is a text run in
 * the font, size and colour the theme gave it, tables are tables, diagrams
 * are SVG pictures (with a PNG for programs that cannot draw SVG), and the
 * speaker notes go to the notes pane. Positions come from the laid-out page,
 * so a PPTX slide looks like the printed one.
 *
 * pptxgenjs cannot rasterise SVG under Node and writes a broken-image PNG as
 * the fallback; pptxFixups.ts swaps in our screenshots of the diagrams (and
 * mends two other things in the XML).
 */
import PptxGenJS from 'pptxgenjs';
import type { PxBox, SlideContent, SlideShape, TextParagraph, TextRun } from './slideContent.ts';
import { applyPptxFixups } from './pptxFixups.ts';

/** A picture's bytes as the page gave them. */
export interface PictureData {
  /**
   * PNG screenshot of the element (every picture has one). It may still be
   * on its way: an SVG's PNG is only needed after the file is written, so
   * Chromium captures while pptxgenjs writes.
   */
  png: Uint8Array | Promise<Uint8Array>;
  /** Original raster image (an `<img>` that is not SVG), with its MIME type. */
  raster?: { mime: string; bytes: Uint8Array };
  /** SVG source of an `<img src=*.svg>`. */
  svg?: string;
}

export interface PptxInput {
  title: string;
  author?: string;
  subject?: string;
  lang: string;
  slides: SlideContent[];
  /** By `shot` id. */
  pictures: Map<string, PictureData>;
}

const PX_PER_INCH = 96;
const PT_PER_PX = 0.75;
/** Fonts differ a little between browsers and office suites: text boxes get this much more width, where there is room. */
const WIDTH_SLACK = 1.04;

const inch = (px: number, scale: number) => Math.round((px / scale / PX_PER_INCH) * 1000) / 1000;
const pt = (px: number, scale: number) => Math.round(((px * PT_PER_PX) / scale) * 10) / 10;

function place(box: PxBox, scale: number, slack = 1): { x: number; y: number; w: number; h: number } {
  const maxWidth = 1280 * scale - box.x;
  return { x: inch(box.x, scale), y: inch(box.y, scale), w: inch(Math.min(box.w * slack, Math.max(box.w, maxWidth - 8)), scale), h: inch(box.h, scale) };
}

function runProps(run: TextRun, scale: number, lang: string): PptxGenJS.TextPropsOptions {
  return {
    color: run.color,
    fontFace: run.fontFace,
    fontSize: pt(run.fontSize, scale),
    lang,
    ...(run.bold ? { bold: true } : {}),
    ...(run.italic ? { italic: true } : {}),
    ...(run.underline ? { underline: { style: 'sng' } } : {}),
    ...(run.highlight ? { highlight: run.highlight } : {}),
    ...(run.href && /^https?:|^mailto:/.test(run.href) ? { hyperlink: { url: run.href } } : {}),
  };
}

/** Paragraphs as pptxgenjs text runs: paragraph options ride on each paragraph's first run, `breakLine` ends it. */
export function paragraphRuns(paragraphs: TextParagraph[], scale: number, lang: string): PptxGenJS.TextProps[] {
  const out: PptxGenJS.TextProps[] = [];
  paragraphs.forEach((paragraph, p) => {
    const runs = paragraph.runs.length ? paragraph.runs : [{ text: ' ', color: '000000', fontFace: 'Arial', fontSize: paragraph.lineHeight / 1.2 }];
    runs.forEach((run, r) => {
      // The same alignment on every run: pptxgenjs starts a new paragraph where it changes.
      const options: PptxGenJS.TextPropsOptions = { ...runProps(run, scale, lang), align: paragraph.align };
      if (r === 0) {
        options.lineSpacing = pt(paragraph.lineHeight, scale);
        if (paragraph.spaceBefore > 0) options.paraSpaceBefore = pt(paragraph.spaceBefore, scale);
        if (paragraph.bullet) {
          options.bullet = paragraph.bullet.numbered ? { type: 'number', numberStartAt: paragraph.bullet.start ?? 1, indent: pt(28, scale) } : { indent: pt(24, scale) };
          options.indentLevel = paragraph.bullet.level;
        }
      }
      if (r > 0 && runs[r - 1]!.breakAfter) options.softBreakBefore = true;
      if (r === runs.length - 1 && p < paragraphs.length - 1) options.breakLine = true;
      out.push({ text: run.text, options });
    });
  });
  return out;
}

function addShape(pptx: PptxGenJS, slide: PptxGenJS.Slide, shape: SlideShape, scale: number, input: PptxInput, pngs: Map<string, Uint8Array>): void {
  const lang = input.lang;
  switch (shape.kind) {
    case 'text': {
      slide.addText(paragraphRuns(shape.paragraphs, scale, lang), {
        ...place(shape.box, scale, WIDTH_SLACK),
        margin: 0,
        valign: 'top',
        fit: 'none',
        objectName: shape.role === 'title' ? 'Title' : 'Text',
      });
      return;
    }
    case 'code': {
      const runs: PptxGenJS.TextProps[] = [];
      shape.lines.forEach((line, i) => {
        const parts = line.length ? line : [{ text: ' ', color: '000000', fontFace: shape.fontFace, fontSize: shape.fontSize }];
        parts.forEach((run, r) => {
          const options: PptxGenJS.TextPropsOptions = { ...runProps(run, scale, lang), fontFace: shape.fontFace };
          if (r === 0) options.lineSpacing = pt(shape.lineHeight, scale);
          if (r === parts.length - 1 && i < shape.lines.length - 1) options.breakLine = true;
          runs.push({ text: run.text, options });
        });
      });
      // The pre's padding as the text box's inset (pt).
      slide.addText(runs, {
        ...place(shape.box, scale),
        margin: pt(shape.padding, scale),
        valign: 'top',
        fit: 'none',
        wrap: true,
        fill: { color: shape.background },
        ...(shape.border ? { line: { color: shape.border.color, width: pt(shape.border.width, scale) } } : {}),
        objectName: 'Code',
      });
      return;
    }
    case 'table': {
      const rows: PptxGenJS.TableRow[] = shape.rows.map((row) =>
        row.cells.map((cell) => ({
          text: cell.runs.length ? paragraphRuns([{ runs: cell.runs, align: cell.align, spaceBefore: 0, lineHeight: (cell.runs[0]?.fontSize ?? 16) * 1.25 }], scale, lang) : '',
          options: { fill: { color: cell.fill }, valign: 'middle', ...(cell.header ? { bold: true } : {}) },
        })),
      );
      const { x, y, w } = place(shape.box, scale);
      slide.addTable(rows, {
        x,
        y,
        w,
        colW: shape.columns.map((c) => inch(c, scale)),
        rowH: shape.rows.map((r) => inch(r.height, scale)),
        margin: [0.04, 0.08, 0.04, 0.08],
        border: { type: 'solid', pt: 0.75, color: shape.border },
        autoPage: false,
      });
      return;
    }
    case 'picture': {
      const picture = input.pictures.get(shape.shot);
      const svg = shape.svg ?? picture?.svg;
      const box = place(shape.box, scale);
      const common = { ...box, altText: shape.alt, objectName: shape.alt ? shape.alt.slice(0, 60) : 'Picture' };
      if (svg) slide.addImage({ ...common, data: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` });
      else if (picture?.raster) slide.addImage({ ...common, data: `data:${picture.raster.mime};base64,${Buffer.from(picture.raster.bytes).toString('base64')}` });
      else if (picture && pngs.has(shape.shot)) slide.addImage({ ...common, data: `data:image/png;base64,${Buffer.from(pngs.get(shape.shot)!).toString('base64')}` });
      return;
    }
    case 'box': {
      if (shape.fill || shape.line) {
        slide.addShape(pptx.ShapeType.rect, { ...place(shape.box, scale), ...(shape.fill ? { fill: { color: shape.fill } } : { fill: { type: 'none' } }), line: shape.line ? { color: shape.line.color, width: pt(shape.line.width, scale) } : { type: 'none' } });
      }
      if (shape.leftBar) slide.addShape(pptx.ShapeType.rect, { ...place({ ...shape.box, w: shape.leftBar.width }, scale), fill: { color: shape.leftBar.color }, line: { type: 'none' } });
      return;
    }
  }
}

export async function buildPptx(input: PptxInput): Promise<Uint8Array> {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE'; // 13.333 × 7.5 in: the slides' 1280×720 px at 96 px per inch
  pptx.title = input.title;
  if (input.author) pptx.author = input.author;
  if (input.subject) pptx.subject = input.subject;
  pptx.company = '';
  pptx.theme = { headFontFace: firstFont(input.slides, 'title'), bodyFontFace: firstFont(input.slides, 'body') };
  // Pictures drawn from their screenshot need it now; an SVG's is swapped in after writing.
  const pngs = new Map<string, Uint8Array>();
  await Promise.all(pictureShapes(input.slides).filter((shape) => !svgOf(shape, input) && !input.pictures.get(shape.shot)?.raster).map(async (shape) => {
    const picture = input.pictures.get(shape.shot);
    if (picture) pngs.set(shape.shot, await picture.png);
  }));
  for (const content of input.slides) {
    const slide = pptx.addSlide();
    slide.background = { color: content.background };
    for (const shape of content.shapes) addShape(pptx, slide, shape, content.pageScale, input, pngs);
    if (content.notes) slide.addNotes(content.notes);
  }
  // Stored, not deflated: applyPptxFixups unzips it and compresses every part once (JSZip's deflate was twice the work).
  const written = (await pptx.write({ outputType: 'uint8array', compression: false })) as Uint8Array;
  return applyPptxFixups(written, { pngForSvg: svgPngPairs(input), monospaceFonts: monospaceFonts(input.slides) });
}

/** The fonts code is set in: code blocks' and inline code's. */
function monospaceFonts(slides: SlideContent[]): Set<string> {
  const fonts = new Set<string>();
  for (const slide of slides) {
    for (const shape of slide.shapes) {
      if (shape.kind === 'code') fonts.add(shape.fontFace);
      if (shape.kind === 'text') for (const p of shape.paragraphs) for (const run of p.runs) if (run.code) fonts.add(run.fontFace);
    }
  }
  return fonts;
}

function firstFont(slides: SlideContent[], role: 'title' | 'body'): string {
  for (const slide of slides) for (const shape of slide.shapes) if (shape.kind === 'text' && shape.role === role && shape.paragraphs[0]?.runs[0]) return shape.paragraphs[0].runs[0].fontFace;
  return 'Arial';
}

type PictureShape = Extract<SlideShape, { kind: 'picture' }>;

function pictureShapes(slides: SlideContent[]): PictureShape[] {
  return slides.flatMap((slide) => slide.shapes.filter((shape): shape is PictureShape => shape.kind === 'picture'));
}

/** The SVG a picture is embedded as: the page's inline SVG or an `<img>`'s SVG file. */
function svgOf(shape: PictureShape, input: PptxInput): string | undefined {
  return shape.svg ?? input.pictures.get(shape.shot)?.svg;
}

/** Each SVG we embedded, with the screenshot that stands in for it. */
async function svgPngPairs(input: PptxInput): Promise<Map<string, Uint8Array>> {
  const pairs = new Map<string, Uint8Array>();
  for (const shape of pictureShapes(input.slides)) {
    const picture = input.pictures.get(shape.shot);
    const svg = svgOf(shape, input);
    if (svg && picture) pairs.set(svg, await picture.png);
  }
  return pairs;
}
