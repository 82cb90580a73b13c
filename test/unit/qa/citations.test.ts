import { describe, expect, it } from 'vitest';
import type { LecternDocument } from '../../../src-shared/domain/document';
import { extractCitations } from '../../../src-main/engine/qa/citations';
import { buildDocumentIndex } from '../../../src-main/engine/index/documentIndex';

const paragraphs = [
  'The plant draws water from the Hollow Meadow wells.',
  'An ultraviolet stage was added in 2024 at a cost of 2.4 million.',
  'Lead service pipes will be replaced by 2030.',
];
const text = paragraphs.join('\n\n');
let at = 0;
const doc: LecternDocument = {
  id: 'd',
  title: 'Water',
  kind: 'pdf',
  text,
  units: paragraphs.map((p, index) => {
    const unit = { index, start: at, end: at + p.length, anchor: { type: 'page' as const, page: index + 3 } };
    at += p.length + 2;
    return unit;
  }),
  meta: { fileName: 'w.pdf', sizeBytes: 1, format: 'pdf' },
};
// Tiny segments, so that each paragraph is its own segment S1..S3.
const index = buildDocumentIndex(doc, [], (t) => t.split(/\s+/).length * 40);

describe('extractCitations', () => {
  it('maps cited labels to pages, once each, ignoring labels that do not exist', () => {
    const citations = extractCitations('It uses wells [S1 p.3] and UV [S2]. See also [S2] and [S99].', index);
    expect(citations.map((c) => [c.segmentId, c.anchor])).toEqual([
      ['S1', { type: 'page', page: 3 }],
      ['S2', { type: 'page', page: 4 }],
    ]);
  });

  it('checks quotes against the source and flags one that is not there', () => {
    const ok = extractCitations('The report says “added in 2024 at a cost of 2.4 million” [S2].', index);
    expect(ok[0]).toMatchObject({ segmentId: 'S2', quote: 'added in 2024 at a cost of 2.4 million', quoteFound: true });
    const invented = extractCitations('It says "the plant was closed in 1999 forever" [S1].', index);
    expect(invented[0]).toMatchObject({ segmentId: 'S1', quoteFound: false });
  });
});
