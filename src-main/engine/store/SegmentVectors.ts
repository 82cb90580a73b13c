import { createHash } from 'node:crypto';
import * as sqliteVec from 'sqlite-vec';
import { LecternError } from '../../../src-shared/errors';
import type { Db } from './openDatabase';

/** One stored vector, or one to store. */
export interface SegmentVector {
  segment: number;
  /** The segment text the vector was computed from (only its hash is kept). */
  text: string;
  vector: Float32Array;
}

export interface VectorHit {
  docId: string;
  segment: number;
  /** Cosine similarity with the query. */
  score: number;
}

/** All of one document's vectors for one model, as one row-major matrix for fast repeated search. */
export interface VectorMatrix {
  dims: number;
  segments: Int32Array;
  matrix: Float32Array;
}

interface VectorRow {
  doc_id: string;
  segment: number;
  vector: Buffer;
}

export function segmentTextHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/** A float32 view of a BLOB; a copy when SQLite's buffer is not 4-byte aligned (Float32Array requires it). */
export function blobToVector(blob: Buffer): Float32Array {
  if (blob.byteOffset % 4 === 0) return new Float32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4);
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

export function vectorToBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

export interface VectorSearchOptions {
  /** Search one document; default: every document with vectors from this model. */
  docId?: string;
  /** Default 10. */
  k?: number;
}

/**
 * Embedding vectors per (document, embedding model id, segment) in the library database, with exact search.
 *
 * Search is an exact scan, done inside SQLite by sqlite-vec (`vec_distance_cosine` over the stored BLOBs) when the
 * extension loads, else in JS. Measured with `benchVectorSearch` (100k segments x 384 dims, same run, same data):
 * the JS scan spends most of its time making one Buffer per row and was about 4x slower than sqlite-vec's scan; a
 * `vec0` table was faster again but keeps a second copy of every vector to keep in sync, and an in-memory matrix
 * (`load` + `searchMatrix`) is fastest per query once loaded, for many questions on one document. A question searches
 * one document (a few thousand segments at most), where the scan takes milliseconds with no recall loss.
 */
export class SegmentVectors {
  constructor(readonly db: Db) {}

  /** The width of `modelId`'s stored vectors, if any are stored. */
  dims(modelId: string): number | undefined {
    const row = this.db.prepare('SELECT dims FROM segment_vectors WHERE model_id = ? LIMIT 1').get(modelId) as
      { dims: number } | undefined;
    return row?.dims;
  }

  /** Indices of `texts` (segment i = texts[i]) with no vector for this model, or one computed from other text. */
  stale(docId: string, modelId: string, texts: readonly string[]): number[] {
    const rows = this.db
      .prepare('SELECT segment, text_hash FROM segment_vectors WHERE doc_id = ? AND model_id = ?')
      .all(docId, modelId) as { segment: number; text_hash: string }[];
    const stored = new Map(rows.map((r) => [r.segment, r.text_hash]));
    const out: number[] = [];
    texts.forEach((text, i) => {
      if (stored.get(i) !== segmentTextHash(text)) out.push(i);
    });
    return out;
  }

  /**
   * Stores (or replaces) vectors in one transaction. All vectors of a model have one width: a model id whose new
   * vectors differ from the stored ones is `MODEL_INCOMPATIBLE` (a changed model must get a new id).
   */
  put(docId: string, modelId: string, vectors: readonly SegmentVector[]): void {
    if (vectors.length === 0) return;
    const dims = vectors[0]?.vector.length ?? 0;
    const stored = this.dims(modelId);
    for (const v of vectors) {
      if (v.vector.length !== dims || (stored !== undefined && v.vector.length !== stored))
        throw new LecternError(
          'MODEL_INCOMPATIBLE',
          `Vectors for ${modelId} are ${stored ?? dims} wide; got one of ${v.vector.length}.`,
        );
    }
    const insert = this.db.prepare(
      `INSERT INTO segment_vectors (doc_id, model_id, segment, text_hash, dims, vector) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (doc_id, model_id, segment) DO UPDATE SET text_hash = excluded.text_hash, dims = excluded.dims,
       vector = excluded.vector`,
    );
    this.db.transaction(() => {
      for (const v of vectors)
        insert.run(docId, modelId, v.segment, segmentTextHash(v.text), dims, vectorToBlob(v.vector));
    })();
  }

  /** Drops vectors of segments at or past `segmentCount` (the document was re-segmented into fewer). */
  prune(docId: string, modelId: string, segmentCount: number): number {
    return this.db
      .prepare('DELETE FROM segment_vectors WHERE doc_id = ? AND model_id = ? AND segment >= ?')
      .run(docId, modelId, segmentCount).changes;
  }

  deleteModel(modelId: string): number {
    return this.db.prepare('DELETE FROM segment_vectors WHERE model_id = ?').run(modelId).changes;
  }

  /** Which models have vectors, how wide and how many: for a settings screen or a clean-up. */
  models(): { modelId: string; dims: number; count: number }[] {
    return this.db
      .prepare('SELECT model_id AS modelId, dims, COUNT(*) AS count FROM segment_vectors GROUP BY model_id, dims')
      .all() as { modelId: string; dims: number; count: number }[];
  }

  /** One document's vectors for one model as a matrix, ordered by segment. */
  load(docId: string, modelId: string): VectorMatrix | undefined {
    const rows = this.db
      .prepare('SELECT segment, dims, vector FROM segment_vectors WHERE doc_id = ? AND model_id = ? ORDER BY segment')
      .all(docId, modelId) as { segment: number; dims: number; vector: Buffer }[];
    const dims = rows[0]?.dims;
    if (dims === undefined) return undefined;
    const matrix = new Float32Array(rows.length * dims);
    const segments = new Int32Array(rows.length);
    rows.forEach((row, i) => {
      segments[i] = row.segment;
      matrix.set(blobToVector(row.vector), i * dims);
    });
    return { dims, segments, matrix };
  }

  #vec: boolean | undefined;

  /** Whether sqlite-vec could be loaded into this connection (it has no build for some platforms). */
  get hasSqliteVec(): boolean {
    if (this.#vec === undefined) {
      try {
        sqliteVec.load(this.db);
        this.#vec = true;
      } catch {
        this.#vec = false;
      }
    }
    return this.#vec;
  }

  /** Exact top-k by cosine: in SQLite by sqlite-vec where it loads, else in JS. Both give the same hits. */
  search(modelId: string, query: Float32Array, options: VectorSearchOptions = {}): VectorHit[] {
    return this.hasSqliteVec ? this.searchInSqlite(modelId, query, options) : this.searchInJs(modelId, query, options);
  }

  /** The scan inside SQLite (sqlite-vec's `vec_distance_cosine`); ties go to the lower document id, then segment. */
  searchInSqlite(modelId: string, query: Float32Array, options: VectorSearchOptions = {}): VectorHit[] {
    if (!this.checkQuery(modelId, query)) return [];
    if (!this.hasSqliteVec) throw new LecternError('INTERNAL', 'sqlite-vec is not available on this platform.');
    const where = options.docId ? 'model_id = ? AND doc_id = ?' : 'model_id = ?';
    return this.db
      .prepare(
        `SELECT doc_id AS docId, segment, 1 - vec_distance_cosine(vector, ?) AS score FROM segment_vectors
         WHERE ${where} ORDER BY score DESC, doc_id, segment LIMIT ?`,
      )
      .all(
        vectorToBlob(query),
        modelId,
        ...(options.docId ? [options.docId] : []),
        Math.max(1, options.k ?? 10),
      ) as VectorHit[];
  }

  /** The same scan in JS over the BLOBs, row by row. */
  searchInJs(modelId: string, query: Float32Array, options: VectorSearchOptions = {}): VectorHit[] {
    if (!this.checkQuery(modelId, query)) return [];
    const statement = options.docId
      ? this.db.prepare('SELECT doc_id, segment, vector FROM segment_vectors WHERE model_id = ? AND doc_id = ?')
      : this.db.prepare('SELECT doc_id, segment, vector FROM segment_vectors WHERE model_id = ?');
    const rows = (
      options.docId ? statement.iterate(modelId, options.docId) : statement.iterate(modelId)
    ) as IterableIterator<VectorRow>;
    const top = new TopK(Math.max(1, options.k ?? 10));
    const queryNorm = norm(query);
    for (const row of rows) {
      const vector = blobToVector(row.vector);
      top.offer({ docId: row.doc_id, segment: row.segment, score: cosine(vector, 0, query, queryNorm) });
    }
    return top.sorted();
  }

  /** False when nothing is stored for the model; `MODEL_INCOMPATIBLE` when the query's width is not theirs. */
  private checkQuery(modelId: string, query: Float32Array): boolean {
    const stored = this.dims(modelId);
    if (stored === undefined) return false;
    if (stored !== query.length)
      throw new LecternError(
        'MODEL_INCOMPATIBLE',
        `The query vector has ${query.length} dimensions; the vectors stored for ${modelId} have ${stored}.`,
      );
    return true;
  }
}

function norm(vector: Float32Array): number {
  let sum = 0;
  for (let d = 0; d < vector.length; d++) sum += vector[d]! * vector[d]!;
  return Math.sqrt(sum);
}

/** Cosine of `query` with the row of `matrix` starting at `offset` (dot and norm in one pass over the row). */
function cosine(matrix: Float32Array, offset: number, query: Float32Array, queryNorm: number): number {
  let dot = 0;
  let sq = 0;
  for (let d = 0; d < query.length; d++) {
    const x = matrix[offset + d]!;
    dot += x * query[d]!;
    sq += x * x;
  }
  const denominator = Math.sqrt(sq) * queryNorm;
  return denominator > 0 ? dot / denominator : 0;
}

/** Exact top-k by cosine over a loaded matrix (`SegmentVectors.load`): for many queries on one document. */
export function searchMatrix(docId: string, loaded: VectorMatrix, query: Float32Array, k = 10): VectorHit[] {
  if (loaded.dims !== query.length)
    throw new LecternError(
      'MODEL_INCOMPATIBLE',
      `The query vector has ${query.length} dimensions; the stored vectors have ${loaded.dims}.`,
    );
  const top = new TopK(Math.max(1, k));
  const { matrix, segments, dims } = loaded;
  const queryNorm = norm(query);
  for (let row = 0; row < segments.length; row++)
    top.offer({ docId, segment: segments[row]!, score: cosine(matrix, row * dims, query, queryNorm) });
  return top.sorted();
}

export function compareHits(a: VectorHit, b: VectorHit): number {
  return b.score - a.score || (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0) || a.segment - b.segment;
}

/** Keeps the k best hits seen, without sorting every row: k is small, rows are many. */
class TopK {
  private readonly hits: VectorHit[] = [];
  constructor(private readonly k: number) {}

  offer(hit: VectorHit): void {
    if (this.hits.length < this.k) {
      this.hits.push(hit);
      if (this.hits.length === this.k) this.hits.sort(compareHits);
      return;
    }
    const worst = this.hits[this.k - 1];
    if (!worst || compareHits(hit, worst) >= 0) return;
    // Insert in order; k is small enough that a linear shift beats a heap here.
    let i = this.k - 1;
    while (i > 0 && compareHits(hit, this.hits[i - 1]!) < 0) {
      this.hits[i] = this.hits[i - 1]!;
      i--;
    }
    this.hits[i] = hit;
  }

  sorted(): VectorHit[] {
    return this.hits.sort(compareHits);
  }
}
