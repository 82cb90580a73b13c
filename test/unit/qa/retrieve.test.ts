import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../../src-main/engine/index/bm25';
import { indexSegments, retrieve } from '../../../src-main/engine/index/retrieve';
import { segmentDocument, type SegmentableUnit } from '../../../src-main/engine/index/segmentDocument';
import { selectPassages } from '../../../src-main/engine/qa/selectPassages';

const PARAGRAPHS = [
  'The committee opened the meeting and approved the minutes of the previous session.',
  'Budget planning took most of the morning: the finance officer presented spending forecasts.',
  'The remote control prototype uses a rubber case. Its battery lasts two years. Designers liked the yellow colour.',
  'Lunch was served and the group discussed holiday plans for the summer.',
  'Marketing reported that customers want fewer buttons on the remote.',
];

function doc() {
  let text = '';
  const units: SegmentableUnit[] = [];
  PARAGRAPHS.forEach((p, i) => {
    if (i > 0) text += '\n';
    units.push({ start: text.length, end: text.length + p.length, anchor: { type: 'page', page: i + 1 } });
    text += p;
  });
  return { text, units };
}

describe('BM25 retrieval', () => {
  it('ranks the obvious segment first and returns nothing for an unrelated question', () => {
    const d = doc();
    const segments = segmentDocument(d, { maxTokens: 25 });
    expect(segments).toHaveLength(PARAGRAPHS.length);
    const index = indexSegments(d.text, segments);
    const ranked = retrieve(index, 'How long does the battery of the prototype last?');
    expect(ranked[0]!.segment.index).toBe(2);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]?.score ?? 0);
    expect(retrieve(index, 'quantum chromodynamics')).toEqual([]);
  });

  it('matches inflected forms through the shared stemmer and searches chapter titles', () => {
    const d = doc();
    const segments = segmentDocument(d, {
      maxTokens: 25,
      chapters: [
        { startUnit: 0, endUnit: 3, title: 'Opening' },
        { startUnit: 3, endUnit: 5, title: 'Catering arrangements' },
      ],
    });
    const index = indexSegments(d.text, segments);
    expect(retrieve(index, 'forecast for spendings')[0]!.segment.index).toBe(1);
    expect(retrieve(index, 'catering')[0]!.segment.chapterTitle).toBe('Catering arrangements');
  });

  it('gives rarer terms more weight', () => {
    const index = new Bm25Index([
      ['a', 'b'],
      ['a', 'c'],
      ['a', 'b'],
    ]);
    expect(index.idf('c')).toBeGreaterThan(index.idf('b'));
    expect(index.idf('b')).toBeGreaterThan(index.idf('a'));
  });
});

describe('selectPassages', () => {
  it('returns verbatim passages with anchors, best sentence first, never an answer', () => {
    const d = doc();
    const segments = segmentDocument(d, { maxTokens: 25 });
    const index = indexSegments(d.text, segments);
    const question = 'How long does the battery last?';
    const passages = selectPassages(d.text, index, retrieve(index, question), question, { neighbours: 0 });
    expect(passages.length).toBeGreaterThan(0);
    const first = passages[0]!;
    expect(first.kind).toBe('passage');
    expect(first.text).toBe('Its battery lasts two years.');
    expect(d.text.slice(first.start, first.end)).toBe(first.text);
    expect(first.label).toBe('S3 p.3');
    const widened = selectPassages(d.text, index, retrieve(index, question), question, { neighbours: 1 });
    expect(widened[0]!.text).toContain('rubber case. Its battery lasts two years. Designers');
  });
});
