import { estimateTokens, type CountTokens } from './countTokens';
import { fuseRankings } from './fuseRankings';
import type { PassageIndex } from './passageIndex';
import type { SegmentIndex } from './retrieve';
import type { Segment } from './segmentDocument';
import { queryTerms } from './terms';

/** A verbatim stretch of one segment appended at full resolution, with the label the model cites. */
export interface ExpansionPiece {
  segment: Segment;
  start: number;
  end: number;
  /** The segment's label (`S12 p.34`): citations name segments. */
  label: string;
  /** The best fused rank score of the passages it was made of (higher is better). */
  score?: number;
}

export interface ExpansionOptions {
  /** Weight of the passage's segment score in its rank; each score is divided by its best over the document. Default 0.5. */
  segmentWeight?: number;
  /** Weight of the segment's window score (its own plus half of each neighbour's). Default 0.5. */
  windowWeight?: number;
  /**
   * Passage indices ranked by an embedding model, best first. When given, the keyword ranking and this one are fused
   * by reciprocal rank fusion (hybrid retrieval): ranks, because BM25 scores and cosines share no scale, and so a
   * passage that says the question in other words still gets in.
   */
  dense?: readonly number[];
}

export const DEFAULT_EXPANSION: Required<Omit<ExpansionOptions, 'dense'>> = { segmentWeight: 0.5, windowWeight: 0.5 };

/** How a piece is written into the context; its cost is counted on exactly this text. */
export function expansionText(text: string, piece: Pick<ExpansionPiece, 'start' | 'end' | 'label'>): string {
  return `[${piece.label}]\n${text.slice(piece.start, piece.end)}\n`;
}

function normalised(scores: Float64Array): Float64Array {
  let best = 0;
  for (const s of scores) best = Math.max(best, s);
  return best > 0 ? scores.map((s) => s / best) : scores;
}

/**
 * Passages best first, by three grains fused on their scores: the passage's own BM25, its segment's, and the
 * segment's neighbourhood (a discussion or a section spans several segments whose middle repeats the question's words
 * less). Each grain is divided by its best score so that none dominates by scale. Passages with no score are left
 * out. Score fusion measured better than reciprocal rank fusion (k = 60) in a prototype of this ranking (128-token
 * passages, R = 4, no compressed document: mean recall over QMSum, Qasper and CUAD 0.680 against 0.652): ranks throw
 * away how far ahead the best passages are.
 */
export function rankPassages(index: SegmentIndex, question: string, options: ExpansionOptions = {}): number[] {
  const fused = fusedPassageScores(index, question, options);
  return fused
    .map((_, i) => i)
    .filter((i) => (fused[i] ?? 0) > 0)
    .sort((a, b) => (fused[b] ?? 0) - (fused[a] ?? 0) || a - b);
}

const fusedCache = new WeakMap<SegmentIndex, { key: string; scores: number[] }>();

/** Each passage's fused score (see `rankPassages`), computed once per (index, question, weights). */
function fusedPassageScores(index: SegmentIndex, question: string, options: ExpansionOptions): number[] {
  const { segmentWeight, windowWeight } = { ...DEFAULT_EXPANSION, ...options };
  const key = JSON.stringify([question, segmentWeight, windowWeight]);
  const cached = fusedCache.get(index);
  if (cached?.key === key) return cached.scores;
  const query = queryTerms(question);
  const own = normalised(index.passages.bm25.scores(query));
  const segmentScores = index.bm25.scores(query);
  const segment = normalised(segmentScores);
  const window = normalised(
    segmentScores.map((s, i) => s + 0.5 * ((segmentScores[i - 1] ?? 0) + (segmentScores[i + 1] ?? 0))),
  );
  const scores = index.passages.passages.map(
    (p, i) => (own[i] ?? 0) + segmentWeight * (segment[p.segment] ?? 0) + windowWeight * (window[p.segment] ?? 0),
  );
  fusedCache.set(index, { key, scores });
  return scores;
}

const sentenceCosts = new WeakMap<PassageIndex, Map<CountTokens, number[]>>();

/** Tokens of each sentence, counted once per index and counter (a model tokenizer is not free). */
function costsOf(index: SegmentIndex, count: CountTokens): number[] {
  let byCounter = sentenceCosts.get(index.passages);
  if (byCounter === undefined) sentenceCosts.set(index.passages, (byCounter = new Map<CountTokens, number[]>()));
  let costs = byCounter.get(count);
  if (costs === undefined) {
    costs = index.passages.sentences.map((s) => count(index.text.slice(s.start, s.end)));
    byCounter.set(count, costs);
  }
  return costs;
}

/**
 * What `ask` appends at full resolution for a question (compress, sense, expand): the best passages while they fit
 * `budgetTokens`, merged where they touch so that a stretch of evidence reads as one piece under one label, returned
 * in document order. The total is counted on the pieces' texts as written by `expansionText`, and never exceeds the
 * budget. Empty when nothing in the document shares a term with the question (and no `dense` ranking is given).
 */
export function selectExpansions(
  index: SegmentIndex,
  question: string,
  budgetTokens: number,
  countTokens: CountTokens = estimateTokens,
  options: ExpansionOptions = {},
): ExpansionPiece[] {
  if (budgetTokens <= 0) return [];
  const { sentences, passages } = index.passages;
  const costs = costsOf(index, countTokens);
  const labelCosts = index.segments.map((s) => countTokens(expansionText('', { start: 0, end: 0, label: s.label })));
  const chosen = new Uint8Array(sentences.length);
  const sameRun = (a: number, b: number) => chosen[b] === 1 && sentences[a]?.segment === sentences[b]?.segment;
  const runCost = (first: number, last: number) => {
    let cost = labelCosts[sentences[first]?.segment ?? 0] ?? 0;
    for (let i = first; i <= last; i++) cost += costs[i] ?? 0;
    return cost;
  };
  /** Extra tokens for choosing sentences [first, end): the merged run costs one label, the runs it swallows none. */
  const extraCost = (first: number, end: number) => {
    let lo = first;
    while (lo > 0 && sameRun(first, lo - 1)) lo--;
    let hi = end - 1;
    while (hi + 1 < sentences.length && sameRun(first, hi + 1)) hi++;
    let before = 0;
    for (let i = lo; i <= hi; i++) {
      if (chosen[i] !== 1) continue;
      let j = i;
      while (j + 1 <= hi && chosen[j + 1] === 1) j++;
      before += runCost(i, j);
      i = j;
    }
    return runCost(lo, hi) - before;
  };

  const steps: number[][] = [];
  let used = 0;
  // Per sentence, the rank score of the passage that chose it; a dense-only ranking scores by reciprocal rank.
  const sentenceScore = new Float64Array(sentences.length);
  const fusedScores = fusedPassageScores(index, question, options);
  const lexical = rankPassages(index, question, options);
  const order = options.dense ? fuseRankings([lexical, options.dense]).map((item) => item.index) : lexical;
  for (const p of order) {
    const passage = passages[p];
    if (passage === undefined) continue;
    const extra = extraCost(passage.firstSentence, passage.endSentence);
    if (used + extra > budgetTokens) continue;
    const step: number[] = [];
    const score = fusedScores[p] ?? 0;
    for (let i = passage.firstSentence; i < passage.endSentence; i++) {
      if (chosen[i] === 1) continue;
      chosen[i] = 1;
      sentenceScore[i] = score;
      step.push(i);
    }
    steps.push(step);
    used += extra;
  }

  let pieces = piecesOf(index, chosen, sentenceScore);
  // Sentence counts add up exactly for the estimate; a model tokenizer may merge or split at the joins.
  while (
    steps.length > 0 &&
    countTokens(pieces.map((piece) => expansionText(index.text, piece)).join('')) > budgetTokens
  ) {
    for (const i of steps.pop() ?? []) chosen[i] = 0;
    pieces = piecesOf(index, chosen, sentenceScore);
  }
  return pieces;
}

/** Maximal runs of chosen sentences within one segment, in document order. */
function piecesOf(index: SegmentIndex, chosen: Uint8Array, scores: Float64Array): ExpansionPiece[] {
  const { sentences } = index.passages;
  const pieces: ExpansionPiece[] = [];
  let previous = -1;
  sentences.forEach((s, i) => {
    if (chosen[i] !== 1) return;
    const last = pieces[pieces.length - 1];
    const score = scores[i] ?? 0;
    if (last !== undefined && previous === i - 1 && sentences[previous]?.segment === s.segment) {
      last.end = s.end;
      last.score = Math.max(last.score ?? 0, score);
    } else {
      const segment = index.segments[s.segment];
      if (segment !== undefined) pieces.push({ segment, start: s.start, end: s.end, label: segment.label, score });
    }
    previous = i;
  });
  return pieces;
}
