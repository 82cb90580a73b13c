import { describe, expect, it } from 'vitest';
import { depthScores, dipDepths } from '../../../src-main/engine/chapters/depthScores';
import { optimalSegmentation, type SegmentationProblem } from '../../../src-main/engine/chapters/optimalSegmentation';
import { seededRandom } from '../../../src-main/measure/seededRandom';

// The segmenter was made faster (log tables, windows that skip empty units, climbs built once) on the promise that
// its output does not change. These references are the direct forms it replaced; the rewrites must match them exactly.

function referenceSegmentation(problem: SegmentationProblem): number[] {
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

function referenceDips(similarity: readonly number[]): number[] {
  const n = similarity.length;
  const depth = new Array<number>(n).fill(0);
  if (n < 3) return depth;
  const smooth = similarity.map((s, i) => {
    if (i === 0) return 0;
    const a = similarity[i - 1] ?? s;
    const b = similarity[i + 1] ?? s;
    return (i > 1 ? a + 2 * s + b : 2 * s + b) / (i > 1 ? 4 : 3);
  });
  for (let i = 1; i < n; i++) {
    const s = smooth[i] ?? 0;
    if (s > (smooth[i - 1] ?? Infinity) && i > 1) continue;
    if (s > (smooth[i + 1] ?? Infinity)) continue;
    let hl = s;
    for (let j = i - 1; j >= 1 && (smooth[j] ?? 0) >= hl; j--) hl = smooth[j] ?? hl;
    let hr = s;
    for (let j = i + 1; j < n && (smooth[j] ?? 0) >= hr; j++) hr = smooth[j] ?? hr;
    depth[i] = hl - s + (hr - s);
  }
  return depth;
}

function referenceDepthScores(terms: readonly (readonly number[])[], vocabularySize: number, windowTokens: number) {
  const n = terms.length;
  if (n < 3) return new Array<number>(n).fill(0);
  const df = new Float64Array(vocabularySize);
  for (const ts of terms) for (const t of new Set(ts)) df[t] = (df[t] ?? 0) + 1;
  const idf = Float64Array.from(df, (d) => (d > 0 ? Math.log(n / d) + 0.1 : 0));
  const similarity = new Array<number>(n).fill(0);
  const left = new Float64Array(vocabularySize);
  const right = new Float64Array(vocabularySize);
  for (let i = 1; i < n; i++) {
    const touched: number[] = [];
    const fill = (vec: Float64Array, from: number, step: number) => {
      let taken = 0;
      for (let j = from; j >= 0 && j < n && taken < windowTokens; j += step) {
        for (const t of terms[j] ?? []) {
          if ((vec[t] ?? 0) === 0) touched.push(t);
          vec[t] = (vec[t] ?? 0) + 1;
          taken++;
        }
      }
    };
    fill(left, i - 1, -1);
    fill(right, i, 1);
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
  return referenceDips(similarity);
}

/** Units drawn from a few topics' vocabularies, with runs of empty units (music, applause) between some of them. */
function randomTerms(seed: number, n: number, vocabularySize: number, emptyShare: number): number[][] {
  const rand = seededRandom(seed);
  const topics = 4;
  const perTopic = Math.floor(vocabularySize / topics);
  let topic = 0;
  return Array.from({ length: n }, () => {
    if (rand() < 0.03) topic = Math.floor(rand() * topics);
    if (rand() < emptyShare) return [];
    const ids = new Set<number>();
    const count = 1 + Math.floor(rand() * 12);
    for (let k = 0; k < count; k++) {
      const id = rand() < 0.7 ? topic * perTopic + Math.floor(rand() * perTopic) : Math.floor(rand() * vocabularySize);
      ids.add(id);
    }
    return [...ids];
  });
}

function randomProblem(seed: number, n: number, theta: number, maxSegmentLength: number): SegmentationProblem {
  const rand = seededRandom(seed + 1);
  const vocabularySize = 40 + (seed % 7) * 30;
  const lengths = Array.from({ length: n }, () => 1 + rand() * 9);
  const boundaryScore = Array.from({ length: n }, () => (rand() < 0.1 ? rand() * 4 : 0));
  return {
    terms: randomTerms(seed, n, vocabularySize, 0.1),
    vocabularySize,
    lengths,
    boundaryScore,
    lengthLogPrior: (length) => {
      const d = Math.max(0, Math.log(Math.max(length, 1e-3)) - Math.log(60)) / Math.log(2);
      return -3 * d * d;
    },
    theta,
    maxSegmentLength,
    lexicalWeight: 1,
  };
}

describe('the segmenter rewrites give exactly the results of the direct forms', () => {
  it.each([
    [1, 1, 240],
    [2, 3, 240],
    [3, 0.37, 400],
    [4, 3, 5000],
  ])('optimal segmentation (seed %i, theta %d, max length %i)', (seed, theta, maxLength) => {
    const problem = randomProblem(seed, 1500, theta, maxLength);
    const expected = referenceSegmentation(problem);
    expect(expected.length).toBeGreaterThan(2);
    expect(optimalSegmentation(problem)).toEqual(expected);
  });

  it('TextTiling depths, with long runs of units that have no terms', () => {
    for (const [seed, emptyShare] of [
      [5, 0],
      [6, 0.3],
      [7, 0.9],
    ] as const) {
      const terms = randomTerms(seed, 3000, 200, emptyShare);
      // A stretch of 400 empty units: the old windows walked all of it for every gap nearby.
      terms.splice(1000, 0, ...Array.from({ length: 400 }, () => []));
      const expected = referenceDepthScores(terms, 200, 80);
      expect(expected.some((d) => d > 0)).toBe(true);
      expect(depthScores(terms, 200, 80)).toEqual(expected);
    }
  });

  it('dip depths on curves with plateaus, and in linear time on a long flat curve', () => {
    const rand = seededRandom(11);
    for (let trial = 0; trial < 20; trial++) {
      // Few distinct levels, so equal neighbours (plateaus) are common.
      const curve = Array.from({ length: 400 }, () => Math.floor(rand() * 4) / 4);
      expect(dipDepths(curve)).toEqual(referenceDips(curve));
    }
    const flat = new Array<number>(200_000).fill(0.25);
    flat[0] = 0;
    flat[100_000] = 0.1;
    const started = performance.now();
    const depth = dipDepths(flat);
    const ms = performance.now() - started;
    // Every point of a plateau is a minimum; scanning the plateau from each was 10^10 steps at this length.
    expect(ms).toBeLessThan(2000);
    // Smoothed, the dip is (0.25 + 2 * 0.1 + 0.25) / 4 = 0.175, and the curve climbs back to 0.25 on both sides.
    expect(depth[100_000]).toBeCloseTo(2 * (0.25 - 0.175), 10);
    expect(depth.filter((d) => d > 0)).toHaveLength(1);
  });
});
