import { describe, expect, it } from 'vitest';
import {
  kvCacheBytes,
  kvShapeFromMetadata,
  kvTypeProblem,
  tensorByteSize,
} from '../../../src-main/engine/llm/ggmlTypes';
import { BENCH_SHAPE } from '../../fixtures/gguf/fixtureModels';

// The metadata block llama.cpp reads for the bench fixture (8 layers, n_embd 512, 8 heads, 4 KV heads).
const benchMeta = {
  block_count: BENCH_SHAPE.layers,
  embedding_length: BENCH_SHAPE.embedding,
  attention: { head_count: BENCH_SHAPE.heads, head_count_kv: BENCH_SHAPE.kvHeads },
};

describe('KV cache sizes', () => {
  it('gives 8,192 bytes per token in f16 for the bench shape, as ARCHITECTURE.md measured', () => {
    const shape = kvShapeFromMetadata(benchMeta);
    expect(shape).toBeDefined();
    if (!shape) return;
    expect(kvCacheBytes(shape, 1, 'f16')).toBe(8192);
    expect(kvCacheBytes(shape, 4096, 'f16')).toBe(8192 * 4096);
  });

  it('counts quantized blocks: q8_0 is 34/64 and q4_0 18/64 of f16', () => {
    const shape = kvShapeFromMetadata(benchMeta);
    if (!shape) throw new Error('no shape');
    expect(kvCacheBytes(shape, 4096, 'q8_0')).toBe((8192 * 4096 * 34) / 64);
    expect(kvCacheBytes(shape, 4096, 'q4_0')).toBe((8192 * 4096 * 18) / 64);
  });

  it('uses per-layer KV head counts and explicit key/value lengths when the header has them', () => {
    const shape = kvShapeFromMetadata({
      block_count: 2,
      embedding_length: 256,
      attention: { head_count: 4, head_count_kv: [2, 1], key_length: 128, value_length: 64 },
    });
    if (!shape) throw new Error('no shape');
    expect(kvCacheBytes(shape, 1, 'f16')).toBe((2 * 128 + 2 * 64 + (1 * 128 + 1 * 64)) * 2);
  });

  it('says when a head dimension is not a whole number of quantization blocks', () => {
    const small = kvShapeFromMetadata({ block_count: 1, embedding_length: 64, attention: { head_count: 4 } });
    if (!small) throw new Error('no shape');
    expect(kvTypeProblem(small, 'q8_0')).toMatch(/blocks of 32/);
    const bench = kvShapeFromMetadata(benchMeta);
    if (!bench) throw new Error('no shape');
    expect(kvTypeProblem(bench, 'q8_0')).toBeUndefined();
  });

  it('sizes tensors by block', () => {
    expect(tensorByteSize(8, 64)).toBe(68); // Q8_0: two blocks of 34 bytes
    expect(tensorByteSize(12, 256)).toBe(144); // Q4_K
    expect(tensorByteSize(31, 256)).toBeUndefined(); // repacked types are not listed
  });
});
