/**
 * PDF navigation that pdf-lib has no high-level API for, built from its
 * low-level objects: the bookmark outline (/Outlines: a tree of dictionaries
 * linked by /First, /Last, /Next, /Prev, /Parent) and internal link
 * annotations (/Link with a /Dest to a page).
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString, type PDFRef } from 'pdf-lib';

export interface OutlineNode {
  title: string;
  /** Page the bookmark opens. */
  pageIndex: number;
  children?: OutlineNode[];
}

function destination(doc: PDFDocument, pageIndex: number) {
  const page = doc.getPage(Math.min(Math.max(pageIndex, 0), doc.getPageCount() - 1));
  return doc.context.obj([page.ref, 'XYZ', null, null, null]);
}

/** Writes `nodes` as the document outline and opens the outline panel on load. */
export function setOutline(doc: PDFDocument, nodes: OutlineNode[]): void {
  const context = doc.context;
  const rootRef = context.nextRef();

  // Returns how many items the subtree shows (all items start open).
  const addLevel = (items: OutlineNode[], parent: PDFRef): { first: PDFRef; last: PDFRef; count: number } => {
    const refs = items.map(() => context.nextRef());
    let count = 0;
    items.forEach((item, i) => {
      const dict = context.obj({ Title: PDFHexString.fromText(item.title), Parent: parent, Dest: destination(doc, item.pageIndex) });
      if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1]!);
      if (i < refs.length - 1) dict.set(PDFName.of('Next'), refs[i + 1]!);
      count += 1;
      if (item.children?.length) {
        const sub = addLevel(item.children, refs[i]!);
        dict.set(PDFName.of('First'), sub.first);
        dict.set(PDFName.of('Last'), sub.last);
        dict.set(PDFName.of('Count'), PDFNumber.of(sub.count));
        count += sub.count;
      }
      context.assign(refs[i]!, dict);
    });
    return { first: refs[0]!, last: refs.at(-1)!, count };
  };

  const root = context.obj({ Type: 'Outlines' });
  if (nodes.length) {
    const top = addLevel(nodes, rootRef);
    root.set(PDFName.of('First'), top.first);
    root.set(PDFName.of('Last'), top.last);
    root.set(PDFName.of('Count'), PDFNumber.of(top.count));
  }
  context.assign(rootRef, root);
  doc.catalog.set(PDFName.of('Outlines'), rootRef);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

/** A clickable box (points, origin top-left) on one page that jumps to another page. */
export function addPageLink(doc: PDFDocument, onPage: number, box: { x: number; y: number; width: number; height: number }, toPage: number): void {
  const page = doc.getPage(onPage);
  const height = page.getHeight();
  const annotation = doc.context.obj({
    Type: 'Annot',
    Subtype: 'Link',
    Rect: [box.x, height - box.y - box.height, box.x + box.width, height - box.y],
    Border: [0, 0, 0],
    Dest: destination(doc, toPage),
  });
  page.node.addAnnot(doc.context.register(annotation));
}

export interface ReadOutlineItem {
  title: string;
  depth: number;
  pageIndex: number;
}

/** Flattens a document's outline (depth-first), e.g. for tests and checks. */
export function readOutline(doc: PDFDocument): ReadOutlineItem[] {
  const pageIndexByRef = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i]));
  const items: ReadOutlineItem[] = [];
  const walk = (first: PDFDict | undefined, depth: number): void => {
    for (let dict = first; dict; dict = dict.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const title = dict.lookup(PDFName.of('Title'));
      const target = dict.lookupMaybe(PDFName.of('Dest'), PDFArray)?.get(0);
      items.push({
        title: title instanceof PDFHexString || title instanceof PDFString ? title.decodeText() : String(title),
        depth,
        pageIndex: target ? (pageIndexByRef.get(target.toString()) ?? -1) : -1,
      });
      walk(dict.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
    }
  };
  walk(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.lookupMaybe(PDFName.of('First'), PDFDict), 0);
  return items;
}

/**
 * A slides PDF's bookmarks: one per slide, nested by heading level (title slide, `##`, `###`).
 * Written by us rather than Chromium's outline option, whose titles lose the space where a
 * heading wraps onto a second line.
 */
export function slidesOutline(slides: readonly { title: string; headingLevel: number; firstPage: number }[]): OutlineNode[] {
  const top: OutlineNode[] = [];
  const open: { level: number; node: OutlineNode }[] = [];
  for (const slide of slides) {
    if (!slide.title) continue;
    const level = slide.headingLevel || 6;
    const node: OutlineNode = { title: slide.title, pageIndex: slide.firstPage };
    while (open.length && open.at(-1)!.level >= level) open.pop();
    const parent = open.at(-1)?.node;
    if (parent) (parent.children ??= []).push(node);
    else top.push(node);
    open.push({ level, node });
  }
  return top;
}

/** `pdf` with `nodes` as its outline (the rest of the file, tags included, is kept). */
export async function withOutline(pdf: Uint8Array, nodes: OutlineNode[]): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  setOutline(doc, nodes);
  return doc.save();
}
