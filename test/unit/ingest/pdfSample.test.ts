import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parsePdf } from '../../../src-main/engine/ingest/pdf/parsePdf';

const SAMPLE = 'resources/samples/sample-report.pdf';

describe('the bundled sample report', () => {
  it('parses with its title, pages, outline and headings, without footers', async () => {
    const doc = await parsePdf(
      { bytes: await readFile(SAMPLE), fileName: 'sample-report.pdf' },
      { signal: new AbortController().signal, onProgress: () => undefined },
      { ocr: false },
    );
    expect(doc.title).toBe('Millbrook Water System Annual Report 2024');
    expect(doc.meta).toMatchObject({
      pages: 9,
      ocrPages: [],
      warnings: [],
      author: 'Millbrook Public Works Department',
    });
    expect(doc.text).not.toContain('Page 3 of 9');
    expect(doc.text).not.toContain('Millbrook Water System - Annual Report 2024');
    const outline = (doc.outline ?? []).map((e) => {
      const unit = doc.units[e.unitIndex];
      return [e.level, e.title, e.page, unit ? doc.text.slice(unit.start, unit.end) : undefined];
    });
    expect(outline).toEqual([
      [1, 'Contents', 2, 'Contents'],
      [1, 'Overview', 3, '1 Overview'],
      [2, 'Highlights of the year', 3, '1.1 Highlights of the year'],
      [1, 'Sources and Treatment', 4, '2 Sources and Treatment'],
      [2, 'The Hollow Meadow wells', 4, '2.1 The Hollow Meadow wells'],
      [2, 'Plant upgrades', 4, '2.2 Plant upgrades'],
      [1, 'Distribution Network', 5, '3 Distribution Network'],
      [1, 'Water Quality Results', 6, '4 Water Quality Results'],
      [1, 'Finances and Rates', 7, '5 Finances and Rates'],
      [2, 'Capital spending', 7, '5.1 Capital spending'],
      [1, 'Outlook 2025-2029', 8, '6 Outlook 2025-2029'],
      [1, 'Glossary', 9, '7 Glossary'],
    ]);
    // Chapter headings (20 pt) rank above section headings (13 pt).
    for (const entry of doc.outline ?? []) {
      if (entry.title === 'Contents') continue;
      const unit = doc.units[entry.unitIndex];
      expect(unit?.headingLevel, entry.title).toBe(entry.level === 1 ? 2 : 4);
    }
    expect(doc.text).toContain('Lead ug/L 10 1.3 7.9');
  });
});
