import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressUpdate, StageContext } from '../../../src-main/engine/jobs/JobRunner';
import { parsePdf } from '../../../src-main/engine/ingest/pdf/parsePdf';
import type { OcrPageResult } from '../../../src-main/engine/ingest/types';
import { LecternError } from '../../../src-shared/errors';
import { makePdfFixtures, type PdfFixtures, SCANNED_TEXT } from '../../fixtures/pdf/makePdfFixtures';

let fixtures: PdfFixtures;

beforeAll(async () => {
  fixtures = await makePdfFixtures(await mkdtemp(join(tmpdir(), 'lectern-pdf-ocr-')));
  if (!fixtures.scanned) console.warn('OCR tests skipped: @napi-rs/canvas is not installed, no page can be rendered.');
});

afterAll(async () => {
  if (fixtures) await rm(fixtures.dir, { recursive: true, force: true });
});

function context(): StageContext & { updates: ProgressUpdate[] } {
  const updates: ProgressUpdate[] = [];
  return { signal: new AbortController().signal, onProgress: (u) => updates.push(u), updates };
}

describe('parsePdf OCR of pages without a text layer', () => {
  it('OCRs the image-only page, reports it, and calls onOcrPage', async (t) => {
    if (!fixtures.scanned) return t.skip();
    const seen: [number, OcrPageResult][] = [];
    const ctx = context();
    const doc = await parsePdf({ bytes: await readFile(fixtures.scanned), fileName: 'scanned.pdf' }, ctx, {
      onOcrPage: (page, result) => seen.push([page, result]),
    });
    expect(doc.meta.ocrPages).toEqual([2]);
    expect(seen.map(([page]) => page)).toEqual([2]);
    const ocrText = doc.units
      .filter((u) => u.anchor.type === 'page' && u.anchor.page === 2)
      .map((u) => doc.text.slice(u.start, u.end))
      .join(' ');
    for (const line of SCANNED_TEXT) expect(ocrText).toContain(line);
    expect(seen[0]?.[1].confidence).toBeGreaterThan(60);
    // The OCR boxes are in PDF user space: the text was drawn from x = 72 near the top of a 792-high page.
    const box = seen[0]?.[1].lines[0]?.bbox;
    expect(box?.[0]).toBeGreaterThan(60);
    expect(box?.[0]).toBeLessThan(85);
    expect(box?.[3]).toBeGreaterThan(650);
    expect(box?.[3]).toBeLessThan(720);
    expect(ctx.updates.filter((u) => u.phase === 'ocr').at(0)).toMatchObject({
      done: 0,
      total: 1,
      message: 'OCR page 1 of 1',
    });
  }, 60_000);

  it('ends with CANCELLED soon after a cancel while a page is being recognised', async (t) => {
    if (!fixtures.scanned) return t.skip();
    const controller = new AbortController();
    let abortedAt = 0;
    const ctx: StageContext = {
      signal: controller.signal,
      onProgress: (u) => {
        // The page is rendered and handed to tesseract right after this update: cancel in the middle of it.
        if (u.phase === 'ocr' && u.done === 0 && !abortedAt) {
          setTimeout(() => {
            abortedAt = performance.now();
            controller.abort();
          }, 300);
        }
      },
    };
    const outcome = await parsePdf({ bytes: await readFile(fixtures.scanned), fileName: 'scanned.pdf' }, ctx, {}).then(
      () => 'finished',
      (error: unknown) => error,
    );
    const latency = performance.now() - abortedAt;
    console.info(`OCR cancel: the parse ended ${Math.round(latency)} ms after the abort`);
    expect(abortedAt).toBeGreaterThan(0);
    expect(outcome).toBeInstanceOf(LecternError);
    expect((outcome as LecternError).code).toBe('CANCELLED');
    expect(latency).toBeLessThan(1000);
  }, 60_000);

  it('a cancel before the page reaches tesseract ends the parse without an unhandled rejection', async (t) => {
    if (!fixtures.scanned) return t.skip();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const controller = new AbortController();
      const ctx: StageContext = {
        signal: controller.signal,
        // Aborted as the OCR phase starts, so the page render is under way and the worker is asked for after it.
        onProgress: (u) => u.phase === 'ocr' && controller.abort(),
      };
      const error = await parsePdf({ bytes: await readFile(fixtures.scanned), fileName: 'scanned.pdf' }, ctx, {}).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as LecternError | undefined)?.code).toBe('CANCELLED');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  }, 60_000);

  it('resumes from ocrDone without OCRing the page again', async (t) => {
    if (!fixtures.scanned) return t.skip();
    const done = new Map<number, OcrPageResult>([
      [2, { lines: [{ text: 'Remembered from an earlier run', bbox: [72, 600, 300, 620] }], confidence: 90 }],
    ]);
    const calls: number[] = [];
    const doc = await parsePdf({ bytes: await readFile(fixtures.scanned), fileName: 'scanned.pdf' }, context(), {
      ocrDone: done,
      onOcrPage: (page) => calls.push(page),
    });
    expect(calls).toEqual([]);
    expect(doc.meta.ocrPages).toEqual([2]);
    expect(doc.text).toContain('Remembered from an earlier run');
  });

  it('with OCR off, keeps the text pages and warns about the page that needs OCR', async (t) => {
    if (!fixtures.scanned) return t.skip();
    const doc = await parsePdf({ bytes: await readFile(fixtures.scanned), fileName: 'scanned.pdf' }, context(), {
      ocr: false,
    });
    expect(doc.meta.ocrPages).toEqual([]);
    expect(doc.meta.warnings?.join(' ')).toMatch(/Page\(s\) 2 have no text layer/);
    expect(doc.text).toBe('This first page has an ordinary text layer.');
  });

  const scanBad = '/work/shared/data/fixtures/pdfs/pdfjs/issue5481.pdf';
  it.skipIf(!existsSync(scanBad))('throws PDF_NO_TEXT for a scan-only file with OCR off', async () => {
    const error = await parsePdf({ bytes: await readFile(scanBad), fileName: 'issue5481.pdf' }, context(), {
      ocr: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LecternError);
    expect((error as LecternError).code).toBe('PDF_NO_TEXT');
  });
});
