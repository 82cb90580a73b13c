import type { AskResult, ChatTurn } from '../../../src-shared/domain/answer';
import { scopeKey, type AskScope } from '../../../src-shared/domain/collection';
import type { Db } from './openDatabase';

interface ScopeTurnRow {
  id: string;
  question: string;
  result: string;
  created_at: number;
}

type ManyScope = Exclude<AskScope, { kind: 'document' }>;

/**
 * The `scope_turns` table: the conversations about a collection or about every document. A turn outlives the
 * documents it cites (its citations carry their `docId`), and goes with its collection.
 */
export class ScopeConversations {
  readonly #insert;
  readonly #listCollection;
  readonly #listAll;
  readonly #clearCollection;
  readonly #clearAll;

  constructor(db: Db) {
    this.#insert = db.prepare<
      [id: string, collectionId: string | null, question: string, result: string, createdAt: number]
    >('INSERT INTO scope_turns (id, collection_id, question, result, created_at) VALUES (?, ?, ?, ?, ?)');
    const columns = 'SELECT id, question, result, created_at FROM scope_turns';
    this.#listCollection = db.prepare<[collectionId: string], ScopeTurnRow>(
      `${columns} WHERE collection_id = ? ORDER BY created_at, rowid`,
    );
    this.#listAll = db.prepare<[], ScopeTurnRow>(`${columns} WHERE collection_id IS NULL ORDER BY created_at, rowid`);
    this.#clearCollection = db.prepare<[collectionId: string]>('DELETE FROM scope_turns WHERE collection_id = ?');
    this.#clearAll = db.prepare<[]>('DELETE FROM scope_turns WHERE collection_id IS NULL');
  }

  add(scope: ManyScope, turn: Omit<ChatTurn, 'docId' | 'scope'>): void {
    const collectionId = scope.kind === 'collection' ? scope.collectionId : null;
    this.#insert.run(turn.id, collectionId, turn.question, JSON.stringify(turn.result), turn.createdAt);
  }

  list(scope: ManyScope): ChatTurn[] {
    const rows = scope.kind === 'collection' ? this.#listCollection.all(scope.collectionId) : this.#listAll.all();
    return rows.map((r) => ({
      id: r.id,
      docId: scopeKey(scope),
      scope,
      question: r.question,
      result: JSON.parse(r.result) as AskResult,
      createdAt: r.created_at,
    }));
  }

  clear(scope: ManyScope): number {
    return (scope.kind === 'collection' ? this.#clearCollection.run(scope.collectionId) : this.#clearAll.run()).changes;
  }
}
