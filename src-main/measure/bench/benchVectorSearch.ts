import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../seededRandom';
import { openDatabase } from '../../engine/store/openDatabase';
import { searchMatrix, SegmentVectors, vectorToBlob, type VectorHit } from '../../engine/store/SegmentVectors';

export interface VectorBenchOptions {
  segments?: number;
  dims?: number;
  queries?: number;
  k?: number;
  seed?: number;
  /** Where the throwaway library goes. Default: a new temp folder, deleted afterwards. */
  dir?: string;
}

export interface VectorBenchResult {
  segments: number;
  dims: number;
  queries: number;
  k: number;
  /** ms to write all vectors (one transaction). */
  insertMs: number;
  /** ms per query: `SegmentVectors.searchInJs`, reading every BLOB from SQLite and scoring it in JS. */
  jsBlobScanMsPerQuery: number;
  /** ms once to read the document's vectors into one Float32Array, then ms per query scanning that matrix. */
  jsMatrixLoadMs: number;
  jsMatrixMsPerQuery: number;
  /** ms per query: `SegmentVectors.searchInSqlite`, sqlite-vec's `vec_distance_cosine` over the same BLOBs. */
  sqliteVecScanMsPerQuery: number;
  /** ms to fill a sqlite-vec `vec0` table (a second copy of the vectors), then ms per KNN query on it. */
  sqliteVecTableBuildMs: number;
  sqliteVecTableMsPerQuery: number;
  /** Whether all four paths returned the same top-k segments in the same order for every query. */
  identical: boolean;
}

function randomUnitVector(random: () => number, dims: number): Float32Array {
  const v = new Float32Array(dims);
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    // Sum of uniforms: roughly normal, so directions are spread evenly enough for a timing run.
    const x = random() + random() + random() - 1.5;
    v[i] = x;
    norm += x * x;
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < dims; i++) v[i] = (v[i] ?? 0) / norm;
  return v;
}

/** Times `work` after one untimed warm-up call (JIT, statement compilation, page cache). */
function timeWarm<T>(work: () => T): { value: T; ms: number } {
  work();
  return time(work);
}

function time<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

/**
 * Exact vector search at library scale, four ways over the same data in the same run: JS over SQLite BLOBs, JS over
 * an in-memory matrix, sqlite-vec's distance function over the same BLOBs, and a sqlite-vec `vec0` table.
 */
export async function benchVectorSearch(options: VectorBenchOptions = {}): Promise<VectorBenchResult> {
  const segments = options.segments ?? 100_000;
  const dims = options.dims ?? 384;
  const queries = options.queries ?? 20;
  const k = options.k ?? 10;
  const random = seededRandom(options.seed ?? 42);
  const dir = options.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'lectern-vector-bench-')));
  const db = openDatabase(dir);
  try {
    const docId = 'bench-document';
    db.prepare(
      `INSERT INTO documents (id, title, kind, text, meta, unit_count, chars, source_path, imported_at)
       VALUES (?, 'bench', 'text', '', '{}', 0, 0, '', 0)`,
    ).run(docId);
    const store = new SegmentVectors(db);
    const modelId = `bench-${dims}`;
    const vectors = Array.from({ length: segments }, (_, segment) => ({
      segment,
      text: `segment ${segment}`,
      vector: randomUnitVector(random, dims),
    }));
    const insertMs = time(() => store.put(docId, modelId, vectors)).ms;
    const queryVectors = Array.from({ length: queries }, () => randomUnitVector(random, dims));
    const hitsKey = (hits: readonly VectorHit[]) => hits.map((h) => h.segment).join(',');

    const blob = timeWarm(() => queryVectors.map((q) => store.searchInJs(modelId, q, { docId, k })));
    const load = time(() => store.load(docId, modelId));
    const matrix = load.value;
    const inMemory = timeWarm(() => queryVectors.map((q) => (matrix ? searchMatrix(docId, matrix, q, k) : [])));
    if (!store.hasSqliteVec) throw new Error('sqlite-vec could not be loaded on this platform');
    const vecScan = timeWarm(() => queryVectors.map((q) => store.searchInSqlite(modelId, q, { docId, k })));
    const build = time(() => {
      db.exec(`CREATE VIRTUAL TABLE bench_vec USING vec0(embedding float[${dims}] distance_metric=cosine)`);
      const insert = db.prepare('INSERT INTO bench_vec (rowid, embedding) VALUES (?, ?)');
      db.transaction(() => {
        for (const v of vectors) insert.run(BigInt(v.segment), vectorToBlob(v.vector));
      })();
    });
    const knn = db.prepare(
      'SELECT rowid AS segment, distance FROM bench_vec WHERE embedding MATCH ? AND k = ? ORDER BY distance',
    );
    const vecTable = timeWarm(() =>
      queryVectors.map((q) =>
        (knn.all(vectorToBlob(q), k) as { segment: number; distance: number }[]).map((r) => ({
          docId,
          segment: r.segment,
          score: 1 - r.distance,
        })),
      ),
    );
    const identical = queryVectors.every((_, i) => {
      const reference = hitsKey(blob.value[i] ?? []);
      return [inMemory.value[i], vecScan.value[i], vecTable.value[i]].every(
        (hits) => hitsKey(hits ?? []) === reference,
      );
    });
    return {
      segments,
      dims,
      queries,
      k,
      insertMs,
      jsBlobScanMsPerQuery: blob.ms / queries,
      jsMatrixLoadMs: load.ms,
      jsMatrixMsPerQuery: inMemory.ms / queries,
      sqliteVecScanMsPerQuery: vecScan.ms / queries,
      sqliteVecTableBuildMs: build.ms,
      sqliteVecTableMsPerQuery: vecTable.ms / queries,
      identical,
    };
  } finally {
    db.close();
    if (!options.dir) await rm(dir, { recursive: true, force: true });
  }
}
