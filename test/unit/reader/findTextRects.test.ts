import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { parsePdf } from '../../../src-main/engine/ingest/pdf/parsePdf';
import { openPdf } from '../../../src-main/engine/ingest/pdf/openPdf';
import {
  bboxToRect,
  findTextRects,
  type PositionedText,
  type Rect,
} from '../../../src-renderer/features/reader/pdf/findTextRects';
import { REPO_ROOT } from '../../support/serveProcess';

/** An unrotated US-letter page at scale 1: PDF y goes up from the bottom, the viewport's down from the top. */
const LETTER = [1, 0, 0, -1, 0, 792];

/** A line of 10 pt text at (x, y) in PDF user space, 5 units per character. */
function line(str: string, x: number, y: number): PositionedText {
  return { str, transform: [10, 0, 0, 10, x, y], width: str.length * 5 };
}

describe('findTextRects', () => {
  it('marks the matched words of one line, from the first matched character to the last', () => {
    const rects = findTextRects([line('The keepers light the lamp at dusk.', 72, 700)], 'light the lamp', LETTER);
    expect(rects).toHaveLength(1);
    const [rect] = rects as [Rect];
    expect(rect.left).toBeCloseTo(72 + 12 * 5);
    expect(rect.width).toBeCloseTo(14 * 5);
    // The baseline is at 792 - 700 = 92 from the top; the box spans the text above it and a little below.
    expect(rect.top).toBeLessThan(92);
    expect(rect.top + rect.height).toBeGreaterThan(92);
  });

  it('matches across lines, hyphenation, spacing and case, one box per line', () => {
    const items = [line('Salt water corrodes the', 72, 700), line('light-', 72, 686), line('house stairs.', 72, 672)];
    const rects = findTextRects(items, 'the LIGHTHOUSE   stairs', LETTER);
    expect(rects.map((r) => Math.round(r.top))).toEqual([83, 97, 111]);
    expect(rects[1]?.left).toBeCloseTo(72);
  });

  it('finds nothing rather than guessing when the passage is not on the page', () => {
    expect(findTextRects([line('Nothing about fog here.', 72, 700)], 'the fog horn sounds', LETTER)).toEqual([]);
    expect(findTextRects([line('Anything', 72, 700)], ' … ', LETTER)).toEqual([]);
  });

  it('marks the start of a long passage that goes on past the page', () => {
    const passage =
      'The harbour board met on the first Monday of the month and agreed the new rates for moorings and slipways for the coming year';
    const items = [
      line('Minutes.', 72, 720),
      line('The harbour board met on the first Monday of the month and', 72, 700),
    ];
    const rects = findTextRects(items, passage, LETTER);
    expect(rects).toHaveLength(1);
    expect(rects[0]?.top).toBeGreaterThan(792 - 720);
  });

  it('converts an imported unit box to the same viewport space', () => {
    expect(bboxToRect([72, 680, 300, 710], LETTER)).toEqual({ left: 72, top: 82, width: 228, height: 30 });
  });

  it('finds every text unit of the sample report on its page, inside the box the import recorded', async () => {
    const bytes = new Uint8Array(readFileSync(path.join(REPO_ROOT, 'resources/samples/sample-report.pdf')));
    const parsed = await parsePdf(
      { bytes: bytes.slice(), fileName: 'sample-report.pdf' },
      { signal: new AbortController().signal, onProgress: () => undefined },
      { ocr: false },
    );
    const { doc: pdf, close } = await openPdf(bytes.slice());
    let checked = 0;
    try {
      for (const unit of parsed.units) {
        if (unit.anchor.type !== 'page' || !unit.anchor.bbox) continue;
        const page = await pdf.getPage(unit.anchor.page);
        const transform = page.getViewport({ scale: 1 }).transform;
        const items = (await page.getTextContent()).items.filter((i): i is TextItem => 'str' in i);
        const rects = findTextRects(items, parsed.text.slice(unit.start, unit.end), transform);
        expect(rects.length, `unit ${unit.index} on page ${unit.anchor.page}`).toBeGreaterThan(0);
        const box = bboxToRect(unit.anchor.bbox, transform);
        for (const r of rects) {
          // Within the recorded block, give or take the ascent/descent allowance of the highlight.
          expect(r.left).toBeGreaterThanOrEqual(box.left - 2);
          expect(r.left + r.width).toBeLessThanOrEqual(box.left + box.width + 2);
          expect(r.top).toBeGreaterThanOrEqual(box.top - 6);
          expect(r.top + r.height).toBeLessThanOrEqual(box.top + box.height + 6);
        }
        checked++;
      }
    } finally {
      await close();
    }
    expect(checked).toBeGreaterThan(20);
  });
});
