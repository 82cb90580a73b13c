import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import { LecternError } from '../../../src-shared/errors';

/**
 * Makes the KV cache of `sequence` safe to save after `eraseContextTokenRanges`.
 *
 * Erasing the middle of a sequence moves the later cells to their new positions, but llama.cpp applies the matching
 * RoPE rotation of their keys lazily, at the next decode. `saveStateToFile` right after an erase therefore writes keys
 * still rotated for their old positions, and a state loaded from that file answers differently from the one in
 * memory (measured: the "save-after-erase pitfall" of ARCHITECTURE.md). Evaluating one token forces the pending shift;
 * erasing that token again (at the end, so nothing moves) leaves exactly the tokens we had, with rotated keys.
 */
export async function flushPendingShift(sequence: LlamaContextSequence, token?: Token): Promise<void> {
  const end = sequence.nextTokenIndex;
  if (end === 0) return;
  if (end + 1 >= sequence.contextSize) {
    throw new LecternError('CONTEXT_TOO_SMALL', 'No room for the one token that applies the pending KV shift.');
  }
  const dummy = token ?? sequence.contextTokens[end - 1];
  if (dummy === undefined) return;
  await sequence.evaluateWithoutGeneratingNewTokens([dummy]);
  await sequence.eraseContextTokenRanges([{ start: end, end: end + 1 }]);
}
