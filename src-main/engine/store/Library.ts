import type { LecternDocument } from '../../../src-shared/domain/document';
import type { Chapter } from '../../../src-shared/domain/chapter';
import { LecternError } from '../../../src-shared/errors';
import { Conversations } from './Conversations';
import { DocumentChapters } from './DocumentChapters';
import { DocumentFiles } from './DocumentFiles';
import { Documents } from './Documents';
import { OcrPages } from './OcrPages';
import { openDatabase, type Db } from './openDatabase';
import { UnitSearch } from './UnitSearch';

export { toFtsQuery } from './UnitSearch';

/**
 * The library on disk: one SQLite file, read through one class per table family. The writes that span families
 * live here, each in one transaction, so a crash mid-import leaves either the whole document or none of it.
 */
export class Library {
  readonly db: Db;
  /** Copies of imported PDFs, for the page view. */
  readonly files: DocumentFiles;
  readonly documents: Documents;
  readonly chapters: DocumentChapters;
  readonly search: UnitSearch;
  readonly conversations: Conversations;
  readonly ocrPages: OcrPages;

  constructor(libraryDir: string) {
    this.db = openDatabase(libraryDir);
    this.files = new DocumentFiles(libraryDir);
    this.documents = new Documents(this.db);
    this.chapters = new DocumentChapters(this.db);
    this.search = new UnitSearch(this.db);
    this.conversations = new Conversations(this.db);
    this.ocrPages = new OcrPages(this.db);
  }

  /** Stores a document, its units, their index and its chapters, all in one transaction. */
  insert(doc: LecternDocument, sourcePath: string, chapters: Chapter[] = []): void {
    this.db.transaction(() => {
      this.documents.insertRows(doc, sourcePath);
      for (const unit of doc.units) this.search.indexUnit(doc.id, unit.index, doc.text.slice(unit.start, unit.end));
      this.chapters.writeRows(doc.id, chapters);
      // The OCR pages were only kept so an interrupted import could resume; the document now holds the text.
      this.ocrPages.clear(doc.id);
    })();
  }

  /** Replaces a document's chapters (and their index entries) in one transaction. */
  setChapters(docId: string, chapters: Chapter[]): void {
    if (!this.documents.has(docId)) throw new LecternError('NOT_FOUND', `No document ${docId} in the library.`);
    this.db.transaction(() => this.chapters.writeRows(docId, chapters))();
  }

  delete(id: string): boolean {
    const deleted = this.db.transaction(() => {
      this.search.deleteDocument(id);
      this.chapters.deleteIndex(id);
      return this.documents.deleteRow(id);
    })();
    // After the commit, so a delete that fails never loses the copy of a document still listed.
    this.files.remove(id);
    return deleted;
  }

  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
