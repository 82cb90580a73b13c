import { describe, expect, it } from 'vitest';
import {
  complementRanges,
  rangesLength,
  selectKeptRanges,
} from '../../../src-main/engine/compression/selectKeptRanges';

const scoresOf = (length: number, seed = 1) =>
  Array.from({ length }, (_, i) => (Math.sin(i * 12.9898 + seed) * 43758.5453) % 1);

describe('selectKeptRanges', () => {
  it.each([1, 2, 4, 8, 16])('keeps about 1/%i of the tokens in 4-token chunks', (ratio) => {
    const kept = selectKeptRanges({ length: 512, ratio, selfInformation: scoresOf(512) });
    const target = Math.ceil(512 / ratio);
    expect(rangesLength(kept)).toBeGreaterThanOrEqual(target);
    expect(rangesLength(kept)).toBeLessThanOrEqual(target + 2);
    for (const range of kept) expect(range.start % 4 === 0 || ratio === 1).toBe(true);
  });

  it('keeps everything at r = 1 and nothing of an empty segment', () => {
    expect(selectKeptRanges({ length: 10, ratio: 1 })).toEqual([{ start: 0, end: 10 }]);
    expect(selectKeptRanges({ length: 0, ratio: 4 })).toEqual([]);
  });

  it('keeps the highest-scoring chunks', () => {
    const scores = Array.from({ length: 16 }, (_, i) => (i >= 8 && i < 12 ? 10 : 0));
    expect(selectKeptRanges({ length: 16, ratio: 4, selfInformation: scores })).toEqual([{ start: 8, end: 12 }]);
  });

  it('combines salience with self-information, and uses salience alone when there is no model score', () => {
    const info = Array.from({ length: 16 }, (_, i) => (i < 4 ? 1 : 0));
    const salience = Array.from({ length: 16 }, (_, i) => (i >= 12 ? 1 : 0));
    expect(selectKeptRanges({ length: 16, ratio: 4, selfInformation: info, salience, salienceWeight: 0.5 })).toEqual([
      { start: 0, end: 4 },
    ]);
    expect(selectKeptRanges({ length: 16, ratio: 4, selfInformation: info, salience, salienceWeight: 2 })).toEqual([
      { start: 12, end: 16 },
    ]);
    expect(selectKeptRanges({ length: 16, ratio: 4, salience })).toEqual([{ start: 12, end: 16 }]);
  });

  it('treats unscored (NaN) tokens as average, so strided scoring still ranks chunks', () => {
    const strided = Array.from({ length: 16 }, (_, i) => (i % 4 === 0 ? (i === 4 ? 5 : 1) : Number.NaN));
    expect(selectKeptRanges({ length: 16, ratio: 4, selfInformation: strided })).toEqual([{ start: 4, end: 8 }]);
  });

  it('never drops protected tokens, even beyond the budget', () => {
    const protectedMask = Array.from({ length: 64 }, (_, i) => i % 8 === 3);
    const kept = selectKeptRanges({ length: 64, ratio: 16, selfInformation: scoresOf(64), protectedMask });
    for (let i = 3; i < 64; i += 8) expect(kept.some((r) => r.start <= i && i < r.end)).toBe(true);
    expect(rangesLength(kept)).toBe(8); // the protected tokens alone exceed ceil(64 / 16) = 4
  });

  it('rejects ratios outside [1, 16]', () => {
    expect(() => selectKeptRanges({ length: 4, ratio: 0.5 })).toThrow(/ratio/);
    expect(() => selectKeptRanges({ length: 4, ratio: 17 })).toThrow(/ratio/);
    expect(() => selectKeptRanges({ length: 4, ratio: Number.NaN })).toThrow(/ratio/);
  });

  it('complementRanges gives what to erase', () => {
    expect(
      complementRanges(
        [
          { start: 2, end: 4 },
          { start: 6, end: 7 },
        ],
        10,
      ),
    ).toEqual([
      { start: 0, end: 2 },
      { start: 4, end: 6 },
      { start: 7, end: 10 },
    ]);
    expect(complementRanges([{ start: 0, end: 10 }], 10)).toEqual([]);
  });
});
