import type { TextLine } from './layoutTypes';

/** How many lines at the top and at the bottom of a page may be a running header or footer. */
const EDGE_LINES = 2;
const PAGE_NUMBER = /^(?:page\s*)?[-–—([]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)\]]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i;

export interface RunningLinesResult {
  pages: TextLine[][];
  removed: number;
}

/**
 * Drops running headers and footers: a line among the top or bottom lines of a page whose text, digits masked,
 * recurs at an edge on at least half of the pages, or on most pages of one parity (documents of 4 pages or more), and bare page numbers at an
 * edge (documents of 2 pages or more). They would otherwise repeat in every passage and confuse chaptering.
 */
export function removeRunningLines(pages: readonly TextLine[][]): RunningLinesResult {
  const edges = pages.map(edgeLines);
  // Books alternate running heads (title on left pages, chapter on right), so each parity is also counted alone.
  const all = countKeys(edges, () => true);
  const byParity = [countKeys(edges, (i) => i % 2 === 0), countKeys(edges, (i) => i % 2 === 1)];
  let removed = 0;
  const result = pages.map((lines, i) => {
    if (pages.length < 2) return [...lines];
    const edge = edges[i] ?? new Set<TextLine>();
    const parity = byParity[i % 2] ?? all;
    return lines.filter((line) => {
      if (!edge.has(line)) return true;
      const key = edgeKey(line);
      const drop =
        PAGE_NUMBER.test(line.text) ||
        (pages.length >= 4 && (isFrequent(all, key, 0.5) || isFrequent(parity, key, 0.6)));
      if (drop) removed++;
      return !drop;
    });
  });
  // A document whose every line repeats (the same stamp on each page) is content, not decoration.
  if (result.every((lines) => lines.length === 0)) return { pages: pages.map((lines) => [...lines]), removed: 0 };
  return { pages: result, removed };
}

interface KeyCounts {
  counts: Map<string, number>;
  /** Pages with any text: blank pages say nothing about headers. */
  pages: number;
}

function countKeys(edges: readonly Set<TextLine>[], include: (pageIndex: number) => boolean): KeyCounts {
  const counts = new Map<string, number>();
  let pages = 0;
  for (const [i, edge] of edges.entries()) {
    if (!include(i) || edge.size === 0) continue;
    pages++;
    for (const key of new Set([...edge].map(edgeKey))) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { counts, pages };
}

function isFrequent({ counts, pages }: KeyCounts, key: string, share: number): boolean {
  return (counts.get(key) ?? 0) >= Math.max(3, Math.ceil(pages * share));
}

function edgeLines(lines: readonly TextLine[]): Set<TextLine> {
  const edge = new Set<TextLine>();
  const byTop = [...lines].sort((a, b) => b.bbox[3] - a.bbox[3]);
  // On a short page nearly every line is at an edge; look at fewer so body lines are not taken for headers.
  const take = Math.max(1, Math.min(EDGE_LINES, Math.floor(lines.length / 4)));
  for (const line of byTop.slice(0, take)) edge.add(line);
  for (const line of byTop.slice(-take)) edge.add(line);
  return edge;
}

/** Digits masked so "Page 3" and "Page 4", or a header carrying the page number, count as one pattern. */
function edgeKey(line: TextLine): string {
  return line.text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}
