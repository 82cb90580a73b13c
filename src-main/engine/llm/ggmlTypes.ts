import type { KvCacheType } from '../../../src-shared/domain/model';

/**
 * [elements per block, bytes per block] of ggml tensor types, by `GgmlType` number (ggml.h / ggml-common.h). Kept
 * here so a header can be checked for truncation without loading llama.cpp's bindings. Repacked CPU-only types
 * (Q4_0_4_4 ...) are left out: their tensors then count as a lower bound.
 */
const BLOCKS: Record<number, readonly [number, number]> = {
  0: [1, 4], // F32
  1: [1, 2], // F16
  2: [32, 18], // Q4_0
  3: [32, 20], // Q4_1
  6: [32, 22], // Q5_0
  7: [32, 24], // Q5_1
  8: [32, 34], // Q8_0
  9: [32, 36], // Q8_1
  10: [256, 84], // Q2_K
  11: [256, 110], // Q3_K
  12: [256, 144], // Q4_K
  13: [256, 176], // Q5_K
  14: [256, 210], // Q6_K
  15: [256, 292], // Q8_K
  16: [256, 66], // IQ2_XXS
  17: [256, 74], // IQ2_XS
  18: [256, 98], // IQ3_XXS
  19: [256, 50], // IQ1_S
  20: [32, 18], // IQ4_NL
  21: [256, 110], // IQ3_S
  22: [256, 82], // IQ2_S
  23: [256, 136], // IQ4_XS
  24: [1, 1], // I8
  25: [1, 2], // I16
  26: [1, 4], // I32
  27: [1, 8], // I64
  28: [1, 8], // F64
  29: [256, 56], // IQ1_M
  30: [1, 2], // BF16
  34: [256, 54], // TQ1_0
  35: [256, 66], // TQ2_0
  39: [32, 17], // MXFP4
};

/** Bytes a tensor of `elements` of `type` takes on disk; undefined for a type this table does not know. */
export function tensorByteSize(type: number, elements: number): number | undefined {
  const block = BLOCKS[type];
  if (!block) return undefined;
  return Math.ceil(elements / block[0]) * block[1];
}

/** The `GgmlType` numbers of the KV cache types the contract offers. */
export const KV_GGML_TYPE: Record<KvCacheType, number> = { f16: 1, q8_0: 8, q4_0: 2 };

export function bytesPerElement(type: KvCacheType): number {
  const block = BLOCKS[KV_GGML_TYPE[type]];
  if (!block) throw new Error(`unknown KV type ${type}`);
  return block[1] / block[0];
}

export interface KvShape {
  layers: number;
  /** Head dimensions: a quantized KV type needs them to be whole blocks (32 for q8_0 and q4_0). */
  keyHead: number;
  valueHead: number;
  /** Key and value widths per layer (n_embd_k_gqa, n_embd_v_gqa): head dimension × KV heads. */
  keyWidth: number[];
  valueWidth: number[];
}

/**
 * Bytes of the KV cache for `contextSize` tokens: for every layer, a key row and a value row per token, each stored
 * in the chosen type. This is how llama.cpp sizes its unified KV cache for plain attention models; sliding-window
 * and recurrent layers use less, so for those it is an upper bound.
 */
export function kvCacheBytes(shape: KvShape, contextSize: number, type: KvCacheType): number {
  const perElement = bytesPerElement(type);
  let perToken = 0;
  for (let layer = 0; layer < shape.layers; layer++)
    perToken += ((shape.keyWidth[layer] ?? 0) + (shape.valueWidth[layer] ?? 0)) * perElement;
  return Math.round(perToken * contextSize);
}

/** Reads the KV shape from an architecture's metadata block (`<arch>.block_count`, `<arch>.attention.*`). */
export function kvShapeFromMetadata(archMeta: Record<string, unknown> | undefined): KvShape | undefined {
  const layers = archMeta?.block_count;
  const embedding = archMeta?.embedding_length;
  const attention = archMeta?.attention as Record<string, unknown> | undefined;
  if (typeof layers !== 'number' || typeof embedding !== 'number' || !attention) return undefined;
  const perLayer = (value: unknown): number[] | undefined => {
    if (typeof value === 'number') return Array.from({ length: layers }, () => value);
    if (Array.isArray(value)) return value.map(Number);
    return undefined;
  };
  const heads = perLayer(attention.head_count);
  const kvHeads = perLayer(attention.head_count_kv) ?? heads;
  const firstHeads = heads?.[0];
  if (!heads || !kvHeads || !firstHeads) return undefined;
  const keyLength = typeof attention.key_length === 'number' ? attention.key_length : embedding / firstHeads;
  const valueLength = typeof attention.value_length === 'number' ? attention.value_length : embedding / firstHeads;
  return {
    layers,
    keyHead: keyLength,
    valueHead: valueLength,
    keyWidth: kvHeads.map((h) => h * keyLength),
    valueWidth: kvHeads.map((h) => h * valueLength),
  };
}

/** Why `type` cannot hold this model's KV cache, or undefined when it can. */
export function kvTypeProblem(shape: KvShape, type: KvCacheType): string | undefined {
  const block = BLOCKS[KV_GGML_TYPE[type]]?.[0] ?? 1;
  if (shape.keyHead % block === 0 && shape.valueHead % block === 0) return undefined;
  return `A ${type} KV cache stores blocks of ${block} values, and this model's attention heads have ${shape.keyHead}; use f16.`;
}
