import { Bm25Index, rankByScore, type Bm25Params } from './bm25';
import { indexPassages, type PassageIndex, type PassageIndexOptions } from './passageIndex';
import type { Segment } from './segmentDocument';
import { indexTerms, queryTerms } from './terms';

export interface SegmentIndex {
  /** The document's text, which every offset here points into. */
  text: string;
  segments: readonly Segment[];
  bm25: Bm25Index;
  /** Each segment's index terms (feedback reads them). */
  terms: readonly (readonly string[])[];
  /** The same text at a finer grain, for choosing what to expand (`selectExpansions`). */
  passages: PassageIndex;
}

export interface IndexOptions {
  /**
   * How many times a segment's chapter title is added to its terms. PODTILE found chapter titles help sparse search:
   * a title names the topic that the segment's own words may only imply.
   */
  titleWeight?: number;
  bm25?: Bm25Params;
  passages?: PassageIndexOptions;
}

export interface RetrievedSegment {
  segment: Segment;
  score: number;
}

/** Builds the BM25 index of a document's segments (once per document; every question reuses it). */
export function indexSegments(text: string, segments: readonly Segment[], options: IndexOptions = {}): SegmentIndex {
  const titleWeight = options.titleWeight ?? 1;
  const docs = segments.map((s) => {
    const terms = indexTerms(text.slice(s.start, s.end));
    if (s.chapterTitle !== undefined) {
      const titleTerms = indexTerms(s.chapterTitle);
      for (let i = 0; i < titleWeight; i++) terms.push(...titleTerms);
    }
    return terms;
  });
  return {
    text,
    segments,
    bm25: new Bm25Index(docs, options.bm25),
    terms: docs,
    passages: indexPassages(text, segments, { titleWeight, ...options.passages }),
  };
}

export interface RetrieveOptions {
  /** How many segments to return. Default 8. */
  k?: number;
  /**
   * Share of each neighbour's score added to a segment's own. Evidence for a question is often a stretch of several
   * segments (a meeting topic, a section) whose middle part repeats fewer of the question's words. Default 0.
   */
  neighbourWeight?: number;
  /**
   * Pseudo-relevance feedback (RM3-like): add the `terms` most distinctive terms of the top `docs` segments to the
   * query at `weight` each. Questions name a topic in a few words; the passages about it use many more.
   */
  feedback?: { docs: number; terms: number; weight: number };
}

/**
 * The top `k` segments for a question by BM25, best first; segments sharing no term with the question are never
 * returned, so an empty list means the document has nothing on the question (say so rather than guess).
 */
export function retrieve(index: SegmentIndex, question: string, options: RetrieveOptions = {}): RetrievedSegment[] {
  const k = options.k ?? 8;
  const query = queryTerms(question);
  let scores = index.bm25.scores(query);
  if (options.feedback !== undefined && options.feedback.terms > 0) {
    const top = rankByScore(scores).slice(0, options.feedback.docs);
    const weights = feedbackTerms(index, top, new Set(query), options.feedback.terms, options.feedback.weight);
    for (const term of query) weights.set(term, 1);
    scores = index.bm25.scores([...weights.keys()], weights);
  }
  const w = options.neighbourWeight ?? 0;
  const smoothed = w === 0 ? scores : scores.map((s, i) => s + w * ((scores[i - 1] ?? 0) + (scores[i + 1] ?? 0)));
  return rankByScore(smoothed)
    .slice(0, k)
    .map((i) => ({ segment: index.segments[i]!, score: smoothed[i] ?? 0 }));
}

/** Terms of the feedback segments weighted by frequency there times IDF, best `n`, excluding the query's own. */
function feedbackTerms(
  index: SegmentIndex,
  top: readonly number[],
  exclude: ReadonlySet<string>,
  n: number,
  weight: number,
): Map<string, number> {
  const tf = new Map<string, number>();
  for (const i of top) for (const t of index.terms[i] ?? []) if (!exclude.has(t)) tf.set(t, (tf.get(t) ?? 0) + 1);
  const ranked = [...tf].map(([t, f]) => [t, f * index.bm25.idf(t)] as const).sort((a, b) => b[1] - a[1]);
  return new Map(ranked.slice(0, n).map(([t]) => [t, weight]));
}
