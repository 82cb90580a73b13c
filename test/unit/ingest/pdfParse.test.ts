import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LecternError } from '../../../src-shared/errors';
import type { ProgressUpdate, StageContext } from '../../../src-main/engine/jobs/JobRunner';
import { parsePdf } from '../../../src-main/engine/ingest/pdf/parsePdf';
import type { ParsedDocument } from '../../../src-main/engine/ingest/types';
import { makePdfFixtures, type PdfFixtures } from '../../fixtures/pdf/makePdfFixtures';

let fixtures: PdfFixtures;

beforeAll(async () => {
  fixtures = await makePdfFixtures(await mkdtemp(join(tmpdir(), 'lectern-pdf-')));
});

afterAll(async () => {
  if (fixtures) await rm(fixtures.dir, { recursive: true, force: true });
});

function context(signal = new AbortController().signal): StageContext & { updates: ProgressUpdate[] } {
  const updates: ProgressUpdate[] = [];
  return { signal, onProgress: (u) => updates.push(u), updates };
}

async function parseFile(path: string, ctx: StageContext = context()): Promise<ParsedDocument> {
  return parsePdf({ bytes: await readFile(path), fileName: path.split('/').pop() ?? path }, ctx, { ocr: false });
}

async function errorOf(promise: Promise<unknown>): Promise<LecternError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LecternError);
  return error as LecternError;
}

function unitTexts(doc: ParsedDocument): string[] {
  return doc.units.map((u) => doc.text.slice(u.start, u.end));
}

describe('parsePdf on generated fixtures', () => {
  it('rebuilds paragraphs, joins hyphenated words and anchors units to pages with boxes', async () => {
    const doc = await parseFile(fixtures.report);
    expect(doc.kind).toBe('pdf');
    expect(doc.title).toBe('Harbor Valley Water Survey');
    expect(doc.meta).toMatchObject({
      fileName: 'report.pdf',
      format: 'pdf',
      pages: 5,
      ocrPages: [],
      author: 'Test Fixture',
    });
    const texts = unitTexts(doc);
    expect(texts).toContain(
      'The survey covers the harbor valley and its seven districts. Field teams collected information about wells, ' +
        'pumps and storage tanks between March and October.',
    );
    const intro = doc.units[texts.indexOf('1 Introduction')];
    expect(intro?.anchor).toMatchObject({ type: 'page', page: 1 });
    const bbox = intro?.anchor.type === 'page' ? intro.anchor.bbox : undefined;
    expect(bbox?.[0]).toBeCloseTo(72, 0);
    expect(bbox?.[1]).toBeGreaterThan(650);
    expect(bbox?.[3]).toBeLessThan(720);
  });

  it('keeps unit offsets exact and joins units with blank lines', async () => {
    const doc = await parseFile(fixtures.report);
    expect(doc.text).toBe(unitTexts(doc).join('\n\n'));
    doc.units.forEach((u, i) => {
      expect(u.index).toBe(i);
      if (i > 0) expect(u.start).toBe((doc.units[i - 1]?.end ?? 0) + 2);
    });
  });

  it('drops the running header and the page-number footer', async () => {
    const doc = await parseFile(fixtures.report);
    expect(doc.text).not.toContain('Harbor Valley Water Survey 2024');
    expect(doc.text).not.toMatch(/Page \d of 5/);
  });

  it('marks headings by size rank and numbered titles', async () => {
    const doc = await parseFile(fixtures.report);
    const headings = doc.units
      .filter((u) => u.headingLevel !== undefined)
      .map((u) => [doc.text.slice(u.start, u.end), u.headingLevel]);
    expect(headings).toEqual([
      ['1 Introduction', 1],
      ['2 Methods', 1],
      ['2.1 Sampling', 2],
      ['3 Results', 1],
      ['4 Conclusion', 1],
    ]);
  });

  it('keeps the nested outline, each entry pointing at its heading unit', async () => {
    const doc = await parseFile(fixtures.report);
    const outline = (doc.outline ?? []).map((e) => ({
      title: e.title,
      level: e.level,
      page: e.page,
      unit: doc.text.slice(doc.units[e.unitIndex]?.start, doc.units[e.unitIndex]?.end),
    }));
    expect(outline).toEqual([
      { title: 'Introduction', level: 1, page: 1, unit: '1 Introduction' },
      { title: 'Methods', level: 1, page: 2, unit: '2 Methods' },
      { title: 'Sampling', level: 2, page: 2, unit: '2.1 Sampling' },
      { title: 'Results', level: 1, page: 3, unit: '3 Results' },
      { title: 'Conclusion', level: 1, page: 5, unit: '4 Conclusion' },
    ]);
  });

  it('reports reading progress per page', async () => {
    const ctx = context();
    await parseFile(fixtures.report, ctx);
    const reading = ctx.updates.filter((u) => u.phase === 'reading');
    expect(reading.at(0)).toMatchObject({ done: 0, total: 5 });
    expect(reading.at(-1)).toMatchObject({ done: 5, total: 5 });
  });

  it('expands ligature glyphs', async () => {
    const doc = await parseFile(fixtures.ligatures);
    expect(doc.text).toBe('The first floor office');
  });

  it('throws CANCELLED when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await errorOf(parseFile(fixtures.report, context(controller.signal)));
    expect(error.code).toBe('CANCELLED');
  });

  it('stops with CANCELLED when aborted between pages', async () => {
    const controller = new AbortController();
    const ctx: StageContext = {
      signal: controller.signal,
      onProgress: (u) => {
        if (u.phase === 'reading' && u.done === 2) controller.abort();
      },
    };
    const error = await errorOf(parseFile(fixtures.report, ctx));
    expect(error.code).toBe('CANCELLED');
  });

  it.each([
    ['truncated', 'PDF_CORRUPT'],
    ['garbage', 'PDF_CORRUPT'],
    ['empty', 'PDF_CORRUPT'],
    ['blank', 'PDF_NO_TEXT'],
  ] as const)('turns the %s file into %s', async (name, code) => {
    const error = await errorOf(parseFile(fixtures[name]));
    expect(error.code).toBe(code);
  });

  it('leaves the caller bytes usable (pdfjs gets a copy)', async () => {
    const bytes = await readFile(fixtures.report);
    await parsePdf({ bytes, fileName: 'report.pdf' }, context(), { ocr: false });
    expect(bytes.byteLength).toBeGreaterThan(1000);
    const again = await parsePdf({ bytes, fileName: 'report.pdf' }, context(), { ocr: false });
    expect(again.meta.pages).toBe(5);
  });
});
