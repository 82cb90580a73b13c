import type {
  Anchor,
  DocumentPage,
  DocumentSummary,
  LecternDocument,
  OutlineEntry,
} from '../../../src-shared/domain/document';
import { LecternError } from '../../../src-shared/errors';
import type { Db } from './openDatabase';

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

interface UnitRow {
  idx: number;
  start: number;
  end: number;
  anchor: string;
  heading_level: number | null;
}

interface SourceRow {
  source_path: string;
  title: string;
  kind: LecternDocument['kind'];
  meta: string;
}

interface DocumentParams {
  id: string;
  title: string;
  kind: LecternDocument['kind'];
  text: string;
  meta: string;
  outline: string | null;
  unitCount: number;
  chars: number;
  sourcePath: string;
  importedAt: number;
}

/** Where a document was imported from, with what is needed to name it. */
export interface DocumentSource {
  path: string;
  title: string;
  kind: LecternDocument['kind'];
  fileName: string;
}

/**
 * The `documents` and `units` tables: a document's text, metadata and outline, and its units with their anchors.
 * Writes go through `Library`, which puts a document, its index and its chapters in one transaction.
 */
export class Documents {
  readonly #exists;
  readonly #insertDoc;
  readonly #insertUnit;
  readonly #list;
  readonly #get;
  readonly #units;
  readonly #source;
  readonly #delete;
  readonly #writer;
  readonly #complete;
  readonly #pending;
  readonly #unitRange;
  readonly #text;
  readonly #size;

  constructor(db: Db) {
    this.#exists = db.prepare<[id: string], 1>('SELECT 1 FROM documents WHERE id = ? AND pending_pid IS NULL').pluck();
    // OR IGNORE: a row already there (another process imported the same file, or is importing it) is the answer.
    this.#insertDoc = db.prepare<DocumentParams & { pendingPid: number }>(
      `INSERT OR IGNORE INTO documents
         (id, title, kind, text, meta, outline, unit_count, chars, source_path, imported_at, pending_pid)
       VALUES (@id, @title, @kind, @text, @meta, @outline, @unitCount, @chars, @sourcePath, @importedAt, @pendingPid)`,
    );
    this.#writer = db.prepare<[id: string], { pending_pid: number | null }>(
      'SELECT pending_pid FROM documents WHERE id = ?',
    );
    this.#complete = db.prepare<[id: string]>('UPDATE documents SET pending_pid = NULL WHERE id = ?');
    this.#pending = db.prepare<[], { id: string; pending_pid: number }>(
      'SELECT id, pending_pid FROM documents WHERE pending_pid IS NOT NULL',
    );
    this.#insertUnit = db.prepare<
      [docId: string, idx: number, start: number, end: number, anchor: string, headingLevel: number | null]
    >('INSERT INTO units (doc_id, idx, start, end, anchor, heading_level) VALUES (?, ?, ?, ?, ?, ?)');
    this.#list = db.prepare<[], DocumentRow>(
      'SELECT id, title, kind, meta, outline, unit_count, chars, imported_at FROM documents WHERE pending_pid IS NULL ORDER BY imported_at DESC',
    );
    // Without the text: a page of units, or none (a check that the document exists), must not read 300 MB.
    this.#get = db.prepare<[id: string], DocumentRow>(
      'SELECT id, title, kind, meta, outline, unit_count, chars, imported_at FROM documents WHERE id = ? AND pending_pid IS NULL',
    );
    this.#units = db.prepare<[docId: string, offset: number, limit: number], UnitRow>(
      'SELECT idx, start, end, anchor, heading_level FROM units WHERE doc_id = ? AND idx >= ? ORDER BY idx LIMIT ?',
    );
    this.#source = db.prepare<[id: string], SourceRow>(
      'SELECT source_path, title, kind, meta FROM documents WHERE id = ? AND pending_pid IS NULL',
    );
    this.#delete = db.prepare<[id: string]>('DELETE FROM documents WHERE id = ?');
    this.#unitRange = db.prepare<[docId: string, from: number, to: number], UnitRow>(
      'SELECT idx, start, end, anchor, heading_level FROM units WHERE doc_id = ? AND idx >= ? AND idx < ? ORDER BY idx',
    );
    this.#text = db
      .prepare<[id: string], string>('SELECT text FROM documents WHERE id = ? AND pending_pid IS NULL')
      .pluck();
    this.#size = db.prepare<[id: string], { chars: number; unit_count: number }>(
      'SELECT chars, unit_count FROM documents WHERE id = ? AND pending_pid IS NULL',
    );
  }

  has(id: string): boolean {
    return this.#exists.get(id) !== undefined;
  }

  /**
   * Writes the document row, marked as being written by `pendingPid`; false when a row with its id is already there.
   * The caller holds the transaction, and writes the units next.
   */
  insertPending(doc: LecternDocument, sourcePath: string, pendingPid: number): boolean {
    return (
      this.#insertDoc.run({
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
        pendingPid,
      }).changes > 0
    );
  }

  /** Writes some of a document's units; the caller holds the transaction. */
  insertUnits(docId: string, units: readonly LecternDocument['units'][number][]): void {
    for (const unit of units) {
      this.#insertUnit.run(
        docId,
        unit.index,
        unit.start,
        unit.end,
        JSON.stringify(unit.anchor),
        unit.headingLevel ?? null,
      );
    }
  }

  /** The process still writing a document, null when it is complete, undefined when there is no such row. */
  writer(id: string): number | null | undefined {
    return this.#writer.get(id)?.pending_pid;
  }

  /** Makes a document written in several transactions visible; the caller holds the last transaction. */
  markComplete(id: string): void {
    this.#complete.run(id);
  }

  /** Documents still being written (or whose writer died), with the writer's process id. */
  pending(): { id: string; pid: number }[] {
    return this.#pending.all().map((r) => ({ id: r.id, pid: r.pending_pid }));
  }

  /** Deletes the document row (its units, chapters, turns and summaries go with it by foreign key). */
  deleteRow(id: string): boolean {
    return this.#delete.run(id).changes > 0;
  }

  list(): DocumentSummary[] {
    return this.#list.all().map((r) => ({
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
    const row = this.#get.get(id);
    if (!row) throw new LecternError('NOT_FOUND', `No document ${id} in the library.`);
    const unitRows = this.#units.all(id, options.offset ?? 0, options.limit ?? 200);
    const text = options.includeText || unitRows.length > 0 ? this.text(id) : '';
    return {
      document: {
        id: row.id,
        title: row.title,
        kind: row.kind,
        meta: JSON.parse(row.meta) as LecternDocument['meta'],
        ...(row.outline ? { outline: JSON.parse(row.outline) as OutlineEntry[] } : {}),
        ...(options.includeText ? { text } : {}),
      },
      units: unitRows.map((u) => ({
        index: u.idx,
        start: u.start,
        end: u.end,
        anchor: JSON.parse(u.anchor) as Anchor,
        ...(u.heading_level !== null ? { headingLevel: u.heading_level } : {}),
        text: text.slice(u.start, u.end),
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

  /** A document's length in characters and units, without reading its text. */
  size(id: string): { chars: number; units: number } {
    const row = this.#size.get(id);
    if (!row) throw new LecternError('NOT_FOUND', `No document ${id} in the library.`);
    return { chars: row.chars, units: row.unit_count };
  }

  /** A document's whole text alone (no units: a big transcript has hundreds of thousands). */
  text(id: string): string {
    const text = this.#text.get(id);
    if (text === undefined) throw new LecternError('NOT_FOUND', `No document ${id} in the library.`);
    return text;
  }

  /** The units [from, to) of a document, without their text. */
  unitRange(id: string, from: number, to: number): LecternDocument['units'] {
    return this.#unitRange.all(id, from, to).map((u) => ({
      index: u.idx,
      start: u.start,
      end: u.end,
      anchor: JSON.parse(u.anchor) as Anchor,
      ...(u.heading_level !== null ? { headingLevel: u.heading_level } : {}),
    }));
  }

  /** Where a document was imported from; undefined when it is not in the library. */
  source(id: string): DocumentSource | undefined {
    const row = this.#source.get(id);
    if (!row) return undefined;
    const meta = JSON.parse(row.meta) as LecternDocument['meta'];
    return { path: row.source_path, title: row.title, kind: row.kind, fileName: meta.fileName };
  }
}
