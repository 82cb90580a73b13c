import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddingProfile } from '../../../src-main/engine/onnx/embeddingProfile';
import { type EmbeddingModel, loadEmbeddingModel } from '../../../src-main/engine/onnx/loadEmbeddingModel';
import { l2Normalize, poolTokenStates } from '../../../src-main/engine/onnx/pooling';
import { readOnnxFolder } from '../../../src-main/engine/onnx/readOnnxFolder';
import { type OnnxFixtures, writeOnnxFixtures } from '../../fixtures/onnx/writeOnnxFixtures';

let dir: string;
let fx: OnnxFixtures;
let model: EmbeddingModel;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-onnx-embed-'));
  fx = await writeOnnxFixtures(dir);
  model = await loadEmbeddingModel(fx.embedding, { threads: 1 });
});

afterAll(async () => {
  await model.dispose();
  await rm(dir, { recursive: true, force: true });
});

const TEXTS = [
  'The cat sat on the mat.',
  'A dog ran in the park',
  'Long documents compress well: the first chapter, the last chapter and two pages of questions and answers.',
  '',
  'london',
  'Red, blue and green light at night.',
];

const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

function expectClose(a: Float32Array, b: Float32Array, digits = 5) {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i] ?? NaN, digits);
}

describe('loadEmbeddingModel', () => {
  it('loads a folder and reports its width and a stable id', async () => {
    expect(model.dims).toBe(fx.shape.hidden);
    expect(model.profile).toEqual({
      pooling: 'mean',
      normalize: true,
      queryPrefix: '',
      passagePrefix: '',
      maxLength: 64,
    });
    expect(model.id).toMatch(/^tiny-minilm-[0-9a-f]{12}$/);
    const again = await loadEmbeddingModel(fx.embedding, { threads: 1 });
    expect(again.id).toBe(model.id);
    await again.dispose();
  });

  it('gives unit vectors that differ between texts', async () => {
    const vectors = await model.embed(TEXTS, 'passage');
    expect(vectors).toHaveLength(TEXTS.length);
    for (const v of vectors) expect(norm(v)).toBeCloseTo(1, 5);
    expect(dot(vectors[0]!, vectors[1]!)).toBeLessThan(0.9999);
  });

  it('gives the same vectors batched (padded) as one by one', async () => {
    const batched = await model.embed(TEXTS, 'passage');
    const small = await loadEmbeddingModel(fx.embedding, { threads: 1, batchSize: 1 });
    const single = await small.embed(TEXTS, 'passage');
    // Two texts per run, mixed lengths: each run pads its shorter row.
    const pairs = await loadEmbeddingModel(fx.embedding, { threads: 1, batchSize: 2 });
    const paired = await pairs.embed(TEXTS, 'passage');
    TEXTS.forEach((_, i) => {
      expectClose(batched[i]!, single[i]!);
      expectClose(paired[i]!, single[i]!);
    });
    await small.dispose();
    await pairs.dispose();
  });

  it('ignores padding in mean pooling: a text gets the same vector next to a short or a long neighbour', async () => {
    const [alone] = await model.embed(['the cat sat'], 'passage');
    const [withShort] = await model.embed(['the cat sat', 'a'], 'passage');
    const [withLong] = await model.embed(['the cat sat', TEXTS[2]!.repeat(2)], 'passage');
    expectClose(withShort!, alone!);
    expectClose(withLong!, alone!);
  });

  it('reports progress and stops when cancelled', async () => {
    const progress: number[] = [];
    const small = await loadEmbeddingModel(fx.embedding, { threads: 1, batchSize: 2 });
    await small.embed(TEXTS, 'passage', { onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([2, 4, 6]);
    const controller = new AbortController();
    controller.abort();
    await expect(small.embed(TEXTS, 'passage', { signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    await small.dispose();
  });

  it('truncates to the model length instead of failing on long inputs', async () => {
    const long = Array.from({ length: 400 }, (_, i) => ['the', 'cat', 'river', 'night'][i % 4]).join(' ');
    const [vector] = await model.embed([long], 'passage');
    expect(norm(vector!)).toBeCloseTo(1, 5);
    // Past the 64-token window, more text changes nothing.
    const [longer] = await model.embed([long + ' dog park red blue'], 'passage');
    expectClose(longer!, vector!);
  });

  it('uses CLS pooling when 1_Pooling/config.json says so', async () => {
    const cls = await loadEmbeddingModel(fx.embeddingCls, { threads: 1 });
    expect(cls.profile.pooling).toBe('cls');
    expect(cls.id).not.toBe(model.id);
    const [a] = await cls.embed(['the cat sat'], 'passage');
    const [b] = await cls.embed(['the cat sat', TEXTS[2]!], 'passage');
    const [mean] = await model.embed(['the cat sat'], 'passage');
    expectClose(b!, a!);
    expect(dot(a!, mean!)).toBeLessThan(0.9999);
    await cls.dispose();
  });

  it('adds the e5 prefixes, query or passage, for a folder named e5', async () => {
    const e5 = await loadEmbeddingModel(fx.e5, { threads: 1 });
    expect(e5.profile).toMatchObject({ queryPrefix: 'query: ', passagePrefix: 'passage: ', pooling: 'mean' });
    const [asQuery] = await e5.embed(['the cat'], 'query');
    const [asPassage] = await e5.embed(['the cat'], 'passage');
    const [plainPrefixed] = await model.embed(['query: the cat'], 'passage');
    // Same weights as the plain fixture: the e5 query vector is the plain vector of the prefixed text.
    expectClose(asQuery!, plainPrefixed!);
    expect(dot(asQuery!, asPassage!)).toBeLessThan(0.9999);
    await e5.dispose();
  });

  it('loads the Optimum layout (onnx/model.onnx) and a vocab.txt-only folder to the same vectors', async () => {
    const [reference] = await model.embed([TEXTS[2]!], 'passage');
    for (const folder of [fx.embeddingOnnxSubdir, fx.embeddingVocabOnly]) {
      const other = await loadEmbeddingModel(folder, { threads: 1 });
      const [vector] = await other.embed([TEXTS[2]!], 'passage');
      expectClose(vector!, reference!);
      await other.dispose();
    }
  });
});

describe('embeddingProfile', () => {
  it('prefers lectern.json, then sentence-transformers files, then the model family', async () => {
    const folder = await readOnnxFolder(fx.embedding);
    expect(embeddingProfile({ ...folder, name: 'bge-small-en-v1.5', pooling: undefined! })).toMatchObject({
      pooling: 'cls',
      queryPrefix: 'Represent this sentence for searching relevant passages: ',
      passagePrefix: '',
    });
    expect(embeddingProfile({ ...folder, name: 'x', config: { _name_or_path: 'intfloat/e5-small-v2' } })).toMatchObject(
      {
        queryPrefix: 'query: ',
        passagePrefix: 'passage: ',
      },
    );
    expect(
      embeddingProfile({
        ...folder,
        name: 'multilingual-e5-small',
        settings: { pooling: 'cls', queryPrefix: 'q: ', maxLength: 1000 },
      }),
    ).toMatchObject({ pooling: 'cls', queryPrefix: 'q: ', passagePrefix: 'passage: ', maxLength: 64 });
    expect(embeddingProfile({ ...folder, prompts: { query: 'Q ', passage: 'P ' } })).toMatchObject({
      queryPrefix: 'Q ',
      passagePrefix: 'P ',
    });
  });

  it('takes the max length from sentence-transformers, the tokenizer or the position table, whichever binds', async () => {
    const folder = await readOnnxFolder(fx.embedding);
    const config = { max_position_embeddings: 512, model_type: 'bert' };
    expect(embeddingProfile({ ...folder, config, sentenceMaxLength: 256 }).maxLength).toBe(256);
    expect(embeddingProfile({ ...folder, config, tokenizerConfig: { model_max_length: 1e30 } }).maxLength).toBe(512);
    expect(embeddingProfile({ ...folder, config, tokenizerConfig: { model_max_length: 128 } }).maxLength).toBe(128);
    expect(
      embeddingProfile({ ...folder, config: { max_position_embeddings: 514, model_type: 'xlm-roberta' } }).maxLength,
    ).toBe(512);
  });
});

describe('pooling', () => {
  it('averages only masked-in positions, and CLS takes the first', () => {
    // batch 1, sequence 3, dims 2; the third position is padding.
    const states = Float32Array.from([1, 2, 3, 4, 100, 100]);
    const [mean] = poolTokenStates(states, [1, 1, 0], 1, 3, 2, 'mean');
    const [cls] = poolTokenStates(states, [1, 1, 0], 1, 3, 2, 'cls');
    expect(Array.from(mean!)).toEqual([2, 3]);
    expect(Array.from(cls!)).toEqual([1, 2]);
    expect(Array.from(l2Normalize(Float32Array.from([3, 4])))).toEqual([0.6000000238418579, 0.800000011920929]);
    expect(Array.from(l2Normalize(new Float32Array(2)))).toEqual([0, 0]);
  });
});
