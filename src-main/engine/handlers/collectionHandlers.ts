import type { Library } from '../store/Library';
import type { Handlers } from './types';

/** Create, list, rename and delete collections, and add or remove their documents. */
export function collectionHandlers({
  library,
}: {
  library: () => Library;
}): Pick<
  Handlers,
  | 'listCollections'
  | 'createCollection'
  | 'renameCollection'
  | 'deleteCollection'
  | 'addToCollection'
  | 'removeFromCollection'
> {
  return {
    listCollections: () => library().collections.list(),
    createCollection: ({ name, docIds }) => library().collections.create(name, docIds),
    renameCollection: ({ id, name }) => library().collections.rename(id, name),
    deleteCollection: ({ id }) => ({ deleted: library().collections.delete(id) }),
    addToCollection: ({ id, docIds }) => library().collections.add(id, docIds),
    removeFromCollection: ({ id, docIds }) => library().collections.remove(id, docIds),
  };
}
