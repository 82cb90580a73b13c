import type { Db } from './openDatabase';

export interface MediaRow {
  path: string;
  durationSec?: number;
}

/** Which recording belongs to which transcript (table `document_media`): paths, never copies. */
export class DocumentMedia {
  constructor(private readonly db: Db) {}

  get(docId: string): MediaRow | undefined {
    const row = this.db.prepare('SELECT path, duration_sec FROM document_media WHERE doc_id = ?').get(docId) as
      { path: string; duration_sec: number | null } | undefined;
    if (!row) return undefined;
    return { path: row.path, ...(row.duration_sec !== null ? { durationSec: row.duration_sec } : {}) };
  }

  attach(docId: string, path: string): void {
    this.db
      .prepare(
        `INSERT INTO document_media (doc_id, path, duration_sec, attached_at) VALUES (?, ?, NULL, ?)
         ON CONFLICT (doc_id) DO UPDATE SET path = excluded.path, duration_sec = NULL, attached_at = excluded.attached_at`,
      )
      .run(docId, path, Date.now());
  }

  setDuration(docId: string, durationSec: number): boolean {
    return (
      this.db.prepare('UPDATE document_media SET duration_sec = ? WHERE doc_id = ?').run(durationSec, docId).changes > 0
    );
  }

  detach(docId: string): boolean {
    return this.db.prepare('DELETE FROM document_media WHERE doc_id = ?').run(docId).changes > 0;
  }
}
