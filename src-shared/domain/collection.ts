/** A named set of documents asked at once. A document can be in several; deleting a collection keeps its documents. */
export interface Collection {
  id: string;
  name: string;
  /** Member documents, in the order they were added: a document's `D<n>` label in an answer is its place here. */
  docIds: string[];
  createdAt: number;
}

/**
 * What a question is asked about: one document, a collection, or every document in the library. A conversation
 * belongs to one scope.
 */
export type AskScope =
  { kind: 'document'; docId: string } | { kind: 'collection'; collectionId: string } | { kind: 'all' };

/** The scope's conversation key, e.g. `doc:<id>`, `collection:<id>`, `all`. */
export function scopeKey(scope: AskScope): string {
  if (scope.kind === 'document') return `doc:${scope.docId}`;
  if (scope.kind === 'collection') return `collection:${scope.collectionId}`;
  return 'all';
}
