import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface RawOutlineEntry {
  title: string;
  level: number;
  /** 1-based page, when the destination resolves. */
  page?: number;
}

/** Outlines of hostile files can be huge or cyclic; beyond this they are no use as a table of contents anyway. */
const MAX_ENTRIES = 5000;
const MAX_DEPTH = 12;

interface PdfjsOutlineNode {
  title: string;
  dest: string | unknown[] | null;
  items: PdfjsOutlineNode[];
}

/**
 * Reads the bookmarks, depth first, with each destination resolved to a page. A destination that does not resolve
 * keeps its title without a page; a broken outline yields what was read before the break.
 */
export async function readOutline(doc: PDFDocumentProxy, warnings: string[]): Promise<RawOutlineEntry[]> {
  let roots: PdfjsOutlineNode[] | null;
  try {
    roots = await doc.getOutline();
  } catch {
    warnings.push('The PDF bookmarks could not be read.');
    return [];
  }
  const entries: RawOutlineEntry[] = [];
  let unresolved = 0;
  const visit = async (nodes: readonly PdfjsOutlineNode[], level: number): Promise<void> => {
    for (const node of nodes) {
      if (entries.length >= MAX_ENTRIES) return;
      const title = (node.title ?? '').replace(/\s+/g, ' ').trim();
      const page = await resolvePage(doc, node.dest);
      if (page === undefined) unresolved++;
      if (title !== '') entries.push(page === undefined ? { title, level } : { title, level, page });
      if (Array.isArray(node.items) && node.items.length > 0 && level < MAX_DEPTH) await visit(node.items, level + 1);
    }
  };
  await visit(roots ?? [], 1);
  if (unresolved > 0) warnings.push(`${unresolved} bookmark(s) point nowhere in the document and have no page.`);
  return entries;
}

async function resolvePage(doc: PDFDocumentProxy, dest: PdfjsOutlineNode['dest']): Promise<number | undefined> {
  try {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
    if (!Array.isArray(explicit) || explicit.length === 0) return undefined;
    const target: unknown = explicit[0];
    let index: number;
    if (typeof target === 'number') {
      // Some producers write a page index instead of a page reference.
      index = target;
    } else if (typeof target === 'object' && target !== null && 'num' in target && 'gen' in target) {
      index = await doc.getPageIndex(target as { num: number; gen: number });
    } else {
      return undefined;
    }
    return Number.isInteger(index) && index >= 0 && index < doc.numPages ? index + 1 : undefined;
  } catch {
    return undefined;
  }
}
