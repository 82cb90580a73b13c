import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbeddingModel } from '../../../src-main/engine/onnx/loadEmbeddingModel';
import { loadTokenCompressor } from '../../../src-main/engine/onnx/loadTokenCompressor';
import { LecternError } from '../../../src-shared/errors';
import { type OnnxFixtures, writeOnnxFixtures } from '../../fixtures/onnx/writeOnnxFixtures';

let dir: string;
let fx: OnnxFixtures;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-onnx-errors-'));
  fx = await writeOnnxFixtures(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<LecternError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LecternError);
  return error as LecternError;
}

const embed = (folder: string) => loadEmbeddingModel(folder, { threads: 1 });
const compress = (folder: string) => loadTokenCompressor(folder, { threads: 1 });

describe('ONNX model folder errors', () => {
  it.each(['truncated', 'garbage', 'empty'] as const)(
    'a %s model.onnx is ONNX_MODEL_INVALID naming the file',
    async (kind) => {
      for (const load of [embed, compress]) {
        const error = await failure(load(fx[kind]));
        expect(error.code).toBe('ONNX_MODEL_INVALID');
        expect(error.message).toContain(path.join(fx[kind], 'model.onnx'));
      }
    },
  );

  it('a folder without an ONNX file is ONNX_MODEL_INVALID; a missing folder MODEL_NOT_FOUND', async () => {
    expect((await failure(embed(fx.noModel))).code).toBe('ONNX_MODEL_INVALID');
    expect((await failure(embed(path.join(dir, 'nowhere')))).code).toBe('MODEL_NOT_FOUND');
  });

  it('no tokenizer.json nor vocab.txt is TOKENIZER_MISSING; so is an unreadable tokenizer.json', async () => {
    expect((await failure(embed(fx.noTokenizer))).code).toBe('TOKENIZER_MISSING');
    expect((await failure(compress(fx.noTokenizer))).code).toBe('TOKENIZER_MISSING');
    const broken = path.join(dir, 'broken-tokenizer');
    await cp(fx.embedding, broken, { recursive: true });
    await writeFile(path.join(broken, 'tokenizer.json'), '{"model": ');
    expect((await failure(embed(broken))).code).toBe('TOKENIZER_MISSING');
  });

  it('a graph without a sequence axis, or the wrong task, is MODEL_INCOMPATIBLE', async () => {
    const wrongShape = await failure(embed(fx.wrongShape));
    expect(wrongShape.code).toBe('MODEL_INCOMPATIBLE');
    expect(wrongShape.message).toContain('[batch, 3]');
    expect((await failure(compress(fx.wrongShape))).code).toBe('MODEL_INCOMPATIBLE');
    expect((await failure(compress(fx.compressorThreeLabels))).code).toBe('MODEL_INCOMPATIBLE');
    // An encoder's 16-wide states are not keep/drop logits; a token classifier is not an embedding model.
    expect((await failure(compress(fx.embedding))).code).toBe('MODEL_INCOMPATIBLE');
    expect((await failure(embed(fx.compressor))).code).toBe('MODEL_INCOMPATIBLE');
  });

  it('config.json disagreeing with the graph is MODEL_INCOMPATIBLE', async () => {
    const mismatched = path.join(dir, 'mismatched-config');
    await cp(fx.embedding, mismatched, { recursive: true });
    await writeFile(
      path.join(mismatched, 'config.json'),
      JSON.stringify({ architectures: ['BertModel'], hidden_size: 384 }),
    );
    const error = await failure(embed(mismatched));
    expect(error.code).toBe('MODEL_INCOMPATIBLE');
    expect(error.message).toContain('hidden_size 384');
  });

  it('an invalid lectern.json is reported, not ignored', async () => {
    const folder = path.join(dir, 'bad-settings');
    await cp(fx.embedding, folder, { recursive: true });
    await writeFile(path.join(folder, 'lectern.json'), JSON.stringify({ pooling: 'max' }));
    expect((await failure(embed(folder))).code).toBe('ONNX_MODEL_INVALID');
  });

  it('leaves the process working: a good model loads and runs after every failure', async () => {
    const model = await embed(fx.embedding);
    const [vector] = await model.embed(['still alive'], 'query');
    expect(vector).toHaveLength(fx.shape.hidden);
    await model.dispose();
  });
});
