import { OPS, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { OutlineEntry, Unit } from '../../../../src-shared/domain/document';
import { LecternError } from '../../../../src-shared/errors';
import { type StageContext, throwIfCancelled } from '../../jobs/JobRunner';
import type { OcrPageResult, ParsedDocument, ParseInput, PdfParseOptions } from '../types';
import { buildLines } from './buildLines';
import { readDocumentInfo } from './documentInfo';
import { groupBlocks } from './groupBlocks';
import type { TextBlock, TextLine } from './layoutTypes';
import { markHeadings } from './markHeadings';
import { normalizeLineText } from './normalizeText';
import { openPdf } from './openPdf';
import { PageOcr } from './PageOcr';
import { type RawOutlineEntry, readOutline } from './readOutline';
import { removeRunningLines } from './runningLines';

/** A page with fewer visible characters than this has no real text layer (a scan with at most a stray label). */
const MIN_TEXT_CHARS = 10;

const IMAGE_OPS = new Set<number>([
  OPS.paintImageXObject,
  OPS.paintInlineImageXObject,
  OPS.paintImageMaskXObject,
  OPS.paintImageXObjectRepeat,
  OPS.paintImageMaskXObjectRepeat,
  OPS.paintImageMaskXObjectGroup,
  OPS.paintInlineImageXObjectGroup,
]);

/**
 * Parses a PDF into paragraph units anchored to pages (with boxes), headings, bookmarks and metadata. Pages without
 * a text layer are OCR'd when `options.ocr` is not false and a canvas is available. Bad files end as typed errors
 * (PDF_ENCRYPTED, PDF_PASSWORD_WRONG, PDF_CORRUPT, PDF_NO_TEXT); one unreadable page only becomes a warning.
 */
export async function parsePdf(
  input: ParseInput,
  ctx: StageContext,
  options: PdfParseOptions = {},
): Promise<ParsedDocument> {
  throwIfCancelled(ctx.signal);
  const opened = await openPdf(input.bytes, options.password);
  const { doc } = opened;
  let ocr: PageOcr | undefined;
  try {
    const warnings: string[] = [];
    const pages = await readTextLayer(doc, ctx, warnings);
    const ocrState = { ocrPages: [] as number[] };
    if (pages.needsOcr.length > 0) {
      ocr = new PageOcr(doc, ctx.signal);
      await runOcr(doc, ocr, pages, ctx, options, warnings, ocrState);
    }
    const { pages: cleaned } = removeRunningLines(pages.lines);
    const blocks = cleaned.flatMap((lines, i) => groupBlocks(lines, i + 1));
    markHeadings(blocks);
    if (blocks.length === 0) throw noTextError(doc.numPages, pages, options, warnings, input.bytes);

    const { text, units } = assemble(blocks);
    const info = await readDocumentInfo(doc);
    const outline = attachOutline(await readOutline(doc, warnings), units, blocks);
    throwIfCancelled(ctx.signal);
    const firstHeading = blocks.find((b) => b.headingLevel !== undefined)?.text;
    return {
      title: info.title ?? firstHeading ?? titleFromFileName(input.fileName),
      kind: 'pdf',
      text,
      units,
      ...(outline.length > 0 ? { outline } : {}),
      meta: {
        fileName: input.fileName,
        sizeBytes: input.bytes.byteLength,
        format: 'pdf',
        pages: doc.numPages,
        ocrPages: [...ocrState.ocrPages].sort((a, b) => a - b),
        ...(info.author ? { author: info.author } : {}),
        warnings,
      },
    };
  } catch (error) {
    if (error instanceof LecternError) throw error;
    if (ctx.signal.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
    // pdfjs throws plain errors deep inside broken files; after a successful open they are still about the file.
    throw new LecternError('PDF_CORRUPT', `The PDF could not be read: ${errorMessage(error)}`);
  } finally {
    await ocr?.terminate();
    await opened.close();
  }
}

interface TextLayer {
  /** Lines per page, index = page - 1. */
  lines: TextLine[][];
  needsOcr: number[];
  failed: number[];
}

async function readTextLayer(doc: PDFDocumentProxy, ctx: StageContext, warnings: string[]): Promise<TextLayer> {
  const total = doc.numPages;
  const layer: TextLayer = { lines: [], needsOcr: [], failed: [] };
  for (let n = 1; n <= total; n++) {
    throwIfCancelled(ctx.signal);
    ctx.onProgress({ phase: 'reading', done: n - 1, total, message: `Reading page ${n} of ${total}` });
    let page: PDFPageProxy | undefined;
    try {
      page = await doc.getPage(n);
      const content = await page.getTextContent();
      const lines = buildLines(content.items);
      layer.lines.push(lines);
      if (visibleChars(lines) < MIN_TEXT_CHARS && (await hasImages(page))) layer.needsOcr.push(n);
    } catch (error) {
      throwIfCancelled(ctx.signal);
      layer.lines.push([]);
      layer.failed.push(n);
      warnings.push(`Page ${n} could not be read and was skipped: ${errorMessage(error)}`);
    } finally {
      page?.cleanup();
    }
  }
  ctx.onProgress({ phase: 'reading', done: total, total });
  return layer;
}

async function runOcr(
  doc: PDFDocumentProxy,
  ocr: PageOcr,
  layer: TextLayer,
  ctx: StageContext,
  options: PdfParseOptions,
  warnings: string[],
  state: { ocrPages: number[] },
): Promise<void> {
  const wanted = layer.needsOcr;
  const enabled = options.ocr !== false;
  const canRender = enabled && ocr.canRender();
  const skipped: number[] = [];
  let engineBroken = false;
  for (const [i, n] of wanted.entries()) {
    throwIfCancelled(ctx.signal);
    ctx.onProgress({ phase: 'ocr', done: i, total: wanted.length, message: `OCR page ${i + 1} of ${wanted.length}` });
    let result: OcrPageResult | undefined = options.ocrDone?.get(n);
    if (!result) {
      if (!canRender || engineBroken) {
        skipped.push(n);
        continue;
      }
      let page: PDFPageProxy | undefined;
      try {
        page = await doc.getPage(n);
        result = await ocr.recognize(page);
        options.onOcrPage?.(n, result);
      } catch (error) {
        throwIfCancelled(ctx.signal);
        if (error instanceof LecternError && error.code === 'CANCELLED') throw error;
        warnings.push(`OCR failed on page ${n}: ${errorMessage(error)}`);
        // A render failure is the page's; a worker that cannot start would fail every page the same way.
        if (page && /worker|traineddata|wasm|tesseract/i.test(errorMessage(error))) engineBroken = true;
        continue;
      } finally {
        page?.cleanup();
      }
    }
    state.ocrPages.push(n);
    const lines = ocrLines(result);
    if (lines.length > 0) layer.lines[n - 1] = lines;
  }
  ctx.onProgress({ phase: 'ocr', done: wanted.length, total: wanted.length });
  if (skipped.length > 0) {
    const why = !enabled
      ? 'OCR is turned off'
      : !canRender
        ? 'no renderer (@napi-rs/canvas) is available'
        : 'OCR failed';
    warnings.push(`Page(s) ${formatPages(skipped)} have no text layer and need OCR, which was skipped: ${why}.`);
  }
}

function ocrLines(result: OcrPageResult): TextLine[] {
  return result.lines
    .map((line) => {
      const height = Math.max(line.bbox[3] - line.bbox[1], 1);
      return {
        text: normalizeLineText(line.text),
        bbox: line.bbox,
        baseline: line.bbox[1],
        // A line box spans ascenders to descenders, a bit more than the font size.
        fontSize: height * 0.8,
        ocr: true,
      };
    })
    .filter((line) => line.text !== '')
    .sort((a, b) => b.bbox[3] - a.bbox[3] || a.bbox[0] - b.bbox[0]);
}

async function hasImages(page: PDFPageProxy): Promise<boolean> {
  try {
    const list = await page.getOperatorList();
    return list.fnArray.some((fn) => IMAGE_OPS.has(fn));
  } catch {
    // If we cannot tell, try OCR: a wasted render beats silently losing a scanned page.
    return true;
  }
}

/**
 * Whether the file ends as a PDF must: `startxref` and `%%EOF` in its last kilobyte. pdfjs rebuilds a missing
 * cross-reference table by scanning, which rescues truncated files with text, but a file that yields nothing and
 * lacks its trailer is broken, not blank.
 */
function hasTrailer(bytes: Uint8Array): boolean {
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 1024)));
  return tail.includes('startxref') && tail.includes('%%EOF');
}

function noTextError(
  numPages: number,
  layer: TextLayer,
  options: PdfParseOptions,
  warnings: string[],
  bytes: Uint8Array,
): LecternError {
  if (layer.failed.length === numPages) {
    return new LecternError('PDF_CORRUPT', 'None of the pages of this PDF could be read.', { warnings });
  }
  if (layer.needsOcr.length === 0 && !hasTrailer(bytes)) {
    return new LecternError(
      'PDF_CORRUPT',
      'The PDF is damaged (its cross-reference table and trailer are missing) and no text could be recovered. Open it in a PDF viewer and save or print it to a new PDF, then import that.',
      { warnings },
    );
  }
  const reason =
    layer.needsOcr.length === 0
      ? 'The PDF has no text and no scanned images.'
      : options.ocr === false
        ? 'The PDF has no text layer and OCR is turned off.'
        : 'The PDF has no text layer and OCR found no text.';
  return new LecternError('PDF_NO_TEXT', reason, { warnings, pagesNeedingOcr: layer.needsOcr });
}

function assemble(blocks: readonly TextBlock[]): { text: string; units: Unit[] } {
  const units: Unit[] = [];
  let offset = 0;
  for (const [index, block] of blocks.entries()) {
    if (index > 0) offset += 2;
    const start = offset;
    offset += block.text.length;
    const bbox = block.bbox.map((v) => Math.round(v * 100) / 100) as [number, number, number, number];
    const unit: Unit = { index, start, end: offset, anchor: { type: 'page', page: block.page, bbox } };
    if (block.headingLevel !== undefined) unit.headingLevel = block.headingLevel;
    units.push(unit);
  }
  return { text: blocks.map((b) => b.text).join('\n\n'), units };
}

/**
 * Each bookmark points at the unit on its page whose text starts with the bookmark's title (the heading itself),
 * else at the first unit on or after its page. Bookmarks without a page follow the previous one.
 */
function attachOutline(
  entries: readonly RawOutlineEntry[],
  units: readonly Unit[],
  blocks: readonly TextBlock[],
): OutlineEntry[] {
  const result: OutlineEntry[] = [];
  let previous = 0;
  for (const entry of entries) {
    let unitIndex = previous;
    if (entry.page !== undefined) {
      const page = entry.page;
      const key = comparable(entry.title);
      const matches = (u: Unit): boolean => key !== '' && titleMatches(blocks[u.index]?.text ?? '', key);
      const onPage = units.filter((u) => u.anchor.type === 'page' && u.anchor.page === page);
      // Two bookmarks with one title on a page ("Notes", "Notes") go to successive headings, not both to the first.
      const titled = onPage.find((u) => u.index >= previous && matches(u)) ?? onPage.find(matches);
      const after = units.find((u) => u.anchor.type === 'page' && u.anchor.page >= page);
      unitIndex = (titled ?? onPage[0] ?? after)?.index ?? Math.max(units.length - 1, 0);
    }
    previous = unitIndex;
    result.push({
      title: entry.title,
      level: entry.level,
      unitIndex,
      ...(entry.page !== undefined ? { page: entry.page } : {}),
    });
  }
  return result;
}

/** The block starts with the title, ignoring case, punctuation and a section number the bookmark left out. */
function titleMatches(blockText: string, key: string): boolean {
  const text = comparable(blockText);
  return text.startsWith(key) || comparable(blockText.replace(/^\s*[\dIVXivx]+(?:\.\d+)*\.?\s+/, '')).startsWith(key);
}

function comparable(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function visibleChars(lines: readonly TextLine[]): number {
  let count = 0;
  for (const line of lines) count += line.text.replace(/\s/g, '').length;
  return count;
}

function titleFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const stem = base.replace(/\.pdf$/i, '').trim();
  return stem === '' ? 'Untitled PDF' : stem;
}

function formatPages(pages: readonly number[]): string {
  return pages.length > 20 ? `${pages.slice(0, 20).join(', ')} and ${pages.length - 20} more` : pages.join(', ');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
