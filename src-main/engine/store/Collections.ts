import { randomUUID } from 'node:crypto';
import type { Collection } from '../../../src-shared/domain/collection';
import { LecternError } from '../../../src-shared/errors';
import type { Db } from './openDatabase';

interface CollectionRow {
  id: string;
  name: string;
  created_at: number;
}

/** A name a person typed: trimmed, one line, not empty. */
function cleanName(name: string): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  if (clean === '' || clean.length > 200)
    throw new LecternError('INVALID_ARGUMENT', 'A collection name has 1 to 200 characters.');
  return clean;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * The `collections` and `collection_documents` tables. Membership rows cascade with their document and their
 * collection, so deleting a document takes it out of every collection and deleting a collection keeps its documents.
 */
export class Collections {
  readonly #insert;
  readonly #rename;
  readonly #delete;
  readonly #all;
  readonly #byId;
  readonly #byName;
  readonly #members;
  readonly #addMember;
  readonly #removeMember;
  readonly #nextPosition;
  readonly #ofDocument;
  readonly #docExists;

  constructor(private readonly db: Db) {
    this.#insert = db.prepare<[id: string, name: string, createdAt: number]>(
      'INSERT INTO collections (id, name, created_at) VALUES (?, ?, ?)',
    );
    this.#rename = db.prepare<[name: string, id: string]>('UPDATE collections SET name = ? WHERE id = ?');
    this.#delete = db.prepare<[id: string]>('DELETE FROM collections WHERE id = ?');
    this.#all = db.prepare<[], CollectionRow>('SELECT id, name, created_at FROM collections ORDER BY name, id');
    this.#byId = db.prepare<[id: string], CollectionRow>('SELECT id, name, created_at FROM collections WHERE id = ?');
    this.#byName = db.prepare<[name: string], CollectionRow>(
      'SELECT id, name, created_at FROM collections WHERE name = ?',
    );
    this.#members = db.prepare<[collectionId: string], { doc_id: string }>(
      'SELECT doc_id FROM collection_documents WHERE collection_id = ? ORDER BY position, doc_id',
    );
    this.#addMember = db.prepare<[collectionId: string, docId: string, position: number]>(
      'INSERT OR IGNORE INTO collection_documents (collection_id, doc_id, position) VALUES (?, ?, ?)',
    );
    this.#removeMember = db.prepare<[collectionId: string, docId: string]>(
      'DELETE FROM collection_documents WHERE collection_id = ? AND doc_id = ?',
    );
    this.#nextPosition = db.prepare<[collectionId: string], { next: number }>(
      'SELECT COALESCE(MAX(position) + 1, 0) AS next FROM collection_documents WHERE collection_id = ?',
    );
    this.#ofDocument = db.prepare<[docId: string], { collection_id: string }>(
      'SELECT collection_id FROM collection_documents WHERE doc_id = ? ORDER BY collection_id',
    );
    // Complete documents only: a pending import is not in the library yet.
    this.#docExists = db.prepare<[docId: string], { one: number }>(
      'SELECT 1 AS one FROM documents WHERE id = ? AND pending_pid IS NULL',
    );
  }

  #toCollection(row: CollectionRow): Collection {
    return {
      id: row.id,
      name: row.name,
      docIds: this.#members.all(row.id).map((m) => m.doc_id),
      createdAt: row.created_at,
    };
  }

  #row(id: string): CollectionRow {
    const row = this.#byId.get(id);
    if (!row) throw new LecternError('NOT_FOUND', `No collection ${id}.`);
    return row;
  }

  create(name: string, docIds: readonly string[] = []): Collection {
    const clean = cleanName(name);
    const id = randomUUID();
    try {
      this.db.transaction(() => {
        this.#insert.run(id, clean, Date.now());
        this.#addAll(id, docIds);
      })();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new LecternError('COLLECTION_NAME_TAKEN', `There is already a collection named “${clean}”.`);
      throw error;
    }
    return this.get(id);
  }

  list(): Collection[] {
    return this.#all.all().map((r) => this.#toCollection(r));
  }

  get(id: string): Collection {
    return this.#toCollection(this.#row(id));
  }

  /** The collection with this name (ignoring case), or with this id; NOT_FOUND when neither. */
  find(nameOrId: string): Collection {
    const row = this.#byName.get(nameOrId.trim()) ?? this.#byId.get(nameOrId);
    if (!row) throw new LecternError('NOT_FOUND', `No collection named “${nameOrId}”.`);
    return this.#toCollection(row);
  }

  rename(id: string, name: string): Collection {
    this.#row(id);
    const clean = cleanName(name);
    try {
      this.#rename.run(clean, id);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new LecternError('COLLECTION_NAME_TAKEN', `There is already a collection named “${clean}”.`);
      throw error;
    }
    return this.get(id);
  }

  /** Deletes the collection and its conversation; its documents stay in the library. */
  delete(id: string): boolean {
    return this.#delete.run(id).changes > 0;
  }

  /** Adds documents at the end (one already there keeps its place); NOT_FOUND for a document not in the library. */
  add(id: string, docIds: readonly string[]): Collection {
    this.#row(id);
    this.db.transaction(() => this.#addAll(id, docIds))();
    return this.get(id);
  }

  #addAll(id: string, docIds: readonly string[]): void {
    let position = this.#nextPosition.get(id)?.next ?? 0;
    for (const docId of docIds) {
      if (!this.#docExists.get(docId)) throw new LecternError('NOT_FOUND', `No document ${docId} in the library.`);
      if (this.#addMember.run(id, docId, position).changes > 0) position++;
    }
  }

  remove(id: string, docIds: readonly string[]): Collection {
    this.#row(id);
    this.db.transaction(() => {
      for (const docId of docIds) this.#removeMember.run(id, docId);
    })();
    return this.get(id);
  }

  /** The ids of the collections a document is in. */
  ofDocument(docId: string): string[] {
    return this.#ofDocument.all(docId).map((r) => r.collection_id);
  }
}
