import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../../src-main/engine/index/countTokens';
import { formatTime } from '../../../src-shared/formatTime';
import { segmentDocument, type SegmentableUnit } from '../../../src-main/engine/index/segmentDocument';

/** A document of paragraphs separated by blank lines, with units at the paragraph offsets. */
function makeDoc(paragraphs: string[], anchor?: (i: number) => SegmentableUnit['anchor']) {
  let text = '';
  const units: SegmentableUnit[] = [];
  paragraphs.forEach((p, i) => {
    if (i > 0) text += '\n\n';
    const unit: SegmentableUnit = { start: text.length, end: text.length + p.length };
    const a = anchor?.(i);
    if (a !== undefined) unit.anchor = a;
    units.push(unit);
    text += p;
  });
  return { text, units };
}

const words = (n: number, w: string) => Array.from({ length: n }, (_, i) => `${w}${i}`).join(' ');

describe('segmentDocument', () => {
  it('respects the token limit, cuts on unit boundaries and covers every unit exactly once', () => {
    const doc = makeDoc(Array.from({ length: 40 }, (_, i) => words(10 + ((i * 7) % 30), `w${i}x`) + '.'));
    const segments = segmentDocument(doc, { maxTokens: 100 });
    expect(segments.length).toBeGreaterThan(5);
    const covered = new Array<number>(doc.units.length).fill(0);
    for (const s of segments) {
      expect(s.tokens).toBeLessThanOrEqual(100);
      expect(s.tokens).toBe(estimateTokens(doc.text.slice(s.start, s.end)));
      expect(s.start).toBe(doc.units[s.startUnit]!.start);
      expect(s.end).toBe(doc.units[s.endUnit - 1]!.end);
      for (let u = s.startUnit; u < s.endUnit; u++) covered[u]!++;
    }
    expect(covered.every((c) => c === 1)).toBe(true);
    expect(segments.map((s) => s.index)).toEqual(segments.map((_, i) => i));
  });

  it('splits a unit longer than the limit at sentence ends, inside the unit', () => {
    const long = Array.from({ length: 12 }, (_, i) => `${words(15, `s${i}w`)}.`).join(' ');
    const doc = makeDoc(['Short intro.', long, 'Short outro.']);
    const segments = segmentDocument(doc, { maxTokens: 50 });
    const pieces = segments.filter((s) => s.startUnit === 1);
    expect(pieces.length).toBeGreaterThan(2);
    for (const p of pieces) {
      expect(p.tokens).toBeLessThanOrEqual(50);
      expect(doc.text.slice(p.start, p.end)).toMatch(/\.$/);
    }
    expect(pieces[0]!.start).toBe(doc.units[1]!.start);
    expect(pieces.at(-1)!.end).toBe(doc.units[1]!.end);
  });

  it('never crosses a chapter boundary and carries the chapter title', () => {
    const doc = makeDoc(Array.from({ length: 6 }, (_, i) => `Paragraph ${i} about things.`));
    const segments = segmentDocument(doc, {
      maxTokens: 1000,
      chapters: [
        { startUnit: 0, endUnit: 4, title: 'Intro' },
        { startUnit: 4, endUnit: 6, title: 'Results' },
      ],
    });
    expect(segments.map((s) => [s.startUnit, s.endUnit, s.chapterTitle])).toEqual([
      [0, 4, 'Intro'],
      [4, 6, 'Results'],
    ]);
  });

  it('labels segments with page or time anchors', () => {
    const pages = segmentDocument(
      makeDoc(['a b c', 'd e f'], (i) => ({ type: 'page', page: 34 + i })),
      { maxTokens: 4 },
    );
    expect(pages.map((s) => s.label)).toEqual(['S1 p.34', 'S2 p.35']);
    const times = segmentDocument(makeDoc(['a b c'], () => ({ type: 'time', start: 2465.4, end: 2470 })));
    expect(times[0]!.label).toBe('S1 00:41:05');
    expect(formatTime(59.9, 'fixed')).toBe('00:00:59');
  });
});
