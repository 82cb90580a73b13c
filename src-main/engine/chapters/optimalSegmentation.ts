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

/** Boundaries (starting with 0) of the segmentation with the highest total log score. */
export function optimalSegmentation(problem: SegmentationProblem): number[] {
  const { terms, vocabularySize, lengths, boundaryScore, lengthLogPrior, theta, maxSegmentLength, lexicalWeight } =
    problem;
  const n = terms.length;
  if (n <= 1) return [0];
  const best = new Float64Array(n + 1).fill(-Infinity);
  const back = new Int32Array(n + 1);
  best[0] = 0;
  const counts = new Float64Array(vocabularySize);
  const vTheta = vocabularySize * theta;
  const logTheta = Math.log(theta);
  // Forward over segment starts: best[i] is final once every start before i has been extended past it.
  for (let i = 0; i < n; i++) {
    const base = best[i] ?? -Infinity;
    if (base === -Infinity) continue;
    const startScore = i === 0 ? 0 : (boundaryScore[i] ?? 0);
    const touched: number[] = [];
    let tokens = 0;
    let logLik = 0;
    let length = 0;
    for (let j = i; j < n; j++) {
      length += lengths[j] ?? 0;
      if (j > i && length > maxSegmentLength) break;
      for (const t of terms[j] ?? []) {
        const c = counts[t] ?? 0;
        if (c === 0) touched.push(t);
        // Sequential form of the Dirichlet-multinomial marginal: each token's predictive probability given the
        // tokens of the segment so far; the first occurrence of a term costs log(theta), a repeat far less.
        logLik += (c === 0 ? logTheta : Math.log(c + theta)) - Math.log(tokens + vTheta);
        counts[t] = c + 1;
        tokens++;
      }
      const score = base + startScore + lexicalWeight * logLik + lengthLogPrior(length);
      if (score > (best[j + 1] ?? -Infinity)) {
        best[j + 1] = score;
        back[j + 1] = i;
      }
    }
    for (const t of touched) counts[t] = 0;
  }
  const boundaries: number[] = [];
  for (let j = n; j > 0; j = back[j] ?? 0) boundaries.push(back[j] ?? 0);
  return boundaries.reverse();
}
