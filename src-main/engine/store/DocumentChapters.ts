import type { Anchor } from '../../../src-shared/domain/document';
import type { Chapter, ChapterSource } from '../../../src-shared/domain/chapter';
import type { Db } from './openDatabase';

interface ChapterRow {
  idx: number;
  title: string;
  level: number;
  start_unit: number;
  end_unit: number;
  source: ChapterSource;
  edited: number;
}

type ChapterParams = [
  docId: string,
  idx: number,
  title: string,
  level: number,
  startUnit: number,
  endUnit: number,
  source: ChapterSource,
  edited: 0 | 1,
];

/**
 * The `chapters` table and its title index (`chapters_fts`). A chapter's page or time is read from the anchor of its
 * first unit, so it is never stored twice.
 */
export class DocumentChapters {
  readonly #list;
  readonly #anchor;
  readonly #deleteRows;
  readonly #deleteFts;
  readonly #insert;
  readonly #insertFts;

  constructor(db: Db) {
    this.#list = db.prepare<[docId: string], ChapterRow>(
      'SELECT idx, title, level, start_unit, end_unit, source, edited FROM chapters WHERE doc_id = ? ORDER BY idx',
    );
    this.#anchor = db
      .prepare<[docId: string, idx: number], string>('SELECT anchor FROM units WHERE doc_id = ? AND idx = ?')
      .pluck();
    this.#deleteRows = db.prepare<[docId: string]>('DELETE FROM chapters WHERE doc_id = ?');
    this.#deleteFts = db.prepare<[docId: string]>('DELETE FROM chapters_fts WHERE doc_id = ?');
    this.#insert = db.prepare<ChapterParams>(
      'INSERT INTO chapters (doc_id, idx, title, level, start_unit, end_unit, source, edited) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#insertFts = db.prepare<[title: string, docId: string, idx: number]>(
      'INSERT INTO chapters_fts (title, doc_id, idx) VALUES (?, ?, ?)',
    );
  }

  list(docId: string): Chapter[] {
    return this.#list.all(docId).map((r) => {
      const anchor = this.#anchor.get(docId, r.start_unit);
      const a = anchor !== undefined ? (JSON.parse(anchor) as Anchor) : undefined;
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

  /** Replaces a document's chapters and their index entries; the caller holds the transaction. */
  writeRows(docId: string, chapters: Chapter[]): void {
    this.#deleteRows.run(docId);
    this.#deleteFts.run(docId);
    for (const c of chapters) {
      this.#insert.run(docId, c.index, c.title, c.level, c.startUnit, c.endUnit, c.source, c.edited ? 1 : 0);
      this.#insertFts.run(c.title, docId, c.index);
    }
  }

  /** Removes a document's title index entries (FTS tables have no foreign keys); the caller holds the transaction. */
  deleteIndex(docId: string): void {
    this.#deleteFts.run(docId);
  }
}
