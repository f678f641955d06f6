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
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import path from 'node:path';

const BLIP_WITH_SVG = /<a:blip r:embed="(rId\d+)"[^>]*>[\s\S]*?<asvg:svgBlip[^>]*r:embed="(rId\d+)"/g;
const PARAGRAPH = /<a:p>([\s\S]*?)<\/a:p>/g;
const PARAGRAPH_PROPS = /<a:pPr\b[^>]*?(?:\/>|>[\s\S]*?<\/a:pPr>)/g;

export interface PptxFixups {
  /** SVG source → the PNG to show where SVG is not drawn. */
  pngForSvg: Map<string, Uint8Array>;
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

export function applyPptxFixups(pptx: Uint8Array, fixups: PptxFixups): Uint8Array {
  const files = unzipSync(pptx);
  const svgToPng = new Map([...fixups.pngForSvg].map(([svg, png]) => [svg.trim(), png]));
  const resolve = (target: string | undefined) => (target ? path.posix.normalize(path.posix.join('ppt/slides', target)) : '');
  for (const name of Object.keys(files)) {
    const m = /^ppt\/slides\/(slide\d+\.xml)$/.exec(name);
    if (!m) continue;
    const xml = strFromU8(files[name]!);
    const rels = files[`ppt/slides/_rels/${m[1]}.rels`];
    const targets = rels ? relationshipTargets(strFromU8(rels)) : new Map<string, string>();
    for (const [, pngId, svgId] of xml.matchAll(BLIP_WITH_SVG)) {
      const pngName = resolve(targets.get(pngId!));
      const svgBytes = files[resolve(targets.get(svgId!))];
      const png = svgBytes ? svgToPng.get(strFromU8(svgBytes).trim()) : undefined;
      // fflate's types want plain ArrayBuffer-backed arrays.
      if (png && pngName in files) files[pngName] = new Uint8Array(png);
    }
    files[name] = strToU8(markMonospace(oneParagraphPropsEach(xml), fixups.monospaceFonts));
  }
  // PNGs are compressed already; XML is not.
  const zippable: Zippable = Object.fromEntries(Object.entries(files).map(([name, data]) => [name, [data, { level: /\.(png|jpe?g|gif)$/.test(name) ? 0 : 6 }]]));
  return zipSync(zippable);
}
