import type { Db } from './openDatabase';

/** Which chapter of which document, summarised by which model (its file hash). */
export interface ChapterSummaryKey {
  modelHash: string;
  docId: string;
  startUnit: number;
  endUnit: number;
}

type KeyParams = [modelHash: string, docId: string, startUnit: number, endUnit: number];

/**
 * Chapter summaries in the library database (migration 0005), so each is written once per model and chapter span
 * and reused by every later question, across restarts. Deleting a document deletes its summaries.
 */
export class ChapterSummaries {
  constructor(private readonly db: Db) {}

  get(key: ChapterSummaryKey): string | undefined {
    return this.db
      .prepare<KeyParams, string>(
        'SELECT summary FROM chapter_summaries WHERE model_hash = ? AND doc_id = ? AND start_unit = ? AND end_unit = ?',
      )
      .pluck()
      .get(key.modelHash, key.docId, key.startUnit, key.endUnit);
  }

  set(key: ChapterSummaryKey, summary: string): void {
    this.db
      .prepare<[...KeyParams, summary: string, createdAt: number]>(
        `INSERT INTO chapter_summaries (model_hash, doc_id, start_unit, end_unit, summary, created_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (model_hash, doc_id, start_unit, end_unit) DO UPDATE SET summary = excluded.summary,
           created_at = excluded.created_at`,
      )
      .run(key.modelHash, key.docId, key.startUnit, key.endUnit, summary, Date.now());
  }

  /** How many summaries a document has, for any model. */
  count(docId: string): number {
    return (
      this.db
        .prepare<[docId: string], number>('SELECT COUNT(*) FROM chapter_summaries WHERE doc_id = ?')
        .pluck()
        .get(docId) ?? 0
    );
  }
}
