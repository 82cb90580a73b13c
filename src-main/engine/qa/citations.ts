import type { Citation } from '../../../src-shared/domain/answer';
import type { DocumentIndex } from '../index/documentIndex';
import { locate } from '../index/pooledIndex';

// `[S12 p.34]`, or `[D3 S12 p.34]` in a collection (the document's label, then the segment's).
const LABEL = /\[((?:D\d+ )?S\d+)(?:[^\]]*)\]/g;

/** The citation's place: its document, and the unit there that holds `offset` of the index's text. */
function sourceOf(index: DocumentIndex, offset: number): Pick<Citation, 'docId' | 'unitIndex' | 'anchor'> {
  const { docId, unitIndex, anchor } = locate(index, offset);
  return { docId, unitIndex, anchor };
}
// “quoted text” or "quoted text" of at least three words.
const QUOTE = /[“"]([^”"\n]{12,400})[”"]/g;

function normalise(text: string): string {
  return text.toLowerCase().replace(/[‘’]/g, "'").replace(/\s+/g, ' ').trim();
}

/**
 * Turns the segment labels an answer cites into citations with pages or times, and checks every quote in the answer
 * against the source: a quote that does not occur in the cited segment (or anywhere in the document) is flagged.
 */
export function extractCitations(answer: string, index: DocumentIndex): Citation[] {
  const byId = new Map(index.segments.map((s) => [s.id, s]));
  const citations: Citation[] = [];
  const seen = new Set<string>();
  const quotes = [...answer.matchAll(QUOTE)].map((m) => ({ text: m[1] ?? '', at: m.index }));
  for (const match of answer.matchAll(LABEL)) {
    const id = match[1] ?? '';
    const segment = byId.get(id);
    if (!segment || seen.has(id)) continue;
    seen.add(id);
    const citation: Citation = { segmentId: id, ...sourceOf(index, segment.start) };
    // The quote that comes right before this label (within 300 characters) is attributed to it.
    const quote = quotes.filter((q) => q.at < match.index && match.index - q.at < 300).at(-1);
    if (quote) {
      const inSegment = normalise(index.doc.text.slice(segment.start, segment.end)).includes(normalise(quote.text));
      const anywhere = inSegment || normalise(index.doc.text).includes(normalise(quote.text));
      citation.quote = quote.text;
      citation.quoteFound = anywhere;
      if (inSegment) {
        const at = index.doc.text.toLowerCase().indexOf(quote.text.toLowerCase(), segment.start);
        if (at >= 0) Object.assign(citation, sourceOf(index, at));
      }
    }
    citations.push(citation);
  }
  return citations;
}
