import type { RetrievedSegment, SegmentIndex } from '../index/retrieve';
import { sentenceRanges } from '../index/sentenceRanges';
import { indexTerms } from '../index/terms';

/** A verbatim excerpt of the document chosen for a question: a passages result, never a generated answer. */
export interface Passage {
  kind: 'passage';
  segmentId: string;
  /** The segment's label with its anchor (`S12 p.34`, `S12 00:41:05`): where the passage is in the source. */
  label: string;
  start: number;
  end: number;
  text: string;
  score: number;
}

export interface SelectPassagesOptions {
  /** Most passages returned. Default 5. */
  maxPassages?: number;
  /** Sentences kept on each side of a matching sentence, for context. Default 1. */
  neighbours?: number;
  /** Weight of a neighbour's match score in a sentence's score (EXIT scores a sentence in its context). Default 0.5. */
  neighbourWeight?: number;
}

export interface ScoredSentence {
  segment: RetrievedSegment['segment'];
  start: number;
  end: number;
  score: number;
}

/**
 * Scores every sentence of the given segments by the question's content words it contains (each distinct term once,
 * weighted by its IDF over the document's segments), plus a share of its neighbours' scores: a sentence right after
 * a matching one often holds the answer (EXIT's context-aware sentence classification, done lexically).
 */
export function scoreSentences(
  text: string,
  index: SegmentIndex,
  segments: readonly RetrievedSegment[],
  question: string,
  neighbourWeight = 0.5,
): ScoredSentence[] {
  const query = new Set(indexTerms(question));
  const out: ScoredSentence[] = [];
  for (const { segment } of segments) {
    const sentences = sentenceRanges(text, segment.start, segment.end);
    const own = sentences.map(([s, e]) => {
      let score = 0;
      for (const term of new Set(indexTerms(text.slice(s, e)))) if (query.has(term)) score += index.bm25.idf(term);
      return score;
    });
    sentences.forEach(([s, e], i) => {
      const score = (own[i] ?? 0) + neighbourWeight * ((own[i - 1] ?? 0) + (own[i + 1] ?? 0));
      out.push({ segment, start: s, end: e, score });
    });
  }
  return out;
}

/**
 * The no-model answer: the best sentences of the top segments with their neighbours, merged into passages and
 * returned best first with their anchors. Empty when nothing in the segments matches the question.
 */
export function selectPassages(
  text: string,
  index: SegmentIndex,
  segments: readonly RetrievedSegment[],
  question: string,
  options: SelectPassagesOptions = {},
): Passage[] {
  const maxPassages = options.maxPassages ?? 5;
  const neighbours = options.neighbours ?? 1;
  const scored = scoreSentences(text, index, segments, question, options.neighbourWeight);
  const passages: Passage[] = [];
  const taken: [number, number][] = [];
  const order = scored
    .map((s, i) => ({ ...s, i }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.start - b.start);
  for (const best of order) {
    if (passages.length >= maxPassages) break;
    if (taken.some(([s, e]) => best.start < e && best.end > s)) continue;
    // Widen to the neighbouring sentences of the same segment.
    let lo = best.i;
    let hi = best.i;
    for (let k = 0; k < neighbours; k++) {
      if (scored[lo - 1]?.segment === best.segment) lo--;
      if (scored[hi + 1]?.segment === best.segment) hi++;
    }
    let start = scored[lo]!.start;
    let end = scored[hi]!.end;
    // Neighbours already shown in a better passage are not repeated: fall back to the sentence alone.
    if (taken.some(([s, e]) => start < e && end > s)) [start, end] = [best.start, best.end];
    const merged: [number, number] = [start, end];
    taken.push(merged);
    passages.push({
      kind: 'passage',
      segmentId: best.segment.id,
      label: best.segment.label,
      start: merged[0],
      end: merged[1],
      text: text.slice(merged[0], merged[1]),
      score: best.score,
    });
  }
  return passages;
}
