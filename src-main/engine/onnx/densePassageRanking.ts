import type { SegmentIndex } from '../index/retrieve';
import type { SegmentVectors } from '../store/SegmentVectors';
import { denseRanking } from './denseRanking';
import { embedSegments } from './embedSegments';
import type { EmbeddingModel, EmbedOptions } from './loadEmbeddingModel';

/** Where a document's passage vectors are kept: the library (the app) or nowhere but memory (evaluation). */
export interface PassageVectorStore {
  vectors: SegmentVectors;
  docId: string;
}

/** How many passages the dense ranking hands to the fusion: beyond this its ranks add almost nothing under RRF. */
export const DENSE_CANDIDATES = 200;

const inMemory = new WeakMap<SegmentIndex, Map<string, Float32Array[]>>();

/**
 * Vectors of a document's passages (not whole segments: a 512-token segment is longer than what MiniLM-class models
 * read, 256 tokens, and would be truncated; a passage of about 96 tokens is read whole). Stored in the library keyed
 * by the model id and each passage's text hash, so a document is embedded once per model; evaluation keeps them in
 * memory for the index's lifetime.
 */
export async function passageVectors(
  model: EmbeddingModel,
  index: SegmentIndex,
  store?: PassageVectorStore,
  options: EmbedOptions = {},
): Promise<(Float32Array | undefined)[]> {
  const texts = index.passages.passages.map((p) => index.text.slice(p.start, p.end));
  if (store) {
    await embedSegments(store.vectors, store.docId, model, texts, options);
    const loaded = store.vectors.load(store.docId, model.id);
    const rows: (Float32Array | undefined)[] = new Array<Float32Array | undefined>(texts.length);
    if (loaded)
      loaded.segments.forEach((passage, row) => {
        rows[passage] = loaded.matrix.subarray(row * loaded.dims, (row + 1) * loaded.dims);
      });
    return rows;
  }
  let byModel = inMemory.get(index);
  if (!byModel) inMemory.set(index, (byModel = new Map<string, Float32Array[]>()));
  let vectors = byModel.get(model.id);
  if (!vectors) byModel.set(model.id, (vectors = await model.embed(texts, 'passage', options)));
  return vectors;
}

/** The document's passages by cosine with the question's embedding, best first (indices into the passage index). */
export async function densePassageRanking(
  model: EmbeddingModel,
  index: SegmentIndex,
  question: string,
  store?: PassageVectorStore,
  options: EmbedOptions = {},
): Promise<number[]> {
  const vectors = await passageVectors(model, index, store, options);
  const [query] = await model.embed([question], 'query');
  if (!query) return [];
  return denseRanking(query, vectors, { limit: DENSE_CANDIDATES }).map((hit) => hit.index);
}
