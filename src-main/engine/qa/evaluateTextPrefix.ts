import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import { LecternError } from '../../../src-shared/errors';
import type { LoadedModel } from '../llm/ModelManager';

/**
 * Evaluates a text overview (the frame's head and the summaries or titles after it) as the sequence's whole prefix,
 * refusing one that leaves less than `room` for a question and an answer. Returns the KV bytes the prefix holds.
 */
export async function evaluateTextPrefix(
  loaded: LoadedModel,
  sequence: LlamaContextSequence,
  prefix: Token[],
  { room, what }: { room: number; what: string },
): Promise<number> {
  const contextSize = loaded.context.contextSize;
  if (prefix.length + room > contextSize)
    throw new LecternError(
      'CONTEXT_TOO_SMALL',
      `Even the ${what} (${prefix.length} tokens) do not fit a ${contextSize}-token context with a question and an answer. Load the model with a larger context.`,
    );
  await sequence.clearHistory();
  await sequence.evaluateWithoutGeneratingNewTokens(prefix);
  const info = loaded.info;
  const bytesPerToken = info.contextSize > 0 ? info.kvCacheBytes / info.contextSize : 0;
  return Math.round(prefix.length * bytesPerToken);
}
