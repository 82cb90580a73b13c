export interface FusedItem {
  index: number;
  score: number;
}

export interface FuseOptions {
  /** The RRF constant: larger flattens the advantage of the very top ranks. Default 60 (Cormack et al. 2009). */
  k?: number;
  /** One weight per ranking (default 1 each), e.g. to trust keywords more than embeddings. */
  weights?: readonly number[];
  /** Keep only the best this many. Default: all. */
  limit?: number;
}

/**
 * Reciprocal rank fusion: each ranking (best first, segment indices) gives an item `weight / (k + rank)` with rank
 * counted from 1, and the sums are ranked. Only ranks are used, so BM25 scores and cosines need no common scale.
 * Items missing from a ranking get nothing from it. Ties go to the lower index, so the result is deterministic.
 */
export function fuseRankings(rankings: readonly (readonly number[])[], options: FuseOptions = {}): FusedItem[] {
  const k = options.k ?? 60;
  if (!(k >= 0)) throw new RangeError(`fuseRankings: k must be >= 0, got ${k}`);
  const scores = new Map<number, number>();
  rankings.forEach((ranking, r) => {
    const weight = options.weights?.[r] ?? 1;
    const seen = new Set<number>();
    ranking.forEach((index, position) => {
      // A ranking that lists an item twice counts only its better rank.
      if (seen.has(index)) return;
      seen.add(index);
      scores.set(index, (scores.get(index) ?? 0) + weight / (k + position + 1));
    });
  });
  const fused = [...scores]
    .map(([index, score]) => ({ index, score }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
  return options.limit === undefined ? fused : fused.slice(0, Math.max(0, options.limit));
}
