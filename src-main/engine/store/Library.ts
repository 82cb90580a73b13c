import type { LecternDocument } from '../../../src-shared/domain/document';
import type { Chapter } from '../../../src-shared/domain/chapter';
import { LecternError } from '../../../src-shared/errors';
import { Collections } from './Collections';
import { Conversations } from './Conversations';
import { DocumentChapters } from './DocumentChapters';
import { DocumentFiles } from './DocumentFiles';
import { Documents } from './Documents';
import { OcrPages } from './OcrPages';
import { ScopeConversations } from './ScopeConversations';
import { isProcessAlive } from '../processAlive';
import { busyTimeoutMs, openDatabase, type Db } from './openDatabase';
import { UnitSearch } from './UnitSearch';

export { toFtsQuery } from './UnitSearch';

/** Units per write transaction: about 50 ms of writing (units and their index) on a laptop. */
const UNITS_PER_WRITE = 5_000;

/** Blocks this thread for `ms` (the library's writes are synchronous, as better-sqlite3 is). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

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
  readonly collections: Collections;
  /** Conversations about a collection or about every document. */
  readonly scopeConversations: ScopeConversations;

  constructor(libraryDir: string) {
    this.db = openDatabase(libraryDir);
    this.files = new DocumentFiles(libraryDir);
    this.documents = new Documents(this.db);
    this.chapters = new DocumentChapters(this.db);
    this.search = new UnitSearch(this.db);
    this.conversations = new Conversations(this.db);
    this.ocrPages = new OcrPages(this.db);
    this.collections = new Collections(this.db);
    this.scopeConversations = new ScopeConversations(this.db);
    if (!this.db.readonly) {
      this.#sweepPending();
      this.files.sweepTemporary();
    }
  }

  /**
   * Stores a document, its units, their index and its chapters. False when the document is already there: another
   * process imported the same file between our check and our write (if it is still writing, this waits for it).
   *
   * A large document is written in several transactions of at most UNITS_PER_WRITE units, so another process's
   * write waits a fraction of a second rather than the whole import (a million-cue transcript held the lock for 10 s
   * in one). The row stays invisible to readers until the last transaction; a crash in between leaves a pending
   * row that the next start removes, so the library still holds the whole document or none of it.
   */
  insert(doc: LecternDocument, sourcePath: string, chapters: Chapter[] = []): boolean {
    if (!this.#claim(doc, sourcePath)) return false;
    try {
      for (let from = 0; from < doc.units.length; from += UNITS_PER_WRITE) {
        const units = doc.units.slice(from, from + UNITS_PER_WRITE);
        this.db.transaction(() => {
          this.documents.insertUnits(doc.id, units);
          for (const unit of units) this.search.indexUnit(doc.id, unit.index, doc.text.slice(unit.start, unit.end));
        })();
        // A moment between writes, in which a process waiting on the busy handler can take the lock.
        if (from + UNITS_PER_WRITE < doc.units.length) sleepSync(2);
      }
      this.db.transaction(() => {
        this.chapters.writeRows(doc.id, chapters);
        // The OCR pages were only kept so an interrupted import could resume; the document now holds the text.
        this.ocrPages.clear(doc.id);
        this.documents.markComplete(doc.id);
      })();
      return true;
    } catch (error) {
      try {
        this.#discard(doc.id);
      } catch {
        // The first error says what went wrong; a pending row left behind is swept at the next start.
      }
      throw error;
    }
  }

  /** Writes the pending row; false when the document is (or has just become) complete in another process. */
  #claim(doc: LecternDocument, sourcePath: string): boolean {
    const deadline = Date.now() + busyTimeoutMs();
    for (;;) {
      if (this.db.transaction(() => this.documents.insertPending(doc, sourcePath, process.pid)).immediate()) {
        return true;
      }
      const writer = this.documents.writer(doc.id);
      if (writer === null) return false;
      if (writer !== undefined && !isProcessAlive(writer)) this.#discard(doc.id);
      else if (writer !== undefined) {
        if (Date.now() > deadline) {
          throw new LecternError(
            'LIBRARY_BUSY',
            `Another Lectern process is still importing ${doc.title}; try again once it finishes.`,
          );
        }
        sleepSync(100);
      }
    }
  }

  /** Removes a document that was not completely written. */
  #discard(id: string): void {
    this.db.transaction(() => {
      this.search.deleteDocument(id);
      this.chapters.deleteIndex(id);
      this.documents.deleteRow(id);
    })();
  }

  /** Removes the documents whose writer died mid-import (a kill or a crash between two write transactions). */
  #sweepPending(): void {
    for (const { id, pid } of this.documents.pending())
      if (pid !== process.pid && !isProcessAlive(pid)) this.#discard(id);
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
