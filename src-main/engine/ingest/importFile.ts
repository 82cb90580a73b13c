import { cleanTitle } from './cleanTitle';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImportResult as GrantedImportResult } from '../../../src-shared/domain/importing';

/** One file's outcome by path; the handler adds the file's granted id. */
export type ImportResult = Omit<GrantedImportResult, 'file'>;
import type { Chapter } from '../../../src-shared/domain/chapter';
import type { LecternDocument } from '../../../src-shared/domain/document';
import { LecternError, toErrorPayload } from '../../../src-shared/errors';
import { throwIfCancelled, type StageContext } from '../jobs/JobRunner';
import type { Library } from '../store/Library';
import { detectFormat } from './detectFormat';
import { parsePdf } from './pdf/parsePdf';
import { parseTextLike } from './text/parseTextLike';
import type { ParsedDocument } from './types';

/** Files above this are refused before reading: a document this large is almost certainly not what the user meant. */
export const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;

export interface ImportOptions {
  password?: string;
  /** OCR pages without a text layer. Default true. */
  ocr?: boolean;
  /** Chapters for the parsed document, stored in the same transaction as the document. */
  chapter?: (doc: LecternDocument, ctx: StageContext) => Promise<Chapter[]> | Chapter[];
}

/**
 * Imports one file: read, hash (the id), parse by content, store in one transaction. Never throws for a bad file:
 * the error is the result. Importing the same bytes again is `duplicate` and costs one hash.
 */
export async function importFile(
  filePath: string,
  library: Library,
  options: ImportOptions,
  ctx: StageContext,
): Promise<ImportResult> {
  const started = performance.now();
  const absolute = path.resolve(filePath);
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const info = await stat(absolute).catch(() => {
      throw new LecternError('FILE_NOT_FOUND', `${path.basename(absolute)} was not found at ${absolute}.`);
    });
    if (!info.isFile())
      throw new LecternError('UNSUPPORTED_FORMAT', `${path.basename(absolute)} is a folder, not a file.`);
    if (info.size === 0) throw new LecternError('UNSUPPORTED_FORMAT', `${path.basename(absolute)} is empty.`);
    if (info.size > MAX_IMPORT_BYTES) {
      throw new LecternError(
        'FILE_TOO_LARGE',
        `${path.basename(absolute)} is ${(info.size / 2 ** 30).toFixed(1)} GB; Lectern imports files up to 1 GB.`,
      );
    }
    ctx.onProgress({ phase: 'reading', done: 0, total: 1 });
    // A view of the Buffer, not a copy of it: a 300 MB file would otherwise sit in memory twice.
    const read = await readFile(absolute);
    let bytes: Uint8Array | undefined = new Uint8Array(read.buffer, read.byteOffset, read.byteLength);
    const id = createHash('sha256').update(bytes).digest('hex');
    if (library.documents.has(id)) {
      const existing = library.documents.get(id, { limit: 0 }).document;
      // Documents imported before the library kept copies get theirs now, while the bytes are at hand.
      if (existing.kind === 'pdf' && !library.files.has(id)) await library.files.save(id, bytes);
      return {
        path: absolute,
        status: 'duplicate',
        docId: id,
        kind: existing.kind,
        title: existing.title,
        ms: elapsed(),
      };
    }
    throwIfCancelled(ctx.signal);
    const format = detectFormat(bytes, path.basename(absolute));
    // Only a PDF's bytes are kept past parsing (its copy is saved with the document); a big text's bytes would
    // otherwise stay alive beside its decoded text through chaptering and saving.
    const pdfBytes = format === 'pdf' ? bytes : undefined;
    const input = { bytes, fileName: path.basename(absolute) };
    bytes = undefined;
    let parsed: ParsedDocument;
    if (format === 'pdf') {
      parsed = await parsePdf(input, ctx, {
        ...(options.password !== undefined ? { password: options.password } : {}),
        ocr: options.ocr ?? true,
        ocrDone: library.ocrPages.get(id),
        onOcrPage: (page, result) => library.ocrPages.save(id, page, result),
      });
    } else {
      parsed = await parseTextLike(input, ctx, format);
    }
    input.bytes = new Uint8Array(0);
    throwIfCancelled(ctx.signal);
    if (parsed.units.length === 0) {
      throw new LecternError(
        format === 'pdf' ? 'PDF_NO_TEXT' : 'UNSUPPORTED_FORMAT',
        `${input.fileName} has no readable text.`,
      );
    }
    const doc: LecternDocument = { id, ...parsed, title: cleanTitle(parsed.title) };
    ctx.onProgress({ phase: 'chapters', done: 0, total: 1 });
    const chapters = (await options.chapter?.(doc, ctx)) ?? [];
    throwIfCancelled(ctx.signal);
    ctx.onProgress({ phase: 'saving', done: 0, total: 1 });
    // The copy first: a document in the library then always has its page view (a crash in between leaves a stray
    // copy, which the next import of the same file overwrites).
    if (pdfBytes !== undefined) await library.files.save(id, pdfBytes);
    if (!library.insert(doc, absolute, chapters)) {
      return { path: absolute, status: 'duplicate', docId: id, kind: doc.kind, title: doc.title, ms: elapsed() };
    }
    return {
      path: absolute,
      status: 'imported',
      docId: id,
      kind: doc.kind,
      title: doc.title,
      ...(doc.meta.pages !== undefined ? { pages: doc.meta.pages } : {}),
      units: doc.units.length,
      ocrPages: doc.meta.ocrPages?.length ?? 0,
      chapters: chapters.length,
      ms: elapsed(),
    };
  } catch (error) {
    const payload = toErrorPayload(error);
    if (payload.code === 'CANCELLED') throw error;
    return { path: absolute, status: 'error', error: payload, ms: elapsed() };
  }
}

/** Imports files one after another, reporting progress per file. */
export async function importFiles(
  paths: string[],
  library: Library,
  options: ImportOptions,
  ctx: StageContext,
): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  for (const [index, filePath] of paths.entries()) {
    throwIfCancelled(ctx.signal);
    const item = { index, count: paths.length, name: path.basename(filePath) };
    const fileCtx: StageContext = { signal: ctx.signal, onProgress: (update) => ctx.onProgress({ ...update, item }) };
    results.push(await importFile(filePath, library, options, fileCtx));
    ctx.onProgress({ phase: 'done', done: 1, total: 1, item });
  }
  return results;
}
