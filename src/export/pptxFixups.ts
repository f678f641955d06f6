/**
 * Corrections to the PPTX pptxgenjs writes, made on the zipped XML:
 *  - SVG fallbacks: PowerPoint draws an SVG picture from its `asvg:svgBlip`;
 *    older programs (and LibreOffice) draw the PNG of the `a:blip` it sits in.
 *    pptxgenjs writes a broken-image placeholder as that PNG under Node, so we
 *    put the diagram's own screenshot there (found through the SVG it stands
 *    for: the same bytes as the SVG we embedded).
 *  - Paragraph properties: pptxgenjs repeats `a:pPr` before every run of a
 *    paragraph; the schema allows one, first. Later ones are dropped (they
 *    would make PowerPoint offer to repair the file).
 *  - Monospace fonts: pptxgenjs marks every font as proportional
 *    (`pitchFamily="34"`); code fonts are marked fixed-pitch (49), so an office
 *    suite without the theme's code font substitutes another monospace one.
 */
import { strFromU8, strToU8, unzipSync, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import path from 'node:path';

const BLIP_WITH_SVG = /<a:blip r:embed="(rId\d+)"[^>]*>[\s\S]*?<asvg:svgBlip[^>]*r:embed="(rId\d+)"/g;
const PARAGRAPH = /<a:p>([\s\S]*?)<\/a:p>/g;
const PARAGRAPH_PROPS = /<a:pPr\b[^>]*?(?:\/>|>[\s\S]*?<\/a:pPr>)/g;

export interface PptxFixups {
  /**
   * SVG source → the PNG to show where SVG is not drawn. Awaited last, once
   * everything else is compressed: Chromium is still capturing them meanwhile.
   */
  pngForSvg: Promise<Map<string, Uint8Array>>;
  /** Font names that are monospace (the theme's code font). */
  monospaceFonts: Set<string>;
}

function relationshipTargets(relsXml: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target);
  }
  return targets;
}

/** Keeps a paragraph's first `a:pPr` (when it leads) and drops the ones between its runs. */
export function oneParagraphPropsEach(xml: string): string {
  return xml.replace(PARAGRAPH, (_whole, inner: string) => {
    const lead = /^<a:pPr\b[^>]*?(?:\/>|>[\s\S]*?<\/a:pPr>)/.exec(inner)?.[0] ?? '';
    return `<a:p>${lead}${inner.slice(lead.length).replace(PARAGRAPH_PROPS, '')}</a:p>`;
  });
}

export function markMonospace(xml: string, fonts: Set<string>): string {
  return xml.replace(/(<a:(?:latin|ea|cs) typeface=")([^"]+)(" pitchFamily=")34(")/g, (whole, a: string, name: string, b: string, c: string) => (fonts.has(name) ? `${a}${name}${b}49${c}` : whole));
}

export async function applyPptxFixups(pptx: Uint8Array, fixups: PptxFixups): Promise<Uint8Array> {
  const files = unzipSync(pptx);
  const resolve = (target: string | undefined) => (target ? path.posix.normalize(path.posix.join('ppt/slides', target)) : '');
  /** Fallback PNG part → the SVG source it stands for. */
  const fallbackOf = new Map<string, string>();
  for (const name of Object.keys(files)) {
    const m = /^ppt\/slides\/(slide\d+\.xml)$/.exec(name);
    if (!m) continue;
    const xml = strFromU8(files[name]!);
    const rels = files[`ppt/slides/_rels/${m[1]}.rels`];
    const targets = rels ? relationshipTargets(strFromU8(rels)) : new Map<string, string>();
    for (const [, pngId, svgId] of xml.matchAll(BLIP_WITH_SVG)) {
      const pngName = resolve(targets.get(pngId!));
      const svgBytes = files[resolve(targets.get(svgId!))];
      if (svgBytes && pngName in files) fallbackOf.set(pngName, strFromU8(svgBytes).trim());
    }
    files[name] = strToU8(markMonospace(oneParagraphPropsEach(xml), fixups.monospaceFonts));
  }
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  const add = (name: string, data: Uint8Array): void => {
    // PNGs are compressed already; XML is not.
    const entry = /\.(png|jpe?g|gif)$/.test(name) ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 });
    zip.add(entry);
    entry.push(data, true);
  };
  for (const [name, data] of Object.entries(files)) if (!fallbackOf.has(name)) add(name, data);
  const svgToPng = new Map([...(await fixups.pngForSvg)].map(([svg, png]) => [svg.trim(), png]));
  for (const [name, svg] of fallbackOf) add(name, svgToPng.get(svg) ?? files[name]!);
  zip.end();
  return concatBytes(chunks);
}

function concatBytes(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
