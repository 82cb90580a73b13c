import { describe, expect, it } from 'vitest';
import type { LecternDocument, Unit } from '../../../src-shared/domain/document';
import { SEGMENT_WINDOW_UNITS, segmentedChapters } from '../../../src-main/engine/chapters/chapterDocument';
import { syntheticSentence } from '../../../src-main/measure/synthetic/syntheticDocument';
import { seededRandom } from '../../../src-main/measure/seededRandom';

/** A flat text of `count` one-sentence paragraphs. */
function flatDocument(count: number): LecternDocument {
  const random = seededRandom(7);
  const parts: string[] = [];
  const units: Unit[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const text = syntheticSentence(random);
    units.push({ index: i, start: offset, end: offset + text.length, anchor: { type: 'text', line: i + 1 } });
    parts.push(text);
    offset += text.length + 1;
  }
  return {
    id: 'd',
    title: 't',
    kind: 'text',
    text: parts.join('\n'),
    units,
    meta: { fileName: 't.txt', sizeBytes: 0, format: 'text' },
  };
}

describe('segmenting a long document in windows', () => {
  it('tiles every unit with titled chapters and starts one at each window edge', () => {
    const count = Math.round(SEGMENT_WINDOW_UNITS * 2.5);
    const chapters = segmentedChapters(flatDocument(count));
    expect(chapters[0]?.startUnit).toBe(0);
    expect(chapters.at(-1)?.endUnit).toBe(count);
    chapters.forEach((c, i) => {
      expect(c.index).toBe(i);
      expect(c.endUnit).toBeGreaterThan(c.startUnit);
      if (i > 0) expect(c.startUnit).toBe(chapters[i - 1]!.endUnit);
      expect(c.title.length).toBeGreaterThan(0);
    });
    // Three windows of equal size: the second and third start chapters.
    const size = Math.ceil(count / 3);
    const starts = new Set(chapters.map((c) => c.startUnit));
    expect(starts.has(size) && starts.has(2 * size)).toBe(true);
  });
});
