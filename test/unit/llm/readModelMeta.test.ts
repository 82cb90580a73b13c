import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_SHAPE } from '../../fixtures/gguf/fixtureModels';
import { inspectGguf, readModelMeta } from '../../../src-main/engine/llm/readModelMeta';
import { writeTestGgufs } from './badGgufFiles';

let dir: string;
let files: Awaited<ReturnType<typeof writeTestGgufs>>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-meta-'));
  files = await writeTestGgufs(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('readModelMeta', () => {
  it('reads architecture, size, quantization, context and chat template from a good header', async () => {
    const result = await inspectGguf(files.good);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.meta).toMatchObject({
      architecture: 'llama',
      name: TINY_SHAPE.name,
      quantization: 'F32',
      contextLength: TINY_SHAPE.contextLength,
      layers: TINY_SHAPE.layers,
      embeddingLength: TINY_SHAPE.embedding,
      hasChatTemplate: true,
      parameterCount: files.written.parameterCount,
    });
    // The header's end of tensor data is the whole file (the writer adds no trailing bytes).
    expect(result.value.expectedBytes).toBe(files.written.fileSize);
  });

  it.each([
    ['truncated', /truncated/],
    ['headerCut', /truncated|Not a readable GGUF/],
    ['garbage', /Not a readable GGUF/],
    ['empty', /Not a readable GGUF/],
    ['vocabOnly', /only a vocabulary/],
    ['foreign', /architecture "zzzzz" is not supported/],
    ['futureVersion', /GGUF version 99/],
  ] as const)('refuses the %s file as MODEL_INCOMPATIBLE', async (which, message) => {
    const result = await readModelMeta(files[which]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('MODEL_INCOMPATIBLE');
    expect(result.error.message).toMatch(message);
  });
});
