import { open } from 'node:fs/promises';
import type { LlamaContextSequence } from 'node-llama-cpp';
import type { CompressedStateSidecar } from './CompressedStateCache';

/** llama.cpp's sequence-state file: magic 'ggsq', a version, the token count, the tokens (int32), then the KV data. */
const SEQ_STATE_MAGIC = 0x67677371;
const HEADER_BYTES = 12;

/** Bytes per element of the KV cache types a key can name (`f16/q8_0`...). */
const KV_TYPE_BYTES: Record<string, number> = {
  f32: 4,
  f16: 2,
  bf16: 2,
  q8_0: 34 / 32,
  q4_0: 18 / 32,
  q4_1: 20 / 32,
  q5_0: 22 / 32,
  q5_1: 24 / 32,
  iq4_nl: 18 / 32,
};

/**
 * The KV bytes one token takes in the saved state, from the model's attention shape and the key's cache types;
 * undefined where the shape is not a plain one (per-layer head counts, sliding windows, recurrent layers), so the size
 * check falls back to the header checks alone.
 */
export function kvBytesPerToken(sequence: LlamaContextSequence, kvCacheType: string): number | undefined {
  const insights = (sequence as Partial<LlamaContextSequence>).model?.fileInsights;
  if (insights === undefined || insights.isHybrid || insights.isRecurrent || insights.swaSize !== undefined) {
    return undefined;
  }
  const meta = insights.ggufFileInfo.architectureMetadata as {
    block_count?: unknown;
    embedding_length?: unknown;
    attention?: { head_count?: unknown; head_count_kv?: unknown; key_length?: unknown; value_length?: unknown };
  };
  const layers = meta.block_count;
  const embedding = meta.embedding_length;
  const heads = meta.attention?.head_count;
  const kvHeads = meta.attention?.head_count_kv ?? heads;
  if (typeof layers !== 'number' || typeof embedding !== 'number' || typeof heads !== 'number') return undefined;
  if (typeof kvHeads !== 'number' || heads === 0) return undefined;
  const keyLength = typeof meta.attention?.key_length === 'number' ? meta.attention.key_length : embedding / heads;
  const valueLength = typeof meta.attention?.value_length === 'number' ? meta.attention.value_length : keyLength;
  const [kType, vType] = kvCacheType.split('/');
  const kBytes = KV_TYPE_BYTES[kType ?? ''];
  const vBytes = KV_TYPE_BYTES[vType ?? ''];
  if (kBytes === undefined || vBytes === undefined) return undefined;
  return layers * kvHeads * (keyLength * kBytes + valueLength * vBytes);
}

/** Why a sidecar and its state file cannot be trusted, or undefined when they agree with each other and the model. */
export async function stateFileProblem(
  statePath: string,
  sidecar: CompressedStateSidecar,
  sequence: LlamaContextSequence,
): Promise<string | undefined> {
  const counts = [sidecar.kvTokens, sidecar.prefixLength, sidecar.stateBytes];
  if (!counts.every((n) => Number.isSafeInteger(n) && n >= 0) || !Array.isArray(sidecar.segments)) {
    return 'the sidecar counts are not whole numbers';
  }
  let kept = sidecar.prefixLength;
  for (const segment of sidecar.segments) {
    for (const range of segment.keptRanges) {
      if (!(range.start >= 0 && range.start <= range.end && range.end <= segment.totalTokens)) {
        return 'a kept range lies outside its segment';
      }
      kept += range.end - range.start;
    }
  }
  if (kept !== sidecar.kvTokens) return `the sidecar counts ${sidecar.kvTokens} tokens but its segments keep ${kept}`;
  const file = await open(statePath, 'r').catch(() => undefined);
  if (file === undefined) return 'the state file is missing';
  try {
    const { size } = await file.stat();
    if (size !== sidecar.stateBytes) return `the state file has ${size} bytes, the sidecar says ${sidecar.stateBytes}`;
    const header = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await file.read(header, 0, HEADER_BYTES, 0);
    if (bytesRead < HEADER_BYTES || header.readUInt32LE(0) !== SEQ_STATE_MAGIC) return 'not a llama.cpp sequence state';
    const tokenCount = header.readUInt32LE(8);
    if (tokenCount !== sidecar.kvTokens)
      return `the state holds ${tokenCount} tokens, the sidecar says ${sidecar.kvTokens}`;
    const perToken = kvBytesPerToken(sequence, sidecar.key.kvCacheType);
    const minimum = HEADER_BYTES + 4 * tokenCount + (perToken ?? 0) * tokenCount;
    if (size < minimum) return `the state file has ${size} bytes, fewer than the ${Math.ceil(minimum)} its tokens need`;
    return undefined;
  } finally {
    await file.close();
  }
}
