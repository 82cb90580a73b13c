import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../src-shared/contract';
import { describeProgress, progressFraction } from '../../../src-renderer/features/import/describeProgress';

const p = (phase: string, done: number, total: number, message?: string): JobProgress => ({
  jobId: 'j',
  kind: 'ask',
  phase,
  done,
  total,
  ...(message === undefined ? {} : { message }),
});

describe('describeProgress', () => {
  it('counts the new ask, prepare and rechapter phases in words', () => {
    expect(describeProgress(p('embedding', 40, 120))).toBe('Indexing passages for search: 40 of 120');
    expect(describeProgress(p('scoring', 3, 10))).toBe('Choosing the words to keep: 3 of 10 parts');
    expect(describeProgress(p('summaries', 2, 9, 'Finances and Rates'))).toBe(
      'Writing chapter summaries: 2 of 9 (Finances and Rates)',
    );
    // The engine's "window 2 of 5" only repeats the count, so it is not shown twice.
    expect(describeProgress(p('titles', 2, 5, 'window 2 of 5'))).toBe('Titling chapters with the model: 2 of 5 parts');
    expect(describeProgress(p('titles', 0, 5))).toBe('Titling chapters with the model: 0 of 5 parts');
  });

  it('never counts past the total, and drops the count when the total is unknown', () => {
    expect(describeProgress(p('embedding', 130, 120))).toBe('Indexing passages for search: 120 of 120');
    expect(describeProgress(p('embedding', 0, 0))).toBe('Indexing passages for search');
    expect(describeProgress(p('summaries', 0, 0, 'Intro'))).toBe('Writing chapter summaries: Intro');
  });

  it('keeps OCR as the page in work and the other phases as before', () => {
    expect(describeProgress(p('ocr', 2, 12, 'OCR page 3 of 12'))).toBe('Recognising text (OCR): page 3 of 12');
    expect(describeProgress(p('ocr', 12, 12))).toBe('Recognising text (OCR): page 12 of 12');
    expect(describeProgress(p('compressing', 3, 10, 'segment 3 of 10'))).toBe('Compressing: segment 3 of 10');
    expect(describeProgress(p('downloading', 5, 10, '5 MB of 10 MB'))).toBe('Downloading: 5 MB of 10 MB');
    expect(describeProgress(p('reading', 0, 1))).toBe('Reading');
    expect(describeProgress(p('verifying', 1, 1))).toBe('Checking the download');
  });

  it('capitalises a phase it does not know rather than hiding it', () => {
    expect(describeProgress(p('reranking', 1, 4))).toBe('Reranking');
  });
});

describe('progressFraction', () => {
  it('is within-item progress, or spread over the items of a multi-file job', () => {
    expect(progressFraction(p('embedding', 30, 120))).toBe(0.25);
    expect(progressFraction(p('embedding', 0, 0))).toBeUndefined();
    expect(progressFraction({ ...p('reading', 1, 2), item: { index: 1, count: 4, name: 'b.pdf' } })).toBe(0.375);
  });
});
