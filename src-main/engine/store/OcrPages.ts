import type { OcrPageResult } from '../ingest/types';
import type { Db } from './openDatabase';

/**
 * The `ocr_pages` table: pages recognised so far for a file being imported (keyed by its hash), so an interrupted
 * import resumes where it stopped. Cleared once the document is stored, since it then holds the text.
 */
export class OcrPages {
  readonly #list;
  readonly #save;
  readonly #clear;

  constructor(db: Db) {
    this.#list = db.prepare<[fileHash: string], { page: number; result: string }>(
      'SELECT page, result FROM ocr_pages WHERE file_hash = ?',
    );
    this.#save = db.prepare<[fileHash: string, page: number, result: string]>(
      'INSERT OR REPLACE INTO ocr_pages (file_hash, page, result) VALUES (?, ?, ?)',
    );
    this.#clear = db.prepare<[fileHash: string]>('DELETE FROM ocr_pages WHERE file_hash = ?');
  }

  /** The pages recognised so far, by page number. */
  get(fileHash: string): Map<number, OcrPageResult> {
    return new Map(this.#list.all(fileHash).map((r) => [r.page, JSON.parse(r.result) as OcrPageResult]));
  }

  save(fileHash: string, page: number, result: OcrPageResult): void {
    this.#save.run(fileHash, page, JSON.stringify(result));
  }

  clear(fileHash: string): void {
    this.#clear.run(fileHash);
  }
}
