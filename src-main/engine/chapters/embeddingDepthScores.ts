import { runSync, YIELD_MASK, type Steps } from '../ingest/cooperative';
import { dipDepths } from './depthScores';

/**
 * Embedding cohesion dips: for each gap before unit i, the cosine between the mean vector of the `windowUnits` units
 * before it and of those after it, then the depth of each local minimum (as TextTiling does with word counts). A
 * sentence embedding sees a change of topic that uses no repeated words (synonyms, paraphrase), which the lexical
 * signal misses.
 */
export function embeddingDepthScores(vectors: readonly Float32Array[], windowUnits: number): number[] {
  return runSync(embeddingDepthScoresSteps(vectors, windowUnits));
}

/** `embeddingDepthScores` as steps that yield every few thousand units (see `cooperative.ts`). */
export function* embeddingDepthScoresSteps(vectors: readonly Float32Array[], windowUnits: number): Steps<number[]> {
  const n = vectors.length;
  const dims = vectors[0]?.length ?? 0;
  if (n < 3 || dims === 0) return new Array<number>(n).fill(0);
  // Prefix sums make every window mean O(dims) instead of O(window * dims).
  const prefix = new Float64Array((n + 1) * dims);
  for (let i = 0; i < n; i++) {
    if ((i & YIELD_MASK) === 0) yield;
    const v = vectors[i];
    for (let d = 0; d < dims; d++) prefix[(i + 1) * dims + d] = (prefix[i * dims + d] ?? 0) + (v?.[d] ?? 0);
  }
  const similarity = new Array<number>(n).fill(0);
  for (let i = 1; i < n; i++) {
    if ((i & YIELD_MASK) === 0) yield;
    const a0 = Math.max(0, i - windowUnits);
    const b1 = Math.min(n, i + windowUnits);
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let d = 0; d < dims; d++) {
      const a = (prefix[i * dims + d] ?? 0) - (prefix[a0 * dims + d] ?? 0);
      const b = (prefix[b1 * dims + d] ?? 0) - (prefix[i * dims + d] ?? 0);
      dot += a * b;
      na += a * a;
      nb += b * b;
    }
    similarity[i] = na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
  }
  return dipDepths(similarity);
}
