import { describe, expect, it } from 'vitest';
import { denseRanking } from '../../../src-main/engine/onnx/denseRanking';
import { fuseRankings } from '../../../src-main/engine/index/fuseRankings';

describe('fuseRankings (reciprocal rank fusion)', () => {
  it('sums 1 / (k + rank) over the rankings, k = 60 by default', () => {
    const fused = fuseRankings([
      [3, 1, 2],
      [1, 4],
    ]);
    expect(fused.map((f) => f.index)).toEqual([1, 3, 4, 2]);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61, 12);
    expect(fused[1]!.score).toBeCloseTo(1 / 61, 12);
    expect(fused[2]!.score).toBeCloseTo(1 / 62, 12);
    expect(fused[3]!.score).toBeCloseTo(1 / 63, 12);
  });

  it('lets a small k favour the top of each list, and weights trust one list more', () => {
    const rankings = [
      [7, 8, 9],
      [9, 8, 7],
    ];
    // Symmetric lists tie 7 and 9; the tie goes to the lower index.
    expect(fuseRankings(rankings).map((f) => f.index)).toEqual([7, 9, 8]);
    expect(fuseRankings(rankings, { k: 0 }).map((f) => f.index)).toEqual([7, 9, 8]);
    expect(fuseRankings(rankings, { k: 1000 })[2]!.index).toBe(8);
    expect(fuseRankings(rankings, { weights: [1, 2] }).map((f) => f.index)).toEqual([9, 8, 7]);
    // k = 0: items 1 and 2 both score 1 + 1/2, ahead of 3 at 1; the tie goes to the lower index.
    expect(fuseRankings([[1, 2], [2, 1], [3]], { k: 0 })[0]!.index).toBe(1);
  });

  it('counts a duplicated item once per list, honours limit, and handles empty input', () => {
    expect(fuseRankings([[5, 5, 6]])).toEqual([
      { index: 5, score: 1 / 61 },
      { index: 6, score: 1 / 63 },
    ]);
    expect(fuseRankings([[1, 2, 3]], { limit: 2 }).map((f) => f.index)).toEqual([1, 2]);
    expect(fuseRankings([])).toEqual([]);
    expect(fuseRankings([[], []])).toEqual([]);
    expect(() => fuseRankings([[1]], { k: -1 })).toThrow(RangeError);
  });
});

describe('denseRanking', () => {
  it('ranks by cosine, whatever the vector lengths, and leaves out missing vectors', () => {
    const query = Float32Array.from([1, 0]);
    const vectors = [
      Float32Array.from([0, 5]), // orthogonal
      Float32Array.from([10, 10]), // 45 degrees, long
      undefined,
      Float32Array.from([0.1, 0]), // same direction, short
      Float32Array.from([-1, 0]), // opposite
      Float32Array.from([1, 0, 0]), // wrong width
    ];
    const ranked = denseRanking(query, vectors);
    expect(ranked.map((h) => h.index)).toEqual([3, 1, 0, 4]);
    expect(ranked.map((h) => h.score)).toEqual([1, expect.closeTo(Math.SQRT1_2, 6), 0, -1]);
    expect(denseRanking(query, vectors, { limit: 1 })).toEqual([{ index: 3, score: 1 }]);
  });

  it('feeds fusion: dense and keyword rankings combine into one order', () => {
    const dense = denseRanking(Float32Array.from([1, 0]), [
      Float32Array.from([0, 1]),
      Float32Array.from([1, 0.2]),
      Float32Array.from([1, 1]),
    ]).map((h) => h.index);
    expect(dense).toEqual([1, 2, 0]);
    const bm25 = [2, 0];
    // 2: 1/61 + 1/62; 0: 1/62 + 1/63 (in both lists, never first); 1: 1/61 (first in one list only).
    expect(fuseRankings([bm25, dense]).map((f) => f.index)).toEqual([2, 0, 1]);
  });
});
