import { describe, expect, it } from 'vitest';
import { PDFDocument, type PDFFont, type PDFPage, StandardFonts } from 'pdf-lib';
import { openPdf } from '../../../src-main/engine/ingest/pdf/openPdf';
import { parsePdf } from '../../../src-main/engine/ingest/pdf/parsePdf';

/** Runs of one line drawn one after another; `gap` is the x space (in points) left before the run. */
interface Run {
  text: string;
  font: PDFFont;
  gap: number;
}

function drawLine(page: PDFPage, runs: readonly Run[], y: number, size: number): void {
  let x = 72;
  for (const run of runs) {
    x += run.gap;
    page.drawText(run.text, { x, y, size, font: run.font });
    x += run.font.widthOfTextAtSize(run.text, size);
  }
}

/**
 * A word whose letters change font mid-word (as subset fonts and small caps do) reaches pdfjs as two text items
 * with no x gap between them; a real word gap is a space width of empty page.
 */
async function makeSplitWords(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const plain = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([612, 792]);
  const space = (font: PDFFont, size: number): number => font.widthOfTextAtSize(' ', size);
  drawLine(
    page,
    [
      { text: 'INTRODUCTIO', font: bold, gap: 0 },
      { text: 'N', font: plain, gap: 0 },
    ],
    700,
    18,
  );
  drawLine(
    page,
    [
      { text: 'Constrainin', font: plain, gap: 0 },
      { text: 'g', font: bold, gap: 0 },
      { text: 'Creators', font: plain, gap: space(plain, 14) },
    ],
    660,
    14,
  );
  drawLine(
    page,
    [
      { text: 'The river', font: plain, gap: 0 },
      { text: 'valley', font: bold, gap: space(plain, 11) },
      { text: 'flood', font: plain, gap: space(plain, 11) },
      { text: 's', font: bold, gap: 0 },
      { text: 'every spring.', font: plain, gap: space(plain, 11) },
    ],
    620,
    11,
  );
  return pdf.save();
}

describe('PDF text items of one word', () => {
  it('are joined without a space, while real word gaps keep theirs', async () => {
    const bytes = await makeSplitWords();
    // The fixture must really split the words into items, or this test would prove nothing.
    const opened = await openPdf(bytes);
    const page = await opened.doc.getPage(1);
    const strings = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : ''));
    await opened.close();
    expect(strings).toEqual(expect.arrayContaining(['INTRODUCTIO', 'N', 'Constrainin', 'g', 'flood', 's']));

    const doc = await parsePdf(
      { bytes, fileName: 'split-words.pdf' },
      { signal: new AbortController().signal, onProgress: () => undefined },
      { ocr: false },
    );
    expect(doc.text).toContain('INTRODUCTION');
    expect(doc.text).toContain('Constraining Creators');
    expect(doc.text).toContain('The river valley floods every spring.');
    expect(doc.text).not.toMatch(/INTRODUCTIO N|Constrainin g|flood s/);
  });
});
