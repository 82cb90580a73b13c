import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { LecternError } from '../../../src-shared/errors';
import { int64Tensor } from './onnxRuntime';

export interface BatchLimits {
  /** Most sequences per run. Default 32. */
  batchSize?: number;
  /**
   * Most padded tokens per run (rows x longest row). Default 8192: attention memory grows with the square of the
   * length, so a batch of long inputs is split where a batch of short ones is not.
   */
  maxBatchTokens?: number;
}

/**
 * Groups sequences into runs, shortest first, so each run pads to a length close to its own rows' (padding is
 * computed and thrown away). Returns indices into `lengths`; callers put results back in input order.
 */
export function planBatches(lengths: readonly number[], limits: BatchLimits = {}): number[][] {
  const batchSize = Math.max(1, limits.batchSize ?? 32);
  const maxTokens = Math.max(1, limits.maxBatchTokens ?? 8192);
  const order = lengths.map((_, i) => i).sort((a, b) => (lengths[a] ?? 0) - (lengths[b] ?? 0) || a - b);
  const batches: number[][] = [];
  let current: number[] = [];
  for (const index of order) {
    const longest = lengths[index] ?? 0; // ascending order: the newest row is the longest
    if (current.length > 0 && (current.length >= batchSize || (current.length + 1) * longest > maxTokens)) {
      batches.push(current);
      current = [];
    }
    current.push(index);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The inputs a BERT-family graph takes, padded to the longest row, mask 0 on padding, token types all 0. */
export async function encoderFeeds(
  session: InferenceSession,
  rows: readonly (readonly number[])[],
  padId: number,
): Promise<{ feeds: Record<string, Tensor>; sequence: number; mask: BigInt64Array }> {
  const sequence = Math.max(1, ...rows.map((r) => r.length));
  const ids = new BigInt64Array(rows.length * sequence).fill(BigInt(padId));
  const mask = new BigInt64Array(rows.length * sequence);
  rows.forEach((row, r) => {
    row.forEach((id, s) => {
      ids[r * sequence + s] = BigInt(id);
      mask[r * sequence + s] = 1n;
    });
  });
  const feeds: Record<string, Tensor> = {};
  for (const name of session.inputNames) {
    if (name === 'input_ids') feeds[name] = await int64Tensor(ids, rows.length, sequence);
    else if (name === 'attention_mask') feeds[name] = await int64Tensor(mask, rows.length, sequence);
    else if (name === 'token_type_ids')
      feeds[name] = await int64Tensor(new BigInt64Array(rows.length * sequence), rows.length, sequence);
    else
      throw new LecternError(
        'MODEL_INCOMPATIBLE',
        `The model asks for an input "${name}"; Lectern feeds BERT-style encoders (input_ids, attention_mask, token_type_ids).`,
      );
  }
  if (!feeds.input_ids || !feeds.attention_mask)
    throw new LecternError(
      'MODEL_INCOMPATIBLE',
      `The model's inputs are ${session.inputNames.join(', ')}; an encoder with input_ids and attention_mask is needed.`,
    );
  return { feeds, sequence, mask };
}
