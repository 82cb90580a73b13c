import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src-main/engine/Engine';
import { writeOnnxFixtures, type OnnxFixtures } from '../../fixtures/onnx/writeOnnxFixtures';

let dir: string;
let engine: Engine;
let fixtures: OnnxFixtures;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-onnxcalls-'));
  // The fixtures are written straight into the models folder, as a user copying model folders there would.
  fixtures = await writeOnnxFixtures(path.join(dir, 'models'));
  engine = new Engine({ libraryDir: path.join(dir, 'lib'), modelsDir: path.join(dir, 'models'), threads: 1 });
});

afterAll(async () => {
  await engine.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('ONNX model calls', () => {
  it('lists the folders in the models folder with their kinds and problems', async () => {
    const list = await engine.invoke('listOnnxModels', {});
    const byDir = new Map(list.map((m) => [m.dir, m]));
    expect(byDir.get(fixtures.embedding)?.kind).toBe('embedding');
    expect(byDir.get(fixtures.embedding)?.dims).toBe(fixtures.shape.hidden);
    expect(byDir.get(fixtures.compressor)?.kind).toBe('compressor');
    expect(byDir.get(fixtures.noTokenizer)?.problem?.code).toBe('TOKENIZER_MISSING');
    expect(list.every((m) => !('modelPath' in m))).toBe(true);
  });

  it('loads one model of each kind, replaces it, and unloads it', async () => {
    expect(await engine.invoke('getOnnxModels', {})).toEqual({});
    const first = await engine.invoke('loadOnnxModel', { dir: fixtures.embedding });
    expect(first.embedding?.dims).toBe(fixtures.shape.hidden);
    const both = await engine.invoke('loadOnnxModel', { dir: fixtures.compressor });
    expect(both.embedding?.id).toBe(first.embedding?.id);
    expect(both.compressor?.name).toBe(path.basename(fixtures.compressor));
    const replaced = await engine.invoke('loadOnnxModel', { dir: fixtures.embeddingOtherSeed });
    expect(replaced.embedding?.id).not.toBe(first.embedding?.id);
    expect(engine.onnx.embedding?.id).toBe(replaced.embedding?.id);
    expect(await engine.invoke('unloadOnnxModel', { kind: 'embedding' })).toEqual({ compressor: both.compressor });
  });

  it('answers bad folders with coded errors and keeps the working model', async () => {
    const loaded = await engine.invoke('loadOnnxModel', { dir: fixtures.embedding });
    const cases: [string, string][] = [
      [fixtures.truncated, 'ONNX_MODEL_INVALID'],
      [fixtures.noTokenizer, 'TOKENIZER_MISSING'],
      [fixtures.wrongShape, 'MODEL_INCOMPATIBLE'],
      [path.join(dir, 'nothing-here'), 'MODEL_NOT_FOUND'],
    ];
    for (const [folder, code] of cases) {
      const result = await engine.call('loadOnnxModel', { dir: folder });
      expect(result.ok ? 'ok' : result.error.code, folder).toBe(code);
    }
    expect(engine.onnx.embedding?.id).toBe(loaded.embedding?.id);
  });

  it('offers the ONNX catalog beside the chat models', async () => {
    const catalog = await engine.invoke('listCatalog', {});
    expect(catalog.some((e) => e.kind === 'chat')).toBe(true);
    expect(catalog.filter((e) => e.kind === 'embedding').length).toBeGreaterThan(0);
    expect(catalog.filter((e) => e.kind === 'compressor').length).toBeGreaterThan(0);
  });
});
