import type { AskResult, ChatTurn } from '../../../src-shared/domain/answer';
import type { Db } from './openDatabase';

interface TurnRow {
  id: string;
  doc_id: string;
  question: string;
  result: string;
  created_at: number;
}

/** The `turns` table: each document's questions and their answers, in the order they were asked. */
export class Conversations {
  readonly #insert;
  readonly #list;
  readonly #clear;

  constructor(db: Db) {
    this.#insert = db.prepare<[id: string, docId: string, question: string, result: string, createdAt: number]>(
      'INSERT INTO turns (id, doc_id, question, result, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#list = db.prepare<[docId: string], TurnRow>(
      'SELECT id, doc_id, question, result, created_at FROM turns WHERE doc_id = ? ORDER BY created_at, rowid',
    );
    this.#clear = db.prepare<[docId: string]>('DELETE FROM turns WHERE doc_id = ?');
  }

  add(turn: ChatTurn): void {
    this.#insert.run(turn.id, turn.docId, turn.question, JSON.stringify(turn.result), turn.createdAt);
  }

  list(docId: string): ChatTurn[] {
    return this.#list.all(docId).map((r) => ({
      id: r.id,
      docId: r.doc_id,
      question: r.question,
      result: JSON.parse(r.result) as AskResult,
      createdAt: r.created_at,
    }));
  }

  /** Deletes a document's turns; how many there were. */
  clear(docId: string): number {
    return this.#clear.run(docId).changes;
  }
}
