export interface DenseHit {
  index: number;
  /** Cosine similarity in [-1, 1]. */
  score: number;
}

/**
 * Segments ranked by cosine similarity to a query embedding, best first (ties: lower index). Vectors need not be
 * unit length. `vectors[i]` is segment i; a missing or wrong-width vector is left out rather than scored as 0, so a
 * half-embedded document ranks what it has.
 */
export function denseRanking(
  query: Float32Array,
  vectors: readonly (Float32Array | undefined)[],
  options: { limit?: number } = {},
): DenseHit[] {
  const queryNorm = Math.sqrt(dot(query, query));
  const hits: DenseHit[] = [];
  vectors.forEach((vector, index) => {
    if (!vector || vector.length !== query.length) return;
    const norm = Math.sqrt(dot(vector, vector)) * queryNorm;
    hits.push({ index, score: norm > 0 ? dot(query, vector) / norm : 0 });
  });
  hits.sort((a, b) => b.score - a.score || a.index - b.index);
  return options.limit === undefined ? hits : hits.slice(0, Math.max(0, options.limit));
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}
