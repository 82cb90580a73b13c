import { LecternError } from '../../../src-shared/errors';
import type { SegmentVectors } from '../store/SegmentVectors';
import type { EmbeddingModel, EmbedOptions } from './loadEmbeddingModel';

/** Texts per write: a cancelled or crashed run keeps what it finished, and the next run continues from there. */
const WRITE_EVERY = 64;

/**
 * Makes sure every segment of a document has a vector from `model` in the store: embeds only segments with no vector
 * for this model id or whose text changed, drops vectors of segments that no longer exist, and stores as it goes.
 */
export async function embedSegments(
  store: SegmentVectors,
  docId: string,
  model: Pick<EmbeddingModel, 'id' | 'dims' | 'embed'>,
  texts: readonly string[],
  options: EmbedOptions = {},
): Promise<{ embedded: number; reused: number }> {
  const stored = store.dims(model.id);
  if (stored !== undefined && stored !== model.dims)
    throw new LecternError(
      'MODEL_INCOMPATIBLE',
      `The library has ${stored}-wide vectors for ${model.id}, but the model gives ${model.dims}.`,
    );
  store.prune(docId, model.id, texts.length);
  const stale = store.stale(docId, model.id, texts);
  for (let from = 0; from < stale.length; from += WRITE_EVERY) {
    if (options.signal?.aborted) throw new LecternError('CANCELLED', 'Embedding cancelled.');
    const indices = stale.slice(from, from + WRITE_EVERY);
    const batchTexts = indices.map((i) => texts[i] ?? '');
    const vectors = await model.embed(batchTexts, 'passage', options.signal ? { signal: options.signal } : {});
    store.put(
      docId,
      model.id,
      indices.map((segment, j) => ({ segment, text: batchTexts[j] ?? '', vector: vectors[j] ?? new Float32Array() })),
    );
    options.onProgress?.(from + indices.length, stale.length);
  }
  return { embedded: stale.length, reused: texts.length - stale.length };
}
