import { runSync, YIELD_MASK, type Steps } from '../ingest/cooperative';

/**
 * Exact dynamic-programming segmentation under a Dirichlet-multinomial language model per segment (the model of
 * BayesSeg, Eisenstein and Barzilay 2008, which generalises Utiyama and Isahara 2001). Each segment's words are
 * scored by their marginal likelihood under a symmetric Dirichlet prior theta: a segment whose words repeat scores
 * high, and the marginal likelihood's own Occam factor makes splitting a homogeneous span cost more than it gains,
 * so the number of segments comes out of the data. A length prior (measured in words or seconds) and per-boundary
 * cue scores (pauses, cue phrases) are added in log space.
 */

export interface SegmentationProblem {
  /** Term ids per unit (stemmed content words mapped to 0..vocabularySize-1). */
  terms: readonly (readonly number[])[];
  vocabularySize: number;
  /** Length of each unit in the unit of the length prior (words or seconds). */
  lengths: readonly number[];
  /** Log score added when a segment starts at unit i (index 0 unused). */
  boundaryScore: readonly number[];
  /** Log prior of a segment of the given length (same unit as `lengths`). */
  lengthLogPrior: (length: number) => number;
  /** Symmetric Dirichlet concentration per term. */
  theta: number;
  /** Segments longer than this (in `lengths` units) are not considered: bounds the cost on very long documents. */
  maxSegmentLength: number;
  /** Multiplier of the language-model score against the boundary and length scores. */
  lexicalWeight: number;
}

/**
 * Term occurrences the forward pass handles between two yields: under a millisecond of work, so a driver gets control
 * many times a second while the cost of yielding stays negligible.
 */
const WORK_PER_YIELD = 1 << 16;

/** Boundaries (starting with 0) of the segmentation with the highest total log score. */
export function optimalSegmentation(problem: SegmentationProblem): number[] {
  return runSync(optimalSegmentationSteps(problem));
}

/**
 * `optimalSegmentation` as steps (see `cooperative.ts`). On a 200,000-cue transcript the forward pass visits about
 * 160 million (start, end) pairs, seconds to tens of seconds of work, so it yields between segment starts.
 */
export function* optimalSegmentationSteps(problem: SegmentationProblem): Steps<number[]> {
  const n = problem.terms.length;
  if (n <= 1) return [0];
  // All units' term ids in one array (unit j's from termStart[j] to termStart[j + 1]), read in order by the pass.
  const termStart = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) termStart[j + 1] = (termStart[j] ?? 0) + (problem.terms[j]?.length ?? 0);
  const termIds = new Int32Array(termStart[n] ?? 0);
  for (let j = 0; j < n; j++) {
    if ((j & YIELD_MASK) === 0) yield;
    termIds.set(problem.terms[j] ?? [], termStart[j]);
  }
  const forward = new ForwardPass(problem, termIds, termStart);
  let work = 0;
  for (let i = 0; i < n; i++) {
    work += forward.extendFrom(i);
    if (work >= WORK_PER_YIELD) {
      work = 0;
      yield;
    }
  }
  return forward.boundaries();
}

/** The DP state: `best[i]` is the best score of units 0..i-1, `back[i]` where its last segment starts. */
class ForwardPass {
  readonly #p: SegmentationProblem;
  readonly #n: number;
  readonly #best: Float64Array;
  readonly #back: Int32Array;
  readonly #counts: Float64Array;
  readonly #termIds: Int32Array;
  readonly #termStart: Int32Array;
  readonly #logTheta: number;
  /**
   * `Math.log(c + theta)` and `Math.log(k + vocabularySize * theta)` for small integers, grown on demand: the inner
   * loop called Math.log twice per term occurrence, and reading these instead made the pass 3 times faster. The
   * entries are the very values Math.log returns, so scores and boundaries are bit-for-bit those of the direct form.
   */
  #logCount = new Float64Array(0);
  #logTokens = new Float64Array(0);

  constructor(problem: SegmentationProblem, termIds: Int32Array, termStart: Int32Array) {
    this.#p = problem;
    this.#n = problem.terms.length;
    this.#best = new Float64Array(this.#n + 1).fill(-Infinity);
    this.#best[0] = 0;
    this.#back = new Int32Array(this.#n + 1);
    this.#counts = new Float64Array(problem.vocabularySize);
    this.#logTheta = Math.log(problem.theta);
    this.#termIds = termIds;
    this.#termStart = termStart;
  }

  #ensureLogs(size: number): void {
    if (this.#logCount.length >= size) return;
    const length = Math.max(size, this.#logCount.length * 2, 1024);
    const { theta, vocabularySize } = this.#p;
    const vTheta = vocabularySize * theta;
    const logCount = new Float64Array(length);
    const logTokens = new Float64Array(length);
    for (let k = 0; k < length; k++) {
      logCount[k] = Math.log(k + theta);
      logTokens[k] = Math.log(k + vTheta);
    }
    this.#logCount = logCount;
    this.#logTokens = logTokens;
  }

  /**
   * Scores every segment that starts at unit i against the best ends found so far. Forward over segment starts:
   * best[i] is final once every start before i has been extended past it. Returns the term occurrences visited.
   */
  extendFrom(i: number): number {
    const { lengths, boundaryScore, lengthLogPrior, maxSegmentLength, lexicalWeight } = this.#p;
    const n = this.#n;
    const best = this.#best;
    const counts = this.#counts;
    const base = best[i] ?? -Infinity;
    if (base === -Infinity) return 1;
    const startScore = i === 0 ? 0 : (boundaryScore[i] ?? 0);
    const logTheta = this.#logTheta;
    const termIds = this.#termIds;
    const termStart = this.#termStart;
    const touched: number[] = [];
    let tokens = 0;
    let logLik = 0;
    let length = 0;
    let j = i;
    for (; j < n; j++) {
      length += lengths[j] ?? 0;
      if (j > i && length > maxSegmentLength) break;
      const from = termStart[j] ?? 0;
      const to = termStart[j + 1] ?? from;
      // A count never exceeds the tokens seen, so one bound covers both tables.
      if (tokens + to - from >= this.#logCount.length) this.#ensureLogs(tokens + to - from + 1);
      const logCount = this.#logCount;
      const logTokens = this.#logTokens;
      for (let k = from; k < to; k++) {
        const t = termIds[k] ?? 0;
        const c = counts[t] ?? 0;
        if (c === 0) touched.push(t);
        // Sequential form of the Dirichlet-multinomial marginal: each token's predictive probability given the
        // tokens of the segment so far; the first occurrence of a term costs log(theta), a repeat far less.
        logLik += (c === 0 ? logTheta : (logCount[c] ?? 0)) - (logTokens[tokens] ?? 0);
        counts[t] = c + 1;
        tokens++;
      }
      const score = base + startScore + lexicalWeight * logLik + lengthLogPrior(length);
      if (score > (best[j + 1] ?? -Infinity)) {
        best[j + 1] = score;
        this.#back[j + 1] = i;
      }
    }
    for (const t of touched) counts[t] = 0;
    return tokens + (j - i) + 1;
  }

  boundaries(): number[] {
    const back = this.#back;
    const boundaries: number[] = [];
    for (let j = this.#n; j > 0; j = back[j] ?? 0) boundaries.push(back[j] ?? 0);
    return boundaries.reverse();
  }
}
