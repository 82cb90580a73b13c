import { runSync, YIELD_MASK, type Steps } from '../ingest/cooperative';

/**
 * TextTiling-style cohesion dips (Hearst 1997) over units: for each gap before unit i, the TF-IDF cosine between the
 * `windowTokens` content tokens before it and the same amount after it, smoothed, then the depth of each local
 * minimum (how far the curve climbs back up on both sides). A cosine is scale-free, so a sharp topic change scores the
 * same in a short chat as in a long meeting, which a likelihood gain does not.
 */
export function depthScores(
  terms: readonly (readonly number[])[],
  vocabularySize: number,
  windowTokens: number,
): number[] {
  return runSync(depthScoresSteps(terms, vocabularySize, windowTokens));
}

/** `depthScores` as steps that yield every few thousand gaps (see `cooperative.ts`). */
export function* depthScoresSteps(
  terms: readonly (readonly number[])[],
  vocabularySize: number,
  windowTokens: number,
): Steps<number[]> {
  const n = terms.length;
  if (n < 3) return new Array<number>(n).fill(0);
  const df = new Float64Array(vocabularySize);
  for (const [j, ts] of terms.entries()) {
    if ((j & YIELD_MASK) === 0) yield;
    for (const t of new Set(ts)) df[t] = (df[t] ?? 0) + 1;
  }
  const idf = Float64Array.from(df, (d) => (d > 0 ? Math.log(n / d) + 0.1 : 0));
  // Windows walk only the units that have terms: a long run of cues without content words ("[Music]") would
  // otherwise be walked again for every gap near it. Skipping them adds nothing to a window, so the sums are the same.
  const withTerms: number[] = [];
  for (let j = 0; j < n; j++) if ((terms[j]?.length ?? 0) > 0) withTerms.push(j);

  const similarity = new Array<number>(n).fill(0);
  const left = new Float64Array(vocabularySize);
  const right = new Float64Array(vocabularySize);
  // withTerms[before] is the first unit with terms at or after unit i.
  let before = 0;
  for (let i = 1; i < n; i++) {
    if ((i & YIELD_MASK) === 0) yield;
    while ((withTerms[before] ?? n) < i) before++;
    const touched: number[] = [];
    const fill = (vec: Float64Array, from: number, step: number) => {
      let taken = 0;
      for (let k = from; k >= 0 && k < withTerms.length && taken < windowTokens; k += step) {
        for (const t of terms[withTerms[k] ?? 0] ?? []) {
          if ((vec[t] ?? 0) === 0) touched.push(t);
          vec[t] = (vec[t] ?? 0) + 1;
          taken++;
        }
      }
    };
    fill(left, before - 1, -1);
    fill(right, before, 1);
    let dot = 0;
    let nl = 0;
    let nr = 0;
    for (const t of new Set(touched)) {
      const w = (idf[t] ?? 0) ** 2;
      const l = left[t] ?? 0;
      const r = right[t] ?? 0;
      dot += l * r * w;
      nl += l * l * w;
      nr += r * r * w;
      left[t] = 0;
      right[t] = 0;
    }
    similarity[i] = nl > 0 && nr > 0 ? dot / Math.sqrt(nl * nr) : 0;
  }
  return dipDepths(similarity);
}

/**
 * The depth of each local minimum of a cohesion curve (`similarity[i]` for the gap before unit i; index 0 unused):
 * how far the lightly smoothed curve climbs back up on both sides. Shared by the lexical and the embedding signals.
 */
export function dipDepths(similarity: readonly number[]): number[] {
  const n = similarity.length;
  const depth = new Array<number>(n).fill(0);
  if (n < 3) return depth;
  // Light smoothing over neighbouring gaps: a single back-channel turn should not make a dip on its own.
  const smooth = similarity.map((s, i) => {
    if (i === 0) return 0;
    const a = similarity[i - 1] ?? s;
    const b = similarity[i + 1] ?? s;
    return (i > 1 ? a + 2 * s + b : 2 * s + b) / (i > 1 ? 4 : 3);
  });
  // How high the curve climbs from each gap, walking left (or right) while it does not fall. Built once from the
  // neighbour's climb, so a long flat stretch (every point of it a minimum) costs O(n), not O(n^2) scans.
  const climbLeft = new Float64Array(n);
  for (let j = 1; j < n; j++) {
    const s = smooth[j] ?? 0;
    climbLeft[j] = j > 1 && (smooth[j - 1] ?? 0) >= s ? (climbLeft[j - 1] ?? s) : s;
  }
  const climbRight = new Float64Array(n);
  for (let j = n - 1; j >= 1; j--) {
    const s = smooth[j] ?? 0;
    climbRight[j] = j < n - 1 && (smooth[j + 1] ?? 0) >= s ? (climbRight[j + 1] ?? s) : s;
  }
  for (let i = 1; i < n; i++) {
    const s = smooth[i] ?? 0;
    if (s > (smooth[i - 1] ?? Infinity) && i > 1) continue;
    if (s > (smooth[i + 1] ?? Infinity)) continue;
    const hl = climbLeft[i] ?? s;
    const hr = climbRight[i] ?? s;
    depth[i] = hl - s + (hr - s);
  }
  return depth;
}
