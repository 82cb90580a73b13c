/**
 * Writes resources/samples/sample-report.pdf: a fictional municipal report (all names and figures invented) used as
 * the app's sample document and to check the PDF parser end to end. Run: npx tsx resources/samples/makeSampleReport.ts
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { addPdfOutline, type OutlineNode } from '../../test/fixtures/pdf/addPdfOutline';
import { CHAPTERS, type Section, TITLE } from './sampleReportText';

const PAGE: [number, number] = [595, 842]; // A4
const MARGIN = 72;
const BODY = 11;
const LEADING = 16;
const WIDTH = PAGE[0] - 2 * MARGIN;

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

class Writer {
  page!: PDFPage;
  y = 0;
  constructor(
    private readonly pdf: PDFDocument,
    readonly fonts: Fonts,
  ) {}

  newPage(): number {
    this.page = this.pdf.addPage(PAGE);
    this.y = PAGE[1] - MARGIN;
    return this.pdf.getPageCount() - 1;
  }

  ensure(space: number): void {
    if (this.y - space < MARGIN + 20) this.newPage();
  }

  heading(text: string, size: number): number {
    this.ensure(size * 2 + LEADING * 3);
    this.y -= size * 1.4;
    this.page.drawText(text, { x: MARGIN, y: this.y, size, font: this.fonts.bold, color: rgb(0.1, 0.2, 0.4) });
    this.y -= size * 0.7;
    return this.pdf.getPageCount() - 1;
  }

  paragraph(text: string): void {
    for (const line of wrap(text, this.fonts.regular, BODY, WIDTH)) {
      this.ensure(LEADING);
      this.y -= LEADING;
      this.page.drawText(line, { x: MARGIN, y: this.y, size: BODY, font: this.fonts.regular });
    }
    this.y -= LEADING * 0.8;
  }

  table(rows: readonly (readonly string[])[]): void {
    const columns = rows[0]?.length ?? 1;
    const cell = WIDTH / columns;
    rows.forEach((row, r) => {
      this.ensure(LEADING);
      this.y -= LEADING;
      row.forEach((value, c) => {
        const font = r === 0 ? this.fonts.bold : this.fonts.regular;
        // Numbers right-aligned in their column, as a printed table would.
        const x = c === 0 ? MARGIN : MARGIN + (c + 1) * cell - font.widthOfTextAtSize(value, 10) - 8;
        this.page.drawText(value, { x, y: this.y, size: 10, font });
      });
    });
    this.y -= LEADING;
  }
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    const next = current === '' ? word : `${current} ${word}`;
    if (font.widthOfTextAtSize(next, size) > width && current !== '') {
      lines.push(current);
      current = word;
    } else {
      current = next;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

function writeSection(w: Writer, section: Section, size: number): OutlineNode {
  const pageIndex = w.heading(section.title, size);
  for (const block of section.body) {
    if (typeof block === 'string') w.paragraph(block);
    else w.table(block);
  }
  const children = (section.sections ?? []).map((sub) => writeSection(w, sub, 13));
  return { title: section.title.replace(/^\d+(\.\d+)*\s+/, ''), pageIndex, ...(children.length ? { children } : {}) };
}

async function main(): Promise<void> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(TITLE.title);
  pdf.setAuthor(TITLE.author);
  pdf.setSubject('Sample document for Lectern (fictional).');
  pdf.setCreator('Lectern makeSampleReport.ts');
  pdf.setProducer('pdf-lib');
  // Fixed dates keep the committed PDF byte-stable when the script is re-run.
  pdf.setCreationDate(new Date('2025-03-01T09:00:00Z'));
  pdf.setModificationDate(new Date('2025-03-01T09:00:00Z'));
  const fonts = { regular: await pdf.embedFont(StandardFonts.Helvetica), bold: await pdf.embedFont(StandardFonts.HelveticaBold) };
  const w = new Writer(pdf, fonts);

  w.newPage();
  w.y -= 150;
  for (const line of TITLE.titleLines) {
    w.page.drawText(line, { x: MARGIN, y: w.y, size: 26, font: fonts.bold, color: rgb(0.1, 0.2, 0.4) });
    w.y -= 34;
  }
  w.y -= 10;
  w.page.drawText(TITLE.subtitle, { x: MARGIN, y: w.y, size: 16, font: fonts.regular });
  w.y -= 60;
  for (const line of TITLE.lines) {
    w.page.drawText(line, { x: MARGIN, y: w.y, size: 12, font: fonts.regular });
    w.y -= 18;
  }

  // Contents page: titles only, so the page stays correct however the chapters flow.
  const contentsPage = w.newPage();
  w.heading('Contents', 20);
  for (const chapter of CHAPTERS) {
    w.paragraph(chapter.title);
    for (const sub of chapter.sections ?? []) w.paragraph(`    ${sub.title}`);
  }

  const outline: OutlineNode[] = [{ title: 'Contents', pageIndex: contentsPage }];
  for (const chapter of CHAPTERS) {
    w.newPage();
    outline.push(writeSection(w, chapter, 20));
  }

  const pages = pdf.getPages();
  pages.forEach((page, i) => {
    if (i === 0) return;
    const footer = `Millbrook Water System - Annual Report 2024`;
    page.drawText(footer, { x: MARGIN, y: 40, size: 8, font: fonts.regular, color: rgb(0.4, 0.4, 0.4) });
    const number = `Page ${i + 1} of ${pages.length}`;
    page.drawText(number, { x: PAGE[0] - MARGIN - fonts.regular.widthOfTextAtSize(number, 8), y: 40, size: 8, font: fonts.regular });
  });
  addPdfOutline(pdf, outline);

  const out = join(dirname(fileURLToPath(import.meta.url)), 'sample-report.pdf');
  await writeFile(out, await pdf.save({ useObjectStreams: false }));
  console.log(`Wrote ${out} (${pages.length} pages)`);
}

await main();
