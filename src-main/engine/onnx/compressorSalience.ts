import type { LlamaModel, Token } from 'node-llama-cpp';
import { tokenPieces } from '../compression/textCompression';
import type { SegmentTokens } from '../compression/types';
import type { StageContext } from '../jobs/JobRunner';
import { charScoresToTokens, piecesToRanges } from '../compression/charScoresToTokens';
import type { TokenCompressor } from './loadTokenCompressor';

/**
 * The LLMLingua-2 keep probabilities of each segment's words, moved onto the chat model's tokens by character
 * overlap: the salience that joins self-information when tokens are evicted. `texts[i]` is the text segment i's
 * body tokens were made from; its leading protected tokens (the label) get no score.
 */
export async function compressorSalience(
  model: LlamaModel,
  compressor: TokenCompressor,
  texts: readonly string[],
  segments: readonly SegmentTokens[],
  ctx: StageContext,
): Promise<SegmentTokens[]> {
  const words = await compressor.scoreTexts(texts, {
    signal: ctx.signal,
    onProgress: (done, total) => ctx.onProgress({ phase: 'scoring', done, total }),
  });
  return segments.map((segment, i) => {
    const labelLength = segment.protectedMask?.filter(Boolean).length ?? 0;
    const ranges = piecesToRanges(tokenPieces(model, segment.tokens.slice(labelLength) as Token[]));
    const body = charScoresToTokens(words[i] ?? [], ranges);
    return { ...segment, salience: [...new Array<number>(labelLength).fill(NaN), ...body] };
  });
}
