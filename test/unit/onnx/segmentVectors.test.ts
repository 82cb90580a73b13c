import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchVectorSearch } from '../../../src-main/measure/bench/benchVectorSearch';
import { embedSegments } from '../../../src-main/engine/onnx/embedSegments';
import { type EmbeddingModel, loadEmbeddingModel } from '../../../src-main/engine/onnx/loadEmbeddingModel';
import { seededRandom } from '../../../src-main/measure/seededRandom';
import { type Db, openDatabase } from '../../../src-main/engine/store/openDatabase';
import { searchMatrix, SegmentVectors } from '../../../src-main/engine/store/SegmentVectors';
import { type OnnxFixtures, writeOnnxFixtures } from '../../fixtures/onnx/writeOnnxFixtures';

let dir: string;
let fx: OnnxFixtures;
let db: Db;
let store: SegmentVectors;
let model: EmbeddingModel;

function addDocument(id: string) {
  db.prepare(
    `INSERT INTO documents (id, title, kind, text, meta, unit_count, chars, source_path, imported_at)
     VALUES (?, ?, 'text', '', '{}', 0, 0, '', 0)`,
  ).run(id, id);
}

function randomVectors(count: number, dims: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => Float32Array.from({ length: dims }, () => random() * 2 - 1));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-onnx-vectors-'));
  fx = await writeOnnxFixtures(path.join(dir, 'models'));
  db = openDatabase(path.join(dir, 'library'));
  store = new SegmentVectors(db);
  model = await loadEmbeddingModel(fx.embedding, { threads: 1 });
  for (const id of ['doc-a', 'doc-b', 'doc-c']) addDocument(id);
});

afterAll(async () => {
  await model.dispose();
  db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('SegmentVectors', () => {
  it('stores float32 BLOBs and reads back the same numbers', () => {
    const vectors = randomVectors(5, 8, 1);
    store.put(
      'doc-a',
      'm8',
      vectors.map((vector, segment) => ({ segment, text: `t${segment}`, vector })),
    );
    const loaded = store.load('doc-a', 'm8')!;
    expect(loaded.dims).toBe(8);
    expect(Array.from(loaded.segments)).toEqual([0, 1, 2, 3, 4]);
    vectors.forEach((v, i) => expect(Array.from(loaded.matrix.subarray(i * 8, i * 8 + 8))).toEqual(Array.from(v)));
    const blob = db.prepare('SELECT vector FROM segment_vectors WHERE doc_id = ? AND segment = 2').get('doc-a') as {
      vector: Buffer;
    };
    expect(blob.vector.byteLength).toBe(8 * 4);
  });

  it('finds stale segments by model and text, and prunes removed ones', () => {
    const texts = ['t0', 't1', 'changed', 't3', 't4', 'new'];
    expect(store.stale('doc-a', 'm8', texts)).toEqual([2, 5]);
    expect(store.stale('doc-a', 'other-model', texts)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(store.prune('doc-a', 'm8', 3)).toBe(2);
    expect(store.stale('doc-a', 'm8', texts)).toEqual([2, 3, 4, 5]);
  });

  it('refuses vectors and queries of another width for a model (MODEL_INCOMPATIBLE)', () => {
    expect(() => store.put('doc-b', 'm8', [{ segment: 0, text: 'x', vector: new Float32Array(4) }])).toThrow(
      expect.objectContaining({ code: 'MODEL_INCOMPATIBLE' }),
    );
    expect(() => store.search('m8', new Float32Array(4))).toThrow(
      expect.objectContaining({ code: 'MODEL_INCOMPATIBLE' }),
    );
    expect(store.search('unknown-model', new Float32Array(4))).toEqual([]);
  });

  it('gives identical top-k from sqlite-vec, the JS scan and a loaded matrix', () => {
    const dims = 32;
    for (const [docId, seed] of [
      ['doc-b', 2],
      ['doc-c', 3],
    ] as const) {
      const vectors = randomVectors(400, dims, seed);
      store.put(
        docId,
        'm32',
        vectors.map((vector, segment) => ({ segment, text: `${docId}-${segment}`, vector })),
      );
    }
    expect(store.hasSqliteVec).toBe(true);
    for (const query of randomVectors(10, dims, 99)) {
      for (const docId of ['doc-b', undefined]) {
        const options = { k: 15, ...(docId ? { docId } : {}) };
        const inSqlite = store.searchInSqlite('m32', query, options);
        const inJs = store.searchInJs('m32', query, options);
        expect(inSqlite).toHaveLength(15);
        expect(inSqlite.map((h) => [h.docId, h.segment])).toEqual(inJs.map((h) => [h.docId, h.segment]));
        inSqlite.forEach((h, i) => expect(h.score).toBeCloseTo(inJs[i]!.score, 5));
        if (docId) {
          const inMatrix = searchMatrix(docId, store.load(docId, 'm32')!, query, 15);
          expect(inMatrix.map((h) => h.segment)).toEqual(inJs.map((h) => h.segment));
        }
      }
    }
    // Scores are cosines: the best hit of a stored vector used as the query is itself, at 1.
    const self = store.load('doc-c', 'm32')!.matrix.slice(7 * dims, 8 * dims);
    const [best] = store.search('m32', self, { docId: 'doc-c', k: 1 });
    expect(best?.segment).toBe(7);
    expect(best?.score).toBeCloseTo(1, 5);
  });

  it('deletes vectors with their document, and per model', () => {
    addDocument('doc-gone');
    store.put('doc-gone', 'm8', [{ segment: 0, text: 'x', vector: new Float32Array(8) }]);
    db.prepare('DELETE FROM documents WHERE id = ?').run('doc-gone');
    expect(store.load('doc-gone', 'm8')).toBeUndefined();
    expect(
      store
        .models()
        .map((m) => m.modelId)
        .sort(),
    ).toEqual(['m32', 'm8']);
    expect(store.deleteModel('m8')).toBe(3);
    expect(store.models().map((m) => m.modelId)).toEqual(['m32']);
  });
});

describe('embedSegments', () => {
  const texts = ['The cat sat on the mat.', 'A dog ran in the park.', 'Red light at night.', 'Two rivers, one city.'];

  it('embeds once, re-embeds only changed text, and everything again for another model', async () => {
    let calls = 0;
    const counting = {
      ...model,
      embed: (t: readonly string[], kind: 'query' | 'passage') => ((calls += t.length), model.embed(t, kind)),
    };
    expect(await embedSegments(store, 'doc-a', counting, texts)).toEqual({ embedded: 4, reused: 0 });
    expect(await embedSegments(store, 'doc-a', counting, texts)).toEqual({ embedded: 0, reused: 4 });
    const edited = [...texts.slice(0, 3), 'Three rivers, one city.'];
    expect(await embedSegments(store, 'doc-a', counting, edited)).toEqual({ embedded: 1, reused: 3 });
    expect(calls).toBe(5);
    // The stored vector is the model's vector for that text.
    const [direct] = await model.embed([edited[3]!], 'passage');
    const stored = store.load('doc-a', model.id)!;
    expect(Array.from(stored.matrix.subarray(3 * model.dims))).toEqual(Array.from(direct!));

    const other = await loadEmbeddingModel(fx.embeddingOtherSeed, { threads: 1 });
    expect(other.id).not.toBe(model.id);
    expect(await embedSegments(store, 'doc-a', other, edited)).toEqual({ embedded: 4, reused: 0 });
    await other.dispose();
    // A query finds its own segment among the stored vectors.
    const [query] = await model.embed(['Red light at night.'], 'passage');
    expect(store.search(model.id, query!, { docId: 'doc-a', k: 1 })[0]?.segment).toBe(2);
  });

  it('refuses a model whose width differs from the vectors stored under its id', async () => {
    const liar = { id: model.id, dims: 8, embed: (t: readonly string[]) => model.embed(t, 'passage') };
    await expect(embedSegments(store, 'doc-b', liar, texts)).rejects.toMatchObject({ code: 'MODEL_INCOMPATIBLE' });
  });
});

describe('benchVectorSearch', () => {
  it('measures all four search paths on the same data and they agree', async () => {
    const result = await benchVectorSearch({ segments: 2000, dims: 64, queries: 3, dir: path.join(dir, 'bench') });
    expect(result.identical).toBe(true);
    for (const key of [
      'jsBlobScanMsPerQuery',
      'jsMatrixMsPerQuery',
      'sqliteVecScanMsPerQuery',
      'sqliteVecTableMsPerQuery',
    ] as const)
      expect(result[key]).toBeGreaterThan(0);
  });
});
