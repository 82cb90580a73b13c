import { Bm25Index, type Bm25Params } from './bm25';
import { estimateTokens } from './countTokens';
import type { Segment } from './segmentDocument';
import { sentenceRanges } from './sentenceRanges';
import { indexTerms } from './terms';

/** A sentence of a segment (trimmed character range), the smallest piece an expansion is made of. */
export interface IndexedSentence {
  start: number;
  end: number;
  /** Index of its segment. */
  segment: number;
}

/** A run of whole sentences of one segment: the grain questions are matched against. */
export interface PassageSpan {
  segment: number;
  /** First sentence and one past the last (indices into `PassageIndex.sentences`). */
  firstSentence: number;
  endSentence: number;
  start: number;
  end: number;
}

export interface PassageIndex {
  sentences: readonly IndexedSentence[];
  passages: readonly PassageSpan[];
  bm25: Bm25Index;
}

export interface PassageIndexOptions {
  /** Most tokens (model-free estimate) per passage; a longer sentence is a passage of its own. Default 96. */
  passageTokens?: number;
  /** BM25 over passages. Default k1 0.9, b 0.4: short passages, where one more mention says less. */
  bm25?: Bm25Params;
  /** How many times a passage's chapter title is added to its terms (as for segments). Default 1. */
  titleWeight?: number;
}

export const DEFAULT_PASSAGE_TOKENS = 96;
export const PASSAGE_BM25: Bm25Params = { k1: 0.9, b: 0.4 };

/**
 * Cuts every segment into passages of about `passageTokens` and indexes them. A 512-token segment about several
 * things ranks by its best-matching part and then costs the budget all of its parts; passages let the context take
 * the matching part alone. Passages follow line breaks (paragraphs, speaker turns, clauses): a new line joins the open
 * passage only if the whole line fits, so a paragraph is not cut in two where it need not be.
 */
export function indexPassages(
  text: string,
  segments: readonly Segment[],
  options: PassageIndexOptions = {},
): PassageIndex {
  const maxTokens = options.passageTokens ?? DEFAULT_PASSAGE_TOKENS;
  const titleWeight = options.titleWeight ?? 1;
  const sentences: IndexedSentence[] = [];
  const passages: PassageSpan[] = [];
  segments.forEach((segment, s) => {
    let open: PassageSpan | undefined;
    for (const [start, end] of sentenceRanges(text, segment.start, segment.end)) {
      const i = sentences.length;
      sentences.push({ start, end, segment: s });
      if (open !== undefined && joins(text, open, start, end, segment.end, maxTokens)) {
        open.endSentence = i + 1;
        open.end = end;
        continue;
      }
      if (open !== undefined) passages.push(open);
      open = { segment: s, firstSentence: i, endSentence: i + 1, start, end };
    }
    if (open !== undefined) passages.push(open);
  });
  const docs = passages.map((p) => {
    const terms = indexTerms(text.slice(p.start, p.end));
    const title = segments[p.segment]?.chapterTitle;
    if (title !== undefined) {
      const titleTerms = indexTerms(title);
      for (let i = 0; i < titleWeight; i++) terms.push(...titleTerms);
    }
    return terms;
  });
  return { sentences, passages, bm25: new Bm25Index(docs, options.bm25 ?? PASSAGE_BM25) };
}

/** Whether the sentence [start, end) joins the open passage: it fits, and if it starts a line, its whole line fits. */
function joins(text: string, open: PassageSpan, start: number, end: number, limit: number, maxTokens: number): boolean {
  if (estimateTokens(text.slice(open.start, end)) > maxTokens) return false;
  if (!text.slice(open.end, start).includes('\n')) return true;
  const lineBreak = text.indexOf('\n', start);
  const lineEnd = lineBreak < 0 || lineBreak > limit ? limit : lineBreak;
  return estimateTokens(text.slice(open.start, lineEnd)) <= maxTokens;
}
