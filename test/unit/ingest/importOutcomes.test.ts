import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src-main/engine/ingest/detectFormat';
import { parsePdf } from '../../../src-main/engine/ingest/pdf/parsePdf';
import { importErrorHelp } from '../../../src-renderer/features/import/importErrorHelp';
import { describeProgress } from '../../../src-renderer/features/import/describeProgress';

const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/data/fixtures/pdfs');
const present = existsSync(CORPUS);
if (!present) console.warn(`import outcome corpus checks skipped: ${CORPUS} is not present.`);

const bytes = (text: string) => new TextEncoder().encode(text);

describe('a PDF, broken or not, is never imported as text', () => {
  it('takes a %PDF- header anywhere in the first kilobyte, object syntax without a header, an empty .pdf', () => {
    expect(detectFormat(bytes(`${'junk '.repeat(100)}\n%PDF-1.4\n1 0 obj\n<<>>\nendobj\n`), 'a.txt')).toBe('pdf');
    // bug1606566.pdf's kind: the header is garbage, the objects are there.
    expect(detectFormat(bytes('%\u00e2\u00e3\n1 0 obj \n<<\n/Pages 2 0 R\n/Type /Catalog\n>>\nendobj\n'), 'x')).toBe(
      'pdf',
    );
    expect(detectFormat(new Uint8Array(0), 'empty.pdf')).toBe('pdf');
    // Prose that mentions objects is still text.
    expect(detectFormat(bytes('The object of this memo is to explain the plan.\n'), 'memo.txt')).toBe('text');
  });

  it.skipIf(!present)('detects the corpus files with bad headers as PDFs', () => {
    for (const name of ['pdfjs/bug1606566.pdf', 'pdfjs/issue6069.pdf', 'pdfplumber/empty.pdf']) {
      expect(detectFormat(new Uint8Array(readFileSync(path.join(CORPUS, name))), path.basename(name)), name).toBe(
        'pdf',
      );
    }
  });
});

describe('import error help says what is wrong and what to do', () => {
  it('tells a damaged PDF to get a new copy, not to rescan', () => {
    const help = importErrorHelp({ code: 'PDF_CORRUPT' });
    expect(help).toMatch(/damaged/);
    expect(help).not.toMatch(/scan/);
  });

  it('tells a PDF without text or images that rescanning cannot help, and a faint scan to rescan', () => {
    expect(importErrorHelp({ code: 'PDF_NO_TEXT', detail: { pagesNeedingOcr: [] } })).not.toMatch(/scan it again/);
    expect(importErrorHelp({ code: 'PDF_NO_TEXT', detail: { pagesNeedingOcr: [1, 2] } })).toMatch(/scan it again/);
  });

  it('never names its own format among the ones to convert to', () => {
    expect(importErrorHelp({ code: 'UNSUPPORTED_FORMAT' })).toMatch(/save or export it as one of these/);
  });

  it('does not repeat the phase in a progress line', () => {
    const line = describeProgress({
      jobId: 'j',
      kind: 'import',
      phase: 'reading',
      done: 23,
      total: 352,
      message: 'Reading page 24 of 352',
    });
    expect(line).toBe('Reading page 24 of 352');
  });
});

describe.skipIf(!present)('pdf.js gets its CMaps and standard fonts in the Node parser', () => {
  it('reads Chinese text that needs the GBK CMap, and Japanese text', async () => {
    const ctx = { signal: new AbortController().signal, onProgress: () => undefined };
    for (const [name, script] of [
      ['pdfjs/issue3521.pdf', /\p{Script=Han}/u],
      ['pdfjs/issue16538.pdf', /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u],
    ] as const) {
      const file = new Uint8Array(readFileSync(path.join(CORPUS, name)));
      const doc = await parsePdf({ bytes: file, fileName: path.basename(name) }, ctx, { ocr: false });
      expect(doc.text, name).toMatch(script);
    }
  });
});
