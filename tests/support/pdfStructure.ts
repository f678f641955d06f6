/**
 * Reads a tagged PDF's logical structure back (for tests): the structure
 * tree's element types in reading order, each with its /Alt text, and the
 * document language. Read with pdf-lib's low-level objects, so the test does
 * not trust the writer it checks (Chromium) to describe its own output.
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, type PDFObject } from 'pdf-lib';

export interface StructElement {
  type: string;
  alt?: string;
  depth: number;
}

export interface PdfStructure {
  tagged: boolean;
  lang?: string;
  elements: StructElement[];
}

const text = (value: PDFObject | undefined): string | undefined => (value instanceof PDFHexString || value instanceof PDFString ? value.decodeText() : undefined);

export async function readStructure(bytes: Uint8Array): Promise<PdfStructure> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const catalog = doc.catalog;
  const markInfo = catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict);
  const root = catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const elements: StructElement[] = [];
  const seen = new Set<PDFDict>();
  const visit = (node: PDFObject | undefined, depth: number): void => {
    const resolved = node ? doc.context.lookup(node) : undefined;
    if (resolved instanceof PDFArray) {
      for (let i = 0; i < resolved.size(); i++) visit(resolved.get(i), depth);
      return;
    }
    if (!(resolved instanceof PDFDict) || seen.has(resolved)) return;
    seen.add(resolved);
    const type = resolved.lookupMaybe(PDFName.of('S'), PDFName);
    if (!type) return; // a marked-content or object reference, not an element
    const alt = text(resolved.lookup(PDFName.of('Alt')));
    elements.push({ type: type.decodeText(), depth, ...(alt !== undefined ? { alt } : {}) });
    visit(resolved.get(PDFName.of('K')), depth + 1);
  };
  if (root) visit(root.get(PDFName.of('K')), 0);
  const lang = text(catalog.lookup(PDFName.of('Lang')));
  return { tagged: markInfo?.lookup(PDFName.of('Marked'))?.toString() === 'true' && !!root, ...(lang ? { lang } : {}), elements };
}
