import { describe, expect, it } from 'vitest';
import { evenSplit, randomBoundaries } from '../../../src-main/measure/eval/segmentationBaselines';
import {
  alignedTitleRougeL,
  boundaryF1,
  pk,
  rougeL,
  segmentsRatio,
  windowDiff,
  windowSize,
} from '../../../src-main/measure/eval/segmentationMetrics';

describe('segmentation metrics', () => {
  it('scores an identical segmentation as perfect', () => {
    const gold = [0, 4, 9, 15];
    expect(pk(gold, gold, 20)).toBe(0);
    expect(windowDiff(gold, gold, 20)).toBe(0);
    expect(boundaryF1(gold, gold)).toBe(1);
    expect(segmentsRatio(gold, gold)).toBe(1);
  });

  it('uses half the mean gold segment length as the window', () => {
    expect(windowSize([0, 5], 10)).toBe(3); // 10 / 2 / 2 = 2.5, rounded up
    expect(windowSize([0, 1, 2, 3], 4)).toBe(1); // at least 1
  });

  it('counts the probes a one-unit shift gets wrong', () => {
    // Gold boundary at 5, predicted at 6, k = 3: probes (2,5) and (5,8) disagree, 7 probes in all.
    expect(pk([0, 5], [0, 6], 10)).toBeCloseTo(2 / 7, 10);
    expect(windowDiff([0, 5], [0, 6], 10)).toBeCloseTo(2 / 7, 10);
    expect(boundaryF1([0, 5], [0, 6], 1)).toBe(1);
    expect(boundaryF1([0, 5], [0, 6], 0)).toBe(0);
  });

  it('penalises a missing boundary and an extra one differently in WindowDiff than in Pk', () => {
    // Predicted has two boundaries inside one window where gold has one: Pk sees no error there, WindowDiff does.
    const gold = [0, 10];
    const predicted = [0, 10, 11];
    expect(windowDiff(gold, predicted, 20, 5)).toBeGreaterThan(pk(gold, predicted, 20, 5));
  });

  it('computes boundary F1 from precision and recall', () => {
    // Gold 10, 20; predicted 11 (hit), 30 (miss): P = 1/2, R = 1/2.
    expect(boundaryF1([0, 10, 20], [0, 11, 30])).toBeCloseTo(0.5, 10);
    expect(boundaryF1([0], [0])).toBe(1);
    expect(boundaryF1([0, 5], [0])).toBe(0);
  });

  it('computes ROUGE-L F1 over tokens', () => {
    expect(rougeL('the role of art', 'the role of art')).toBe(1);
    // LCS "role art" = 2 of 4 reference and 2 of 3 candidate tokens.
    expect(rougeL('the role of art', 'role and art')).toBeCloseTo((2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3), 10);
    expect(rougeL('budget', 'Battery Life')).toBe(0);
  });

  it('aligns each gold segment with the predicted segment that overlaps it most', () => {
    const score = alignedTitleRougeL([0, 5], ['opening', 'budget talk'], [0, 6], ['opening', 'budget talk'], 10);
    expect(score).toBe(1);
    const swapped = alignedTitleRougeL([0, 5], ['opening', 'budget talk'], [0, 6], ['budget talk', 'opening'], 10);
    expect(swapped).toBe(0);
  });
});

describe('segmentation baselines', () => {
  it('splits evenly into the requested number of segments', () => {
    expect(evenSplit(10, 2)).toEqual([0, 5]);
    expect(evenSplit(10, 3)).toEqual([0, 3, 7]);
    expect(evenSplit(3, 5)).toEqual([0, 1, 2]);
  });

  it('draws random boundaries deterministically at the gold rate', () => {
    const a = randomBoundaries(2000, 101, 42);
    expect(randomBoundaries(2000, 101, 42)).toEqual(a);
    expect(randomBoundaries(2000, 101, 43)).not.toEqual(a);
    expect(a[0]).toBe(0);
    expect(a.length).toBeGreaterThan(70);
    expect(a.length).toBeLessThan(135);
  });
});
