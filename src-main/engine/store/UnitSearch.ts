import type { Anchor, UnitHit } from '../../../src-shared/domain/document';
import type { Db } from './openDatabase';

/** Turns free text into an FTS5 query that cannot be a syntax error: each word quoted, any of them may match. */
export function toFtsQuery(query: string): string | undefined {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const unique = [...new Set(words)].slice(0, 32);
  return unique.length ? unique.map((w) => `"${w}"`).join(' OR ') : undefined;
}

interface HitRow {
  docId: string;
  unitIndex: number;
  snippet: string;
  rank: number;
  anchor: string;
}

const hitsQuery = (oneDocument: boolean) =>
  `SELECT f.doc_id AS docId, f.idx AS unitIndex, snippet(units_fts, 0, '[', ']', '…', 24) AS snippet,
          bm25(units_fts) AS rank, u.anchor AS anchor
   FROM units_fts f JOIN units u ON u.doc_id = f.doc_id AND u.idx = f.idx
     JOIN documents d ON d.id = f.doc_id AND d.pending_pid IS NULL
   WHERE units_fts MATCH ? ${oneDocument ? 'AND f.doc_id = ?' : ''}
   ORDER BY rank LIMIT ?`;

/** The keyword index of units (`units_fts`, FTS5 with BM25 ranking). */
export class UnitSearch {
  readonly #insert;
  readonly #delete;
  readonly #inAll;
  readonly #inOne;

  constructor(db: Db) {
    this.#insert = db.prepare<[text: string, docId: string, idx: number]>(
      'INSERT INTO units_fts (text, doc_id, idx) VALUES (?, ?, ?)',
    );
    this.#delete = db.prepare<[docId: string]>('DELETE FROM units_fts WHERE doc_id = ?');
    this.#inAll = db.prepare<[fts: string, limit: number], HitRow>(hitsQuery(false));
    this.#inOne = db.prepare<[fts: string, docId: string, limit: number], HitRow>(hitsQuery(true));
  }

  /** Units matching any word of `query`, best first, in one document or in all of them. */
  units(docId: string | undefined, query: string, limit = 20): UnitHit[] {
    const fts = toFtsQuery(query);
    if (!fts) return [];
    const rows = docId ? this.#inOne.all(fts, docId, limit) : this.#inAll.all(fts, limit);
    return rows.map((r) => ({
      docId: r.docId,
      unitIndex: r.unitIndex,
      snippet: r.snippet,
      score: -r.rank,
      anchor: JSON.parse(r.anchor) as Anchor,
    }));
  }

  /** Indexes one unit's text; the caller holds the transaction. */
  indexUnit(docId: string, idx: number, text: string): void {
    this.#insert.run(text, docId, idx);
  }

  /** Removes a document's entries (FTS tables have no foreign keys); the caller holds the transaction. */
  deleteDocument(docId: string): void {
    this.#delete.run(docId);
  }
}
