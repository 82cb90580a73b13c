import { describe, expect, it } from 'vitest';
import { evidenceRecall } from '../../../src-main/measure/eval/evalEvidence';
import { randomDropBaseline, ragBaseline, truncateBaseline } from '../../../src-main/measure/eval/evidenceBaselines';
import { hashSeed } from '../../../src-main/measure/seededRandom';
import { unitsOf, headingChapters } from '../../../src-main/measure/eval/evidenceData';
import { mergeRanges, overlapLength } from '../../../src-main/engine/index/charRanges';
import { estimateTokens } from '../../../src-main/engine/index/countTokens';

describe('evidence metrics', () => {
  it('counts gold characters at their original offsets, overlaps once', () => {
    expect(evidenceRecall([[10, 20]], [[0, 15]])).toBe(0.5);
    // Context [12, 35] after merging: 8 of [10, 20] and 5 of [30, 40].
    expect(
      evidenceRecall(
        [
          [10, 20],
          [30, 40],
        ],
        [
          [15, 35],
          [12, 18],
        ],
      ),
    ).toBe(13 / 20);
    expect(evidenceRecall([[10, 20]], [[20, 30]])).toBe(0);
    expect(evidenceRecall([[0, 10]], [[0, 10]])).toBe(1);
    expect(
      mergeRanges([
        [5, 8],
        [0, 3],
        [3, 4],
        [7, 9],
        [2, 2],
      ]),
    ).toEqual([
      [0, 4],
      [5, 9],
    ]);
    expect(
      overlapLength(
        [
          [0, 10],
          [5, 15],
        ],
        [[0, 100]],
      ),
    ).toBe(15);
  });
});

describe('evidence baselines', () => {
  const text = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ') + ' the magic zeppelin appears here';

  it('truncation keeps the longest prefix within the budget', () => {
    const ranges = truncateBaseline(text, 26, estimateTokens);
    expect(ranges).toEqual([[0, text.indexOf(' word20 ')]]);
  });

  it('naive RAG takes the matching fixed-size chunk within the budget', () => {
    const ranges = ragBaseline(text, 'zeppelin', 200, estimateTokens, 128);
    expect(ranges).toHaveLength(1);
    const [s, e] = ranges[0]!;
    expect(e - s).toBeLessThanOrEqual(128);
    expect(text.slice(s, e)).toContain('zeppelin');
  });

  it('random drop is seeded, stays within the budget and keeps about budget/doc of the words', () => {
    const a = randomDropBaseline(text, 65, estimateTokens, hashSeed('q1'));
    expect(randomDropBaseline(text, 65, estimateTokens, hashSeed('q1'))).toEqual(a);
    expect(randomDropBaseline(text, 65, estimateTokens, hashSeed('q2'))).not.toEqual(a);
    expect(estimateTokens(a.map(([s, e]) => text.slice(s, e)).join(' '))).toBeLessThanOrEqual(65);
    expect(a.length).toBe(50);
  });
});

describe('evaluation documents', () => {
  it('adds uncovered non-blank text as units and finds heading chapters', () => {
    const text =
      'Title\nIntro\nA long first paragraph of the introduction goes here.\n\nResults\nThe results are good and long enough.';
    const given = [
      { start: 12, end: text.indexOf('\n\nResults') },
      { start: text.indexOf('The results'), end: text.length },
    ];
    const units = unitsOf({ doc_id: 'd', title: null, text, units: given });
    expect(units.map((u) => text.slice(u.start, u.end))).toEqual([
      'Title',
      'Intro',
      'A long first paragraph of the introduction goes here.',
      'Results',
      'The results are good and long enough.',
    ]);
    expect(headingChapters(text, units).map((c) => [c.title, c.startUnit, c.endUnit])).toEqual([
      ['Intro', 1, 3],
      ['Results', 3, 5],
    ]);
  });
});
