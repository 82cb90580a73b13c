import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanTitle } from '../../../src-main/engine/ingest/cleanTitle';
import { decodeText } from '../../../src-main/engine/ingest/decodeText';
import { parsePdf } from '../../../src-main/engine/ingest/pdf/parsePdf';
import { LecternError } from '../../../src-shared/errors';

describe('per-line tolerant UTF-8', () => {
  it('keeps a UTF-8 file UTF-8 when one line holds a stray byte, which becomes U+FFFD', () => {
    const good = new TextEncoder().encode('Café 文件\nnaïve line\n');
    const bytes = new Uint8Array([...good, 0x62, 0x61, 0xff, 0x64, 0x0a]);
    const decoded = decodeText(bytes);
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text).toBe('Café 文件\nnaïve line\nba\uFFFDd\n');
    expect(decoded.badLines).toBe(1);
  });

  it('still reads a windows-1252 file as windows-1252', () => {
    expect(decodeText(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a, 0xe9, 0x0a])).encoding).toBe('windows-1252');
  });
});

describe('titles', () => {
  it('drop control and bidirectional override characters', () => {
    expect(cleanTitle('report\n2024\u202Efdp.exe')).toBe('report 2024 fdp.exe');
    expect(cleanTitle('\u0007\u2066')).toBe('Untitled');
  });
});

const PDFS = '/work/shared/data/fixtures/pdfs/pdfjs';
describe.skipIf(!existsSync(PDFS))('PDF structure errors', () => {
  it.each(['issue15590.pdf', 'poppler-85140-0.pdf'])('%s is PDF_CORRUPT, not PDF_NO_TEXT', async (name) => {
    const bytes = new Uint8Array(readFileSync(`${PDFS}/${name}`));
    const ctx = { signal: new AbortController().signal, onProgress: () => {} };
    const error = await parsePdf({ bytes, fileName: name }, ctx, { ocr: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LecternError);
    expect((error as LecternError).code).toBe('PDF_CORRUPT');
  });
});
