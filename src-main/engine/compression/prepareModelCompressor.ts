import type { LlamaContextSequence } from 'node-llama-cpp';
import { throwIfCancelled } from '../jobs/JobRunner';
import { charScoresToTokens, piecesToRanges } from './charScoresToTokens';
import type { SegmentCompressor } from './compressDocument';
import { LecternError } from '../../../src-shared/errors';
import { splitTextPieces } from './lexicalSalience';
import { evaluateWithSelfInformation } from './scoreSelfInformation';
import { compressText, tokenPieces } from './textCompression';

export interface PrepareModelCompressorOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Text-level compression scored by the chat model: each text's self-information (-log p of every token given the
 * text before it, from one `controlledEvaluate` pass) is computed now, asynchronously, and moved by character overlap
 * onto the model-free text pieces, whose concatenation is exactly the text (model tokens may not detokenize back to
 * it), so kept ranges map onto the source. Each text is scored on its own, after BOS: the KV build scores a segment
 * after the compressed segments before it, so this is the text-mode approximation of the same signal.
 */
export async function prepareModelCompressor(
  sequence: LlamaContextSequence,
  texts: readonly string[],
  options: PrepareModelCompressorOptions = {},
): Promise<SegmentCompressor> {
  const model = sequence.model;
  const distinct = [...new Set(texts)];
  const scores = new Map<string, Float64Array>();
  for (const [i, text] of distinct.entries()) {
    throwIfCancelled(options.signal);
    const tokens = model.tokenize(text).slice(0, Math.max(1, sequence.contextSize - 2));
    await sequence.clearHistory();
    const bos = model.tokens.bos;
    if (bos !== null) await sequence.evaluateWithoutGeneratingNewTokens([bos]);
    const information = await evaluateWithSelfInformation(sequence, tokens);
    const words = piecesToRanges(tokenPieces(model, tokens))
      .map((range, t) => ({ ...range, keep: information[t] ?? Number.NaN }))
      .filter((word) => Number.isFinite(word.keep));
    scores.set(text, charScoresToTokens(words, piecesToRanges(splitTextPieces(text))));
    options.onProgress?.(i + 1, distinct.length);
  }
  await sequence.clearHistory();
  return (segmentTexts, compressOptions) =>
    compressText(
      segmentTexts.map((text) => {
        const selfInformation = scores.get(text);
        if (!selfInformation)
          throw new LecternError('INTERNAL', 'The model compressor was asked for a text it did not score.');
        return { pieces: splitTextPieces(text), selfInformation };
      }),
      compressOptions,
    );
}
