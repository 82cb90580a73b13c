import { scopeKey, type AskScope } from '../../../src-shared/domain/collection';
import { LecternError } from '../../../src-shared/errors';
import type { DocumentIndex } from '../index/documentIndex';
import { buildPooledIndex } from '../index/pooledIndex';
import type { Library } from '../store/Library';

type ManyScope = Exclude<AskScope, { kind: 'document' }>;

/** `{ docId }` or `{ scope }` (the contract checks that exactly one is given) as a scope. */
export function scopeOfArgs(args: { docId?: string | undefined; scope?: AskScope | undefined }): AskScope {
  if (args.scope) return args.scope;
  if (args.docId !== undefined) return { kind: 'document', docId: args.docId };
  throw new LecternError('INVALID_ARGUMENT', 'Give either docId or scope.');
}

/** The documents of a collection or of the library, in the order their `D<n>` labels number them. */
export function scopeMembers(library: Library, scope: ManyScope): { docIds: string[]; title: string } {
  if (scope.kind === 'collection') {
    const collection = library.collections.get(scope.collectionId);
    return { docIds: collection.docIds, title: collection.name };
  }
  // Oldest first, so a document keeps its label as newer ones are imported.
  const docIds = library.documents
    .list()
    .sort((a, b) => a.importedAt - b.importedAt || a.id.localeCompare(b.id))
    .map((d) => d.id);
  return { docIds, title: 'All documents' };
}

/**
 * The pooled indexes of the scopes asked recently, keyed by their members' index keys (document, tokenizer,
 * chapters), so an unchanged collection is not pooled again and a changed one (a member added, removed or
 * re-chaptered) is. The pool's own id hashes the same (see `buildPooledIndex`): its cached state is per version.
 */
export function scopeIndexes(
  library: () => Library,
  indexKeyFor: (docId: string) => string,
  indexFor: (docId: string) => DocumentIndex,
) {
  const pools = new Map<string, DocumentIndex>();
  return (scope: ManyScope): DocumentIndex => {
    const { docIds, title } = scopeMembers(library(), scope);
    if (docIds.length === 0) {
      throw new LecternError(
        'INVALID_ARGUMENT',
        scope.kind === 'collection' ? `The collection “${title}” has no documents yet.` : 'The library is empty.',
      );
    }
    const key = `${scopeKey(scope)}\n${title}\n${docIds.map(indexKeyFor).join('\n')}`;
    const cached = pools.get(key);
    if (cached) return cached;
    const pooled = buildPooledIndex(docIds.map(indexFor), title);
    for (const k of pools.keys()) if (k.startsWith(`${scopeKey(scope)}\n`)) pools.delete(k);
    pools.set(key, pooled);
    while (pools.size > 2) pools.delete(pools.keys().next().value as string);
    return pooled;
  };
}
