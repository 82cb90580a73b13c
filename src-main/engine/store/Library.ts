import type {
  Anchor,
  DocumentPage,
  DocumentSummary,
  LecternDocument,
  OutlineEntry,
  UnitHit,
} from '../../../src-shared/domain/document';
import type { AskResult, ChatTurn } from '../../../src-shared/domain/answer';
import type { Chapter, ChapterSource } from '../../../src-shared/domain/chapter';
import { LecternError } from '../../../src-shared/errors';
import type { OcrPageResult } from '../ingest/types';
import { DocumentFiles } from './DocumentFiles';
import { openDatabase, type Db } from './openDatabase';

interface DocumentRow {
  id: string;
  title: string;
  kind: LecternDocument['kind'];
  meta: string;
  outline: string | null;
  unit_count: number;
  chars: number;
  imported_at: number;
}

/** Turns free text into an FTS5 query that cannot be a syntax error: each word quoted, any of them may match. */
export function toFtsQuery(query: string): string | undefined {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const unique = [...new Set(words)].slice(0, 32);
  return unique.length ? unique.map((w) => `"${w}"`).join(' OR ') : undefined;
}

/**
 * The library on disk: documents, units and their keyword index, in one SQLite file. A document is written in one
 * transaction, so a crash mid-import leaves either the whole document or none of it.
 */
export class Library {
  readonly db: Db;
  /** Copies of imported PDFs, for the page view. */
  readonly files: DocumentFiles;

  constructor(libraryDir: string) {
    this.db = openDatabase(libraryDir);
    this.files = new DocumentFiles(libraryDir);
  }

  has(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM documents WHERE id = ?').get(id) !== undefined;
  }

  /**
   * Stores a document, its units, their index and its chapters, all in one transaction. False when the document is
   * already there: another process imported the same file between our check and our write.
   */
  insert(doc: LecternDocument, sourcePath: string, chapters: Chapter[] = []): boolean {
    const insertDoc = this.db.prepare(
      `INSERT OR IGNORE INTO documents (id, title, kind, text, meta, outline, unit_count, chars, source_path, imported_at)
       VALUES (@id, @title, @kind, @text, @meta, @outline, @unitCount, @chars, @sourcePath, @importedAt)`,
    );
    const insertUnit = this.db.prepare(
      'INSERT INTO units (doc_id, idx, start, end, anchor, heading_level) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertFts = this.db.prepare('INSERT INTO units_fts (text, doc_id, idx) VALUES (?, ?, ?)');
    return this.db.transaction(() => {
      const added = insertDoc.run({
        id: doc.id,
        title: doc.title,
        kind: doc.kind,
        text: doc.text,
        meta: JSON.stringify(doc.meta),
        outline: doc.outline ? JSON.stringify(doc.outline) : null,
        unitCount: doc.units.length,
        chars: doc.text.length,
        sourcePath,
        importedAt: Date.now(),
      });
      if (added.changes === 0) return false;
      for (const unit of doc.units) {
        insertUnit.run(
          doc.id,
          unit.index,
          unit.start,
          unit.end,
          JSON.stringify(unit.anchor),
          unit.headingLevel ?? null,
        );
        insertFts.run(doc.text.slice(unit.start, unit.end), doc.id, unit.index);
      }
      this.#writeChapters(doc.id, chapters);
      // The OCR pages were only kept so an interrupted import could resume; the document now holds the text.
      this.db.prepare('DELETE FROM ocr_pages WHERE file_hash = ?').run(doc.id);
      return true;
    })();
  }

  list(): DocumentSummary[] {
    const rows = this.db
      .prepare(
        'SELECT id, title, kind, meta, outline, unit_count, chars, imported_at FROM documents ORDER BY imported_at DESC',
      )
      .all() as DocumentRow[];
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      kind: r.kind,
      meta: JSON.parse(r.meta) as DocumentSummary['meta'],
      unitCount: r.unit_count,
      chars: r.chars,
      importedAt: r.imported_at,
    }));
  }

  /** A document with a page of its units (each with its text). `includeText` adds the whole text. */
  get(id: string, options: { offset?: number; limit?: number; includeText?: boolean } = {}): DocumentPage {
    const row = this.db
      .prepare(
        'SELECT id, title, kind, meta, outline, unit_count, chars, imported_at, text FROM documents WHERE id = ?',
      )
      .get(id) as (DocumentRow & { text: string }) | undefined;
    if (!row) throw new LecternError('NOT_FOUND', `No document ${id} in the library.`);
    const offset = options.offset ?? 0;
    const limit = options.limit ?? 200;
    const unitRows = this.db
      .prepare(
        'SELECT idx, start, end, anchor, heading_level FROM units WHERE doc_id = ? AND idx >= ? ORDER BY idx LIMIT ?',
      )
      .all(id, offset, limit) as {
      idx: number;
      start: number;
      end: number;
      anchor: string;
      heading_level: number | null;
    }[];
    return {
      document: {
        id: row.id,
        title: row.title,
        kind: row.kind,
        meta: JSON.parse(row.meta) as LecternDocument['meta'],
        ...(row.outline ? { outline: JSON.parse(row.outline) as OutlineEntry[] } : {}),
        ...(options.includeText ? { text: row.text } : {}),
      },
      units: unitRows.map((u) => ({
        index: u.idx,
        start: u.start,
        end: u.end,
        anchor: JSON.parse(u.anchor) as Anchor,
        ...(u.heading_level !== null ? { headingLevel: u.heading_level } : {}),
        text: row.text.slice(u.start, u.end),
      })),
      totalUnits: row.unit_count,
    };
  }

  /** The whole document, as the parsers made it. */
  load(id: string): LecternDocument {
    const page = this.get(id, { limit: Number.MAX_SAFE_INTEGER, includeText: true });
    return {
      ...page.document,
      text: page.document.text ?? '',
      units: page.units.map(({ text: _text, ...unit }) => unit),
    };
  }

  chapters(docId: string): Chapter[] {
    const rows = this.db
      .prepare(
        'SELECT idx, title, level, start_unit, end_unit, source, edited FROM chapters WHERE doc_id = ? ORDER BY idx',
      )
      .all(docId) as {
      idx: number;
      title: string;
      level: number;
      start_unit: number;
      end_unit: number;
      source: ChapterSource;
      edited: number;
    }[];
    if (rows.length === 0) return [];
    const anchors = this.db.prepare('SELECT anchor FROM units WHERE doc_id = ? AND idx = ?');
    return rows.map((r) => {
      const anchor = anchors.get(docId, r.start_unit) as { anchor: string } | undefined;
      const a = anchor ? (JSON.parse(anchor.anchor) as Anchor) : undefined;
      return {
        index: r.idx,
        title: r.title,
        level: r.level,
        startUnit: r.start_unit,
        endUnit: r.end_unit,
        source: r.source,
        edited: r.edited === 1,
        ...(a?.type === 'page' ? { page: a.page } : {}),
        ...(a?.type === 'time' ? { time: a.start } : {}),
      };
    });
  }

  /** Replaces a document's chapters (and their index entries) in one transaction. */
  setChapters(docId: string, chapters: Chapter[]): void {
    if (!this.has(docId)) throw new LecternError('NOT_FOUND', `No document ${docId} in the library.`);
    this.db.transaction(() => this.#writeChapters(docId, chapters))();
  }

  #writeChapters(docId: string, chapters: Chapter[]): void {
    this.db.prepare('DELETE FROM chapters WHERE doc_id = ?').run(docId);
    this.db.prepare('DELETE FROM chapters_fts WHERE doc_id = ?').run(docId);
    const insert = this.db.prepare(
      'INSERT INTO chapters (doc_id, idx, title, level, start_unit, end_unit, source, edited) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertFts = this.db.prepare('INSERT INTO chapters_fts (title, doc_id, idx) VALUES (?, ?, ?)');
    for (const c of chapters) {
      insert.run(docId, c.index, c.title, c.level, c.startUnit, c.endUnit, c.source, c.edited ? 1 : 0);
      insertFts.run(c.title, docId, c.index);
    }
  }

  /** Where a document was imported from, with what is needed to name it; undefined when it is not in the library. */
  source(id: string): { path: string; title: string; kind: LecternDocument['kind']; fileName: string } | undefined {
    const row = this.db.prepare('SELECT source_path, title, kind, meta FROM documents WHERE id = ?').get(id) as
      { source_path: string; title: string; kind: LecternDocument['kind']; meta: string } | undefined;
    if (!row) return undefined;
    const meta = JSON.parse(row.meta) as LecternDocument['meta'];
    return { path: row.source_path, title: row.title, kind: row.kind, fileName: meta.fileName };
  }

  delete(id: string): boolean {
    const deleted = this.db.transaction(() => {
      this.db.prepare('DELETE FROM units_fts WHERE doc_id = ?').run(id);
      this.db.prepare('DELETE FROM chapters_fts WHERE doc_id = ?').run(id);
      return this.db.prepare('DELETE FROM documents WHERE id = ?').run(id).changes > 0;
    })();
    // After the commit, so a delete that fails never loses the copy of a document still listed.
    this.files.remove(id);
    return deleted;
  }

  search(docId: string | undefined, query: string, limit = 20): UnitHit[] {
    const fts = toFtsQuery(query);
    if (!fts) return [];
    const rows = this.db
      .prepare(
        `SELECT f.doc_id AS docId, f.idx AS unitIndex, snippet(units_fts, 0, '[', ']', '…', 24) AS snippet,
                bm25(units_fts) AS rank, u.anchor AS anchor
         FROM units_fts f JOIN units u ON u.doc_id = f.doc_id AND u.idx = f.idx
         WHERE units_fts MATCH ? ${docId ? 'AND f.doc_id = ?' : ''}
         ORDER BY rank LIMIT ?`,
      )
      .all(...(docId ? [fts, docId, limit] : [fts, limit])) as {
      docId: string;
      unitIndex: number;
      snippet: string;
      rank: number;
      anchor: string;
    }[];
    return rows.map((r) => ({
      docId: r.docId,
      unitIndex: r.unitIndex,
      snippet: r.snippet,
      score: -r.rank,
      anchor: JSON.parse(r.anchor) as Anchor,
    }));
  }

  addTurn(turn: ChatTurn): void {
    this.db
      .prepare('INSERT INTO turns (id, doc_id, question, result, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(turn.id, turn.docId, turn.question, JSON.stringify(turn.result), turn.createdAt);
  }

  turns(docId: string): ChatTurn[] {
    const rows = this.db
      .prepare('SELECT id, doc_id, question, result, created_at FROM turns WHERE doc_id = ? ORDER BY created_at, rowid')
      .all(docId) as { id: string; doc_id: string; question: string; result: string; created_at: number }[];
    return rows.map((r) => ({
      id: r.id,
      docId: r.doc_id,
      question: r.question,
      result: JSON.parse(r.result) as AskResult,
      createdAt: r.created_at,
    }));
  }

  clearTurns(docId: string): number {
    return this.db.prepare('DELETE FROM turns WHERE doc_id = ?').run(docId).changes;
  }

  ocrPages(fileHash: string): Map<number, OcrPageResult> {
    const rows = this.db.prepare('SELECT page, result FROM ocr_pages WHERE file_hash = ?').all(fileHash) as {
      page: number;
      result: string;
    }[];
    return new Map(rows.map((r) => [r.page, JSON.parse(r.result) as OcrPageResult]));
  }

  saveOcrPage(fileHash: string, page: number, result: OcrPageResult): void {
    this.db
      .prepare('INSERT OR REPLACE INTO ocr_pages (file_hash, page, result) VALUES (?, ?, ?)')
      .run(fileHash, page, JSON.stringify(result));
  }

  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
