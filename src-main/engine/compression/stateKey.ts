import { createHash } from 'node:crypto';
import type { LlamaContext } from 'node-llama-cpp';
import type { BuildCompressedStateInput } from './buildCompressedState';

/**
 * Bump when the build changes what it keeps or how it lays out the state (scoring, chunking, prefix, the save fix):
 * states built by an older algorithm are then rebuilt instead of reused.
 */
export const COMPRESSION_ALGORITHM_VERSION = 1;

/** Everything a saved compressed state depends on. Two builds with equal keys give interchangeable states. */
export interface CompressedStateKey {
  /** `hashModelFile` of the GGUF: a state loaded into other weights is garbage or a crash. */
  modelHash: string;
  /** The document's content hash (as the library keys documents). */
  documentHash: string;
  ratio: number;
  /** KV cache key/value types, e.g. `f16/f16`: the saved tensors are in that type. */
  kvCacheType: string;
  algorithmVersion: number;
  /**
   * Hash of the exact build input (prefix, segment tokens, protection, salience, scorer and its options). The same
   * document cut into segments differently (a new segmenter, a different header) must not reuse the old state.
   */
  buildHash: string;
}

const GGML_TYPE_NAMES: Record<number, string> = { 0: 'f32', 1: 'f16', 2: 'q4_0', 3: 'q4_1', 8: 'q8_0', 30: 'bf16' };

export function kvCacheTypeOf(context: LlamaContext): string {
  const name = (type: number) => GGML_TYPE_NAMES[type] ?? `ggml${type}`;
  return `${name(context.kvCacheKeyType)}/${name(context.kvCacheValueType)}`;
}

export function hashBuildInput(input: Omit<BuildCompressedStateInput, 'sequence'>, prefix: readonly number[]): string {
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify({
      prefix,
      ratio: input.ratio,
      scorer: input.scorer ?? 'self-information',
      scoreStride: input.scoreStride ?? 1,
      chunkSize: input.chunkSize ?? null,
      salienceWeight: input.salienceWeight ?? null,
      salienceSource: input.salienceSource ?? null,
      segments: input.segments.length,
    }),
  );
  for (const segment of input.segments) {
    hash.update(Uint32Array.from(segment.tokens));
    const salience = input.salienceSource === undefined ? (segment.salience ?? null) : null;
    hash.update(JSON.stringify([segment.protectedMask ?? null, salience]));
  }
  return hash.digest('hex');
}

/** The file name stem of a key: canonical JSON (sorted fields) hashed, so any field change gives another entry. */
export function stateKeyId(key: CompressedStateKey): string {
  const fields = Object.keys(key).sort();
  return createHash('sha256').update(JSON.stringify(key, fields)).digest('hex').slice(0, 32);
}

export function sameKey(a: CompressedStateKey, b: CompressedStateKey): boolean {
  return (
    stateKeyId(a) === stateKeyId(b) && (Object.keys(a) as (keyof CompressedStateKey)[]).every((k) => a[k] === b[k])
  );
}
