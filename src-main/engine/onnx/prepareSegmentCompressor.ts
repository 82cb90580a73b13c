import { splitTextPieces } from '../compression/lexicalSalience';
import { compressText } from '../compression/textCompression';
import type { SegmentCompressor } from '../compression/compressDocument';
import { LecternError } from '../../../src-shared/errors';
import { charScoresToTokens, type WordScore } from '../compression/charScoresToTokens';
import type { EmbedOptions } from './loadEmbeddingModel';
import type { TokenCompressor } from './loadTokenCompressor';

export interface PrepareCompressorOptions extends EmbedOptions {
  /**
   * Weight of the lexical prior next to the LLMLingua-2 scores (both z-normalized per segment). Default 0: the
   * classifier alone ranks, as in LLMLingua-2; a caller's `salienceWeight` in the compress options wins.
   */
  salienceWeight?: number;
}

/**
 * Scores `texts` with the ONNX compressor now (asynchronously), then returns the synchronous `SegmentCompressor`
 * that `compressDocument` expects. It compresses with the existing selection (`compressText`: same chunking,
 * protection and 1/r target as the KV-level build), with the keep probabilities moved onto its text pieces by
 * character overlap in place of self-information. Texts it was not prepared for are an error, not a silent fallback.
 */
export async function prepareSegmentCompressor(
  compressor: TokenCompressor,
  texts: readonly string[],
  options: PrepareCompressorOptions = {},
): Promise<SegmentCompressor> {
  const distinct = [...new Set(texts)];
  const scored = await compressor.scoreTexts(distinct, options);
  const byText = new Map<string, WordScore[]>(distinct.map((text, i) => [text, scored[i] ?? []]));
  return (segmentTexts, compressOptions) => {
    const segments = segmentTexts.map((text) => {
      const words = byText.get(text);
      if (!words)
        throw new LecternError('INTERNAL', 'The ONNX compressor was asked for a text it was not prepared with.');
      const pieces = splitTextPieces(text);
      let offset = 0;
      const ranges = pieces.map((piece) => ({ start: offset, end: (offset += piece.length) }));
      return { pieces, selfInformation: charScoresToTokens(words, ranges) };
    });
    return compressText(segments, {
      ...compressOptions,
      salienceWeight: compressOptions.salienceWeight ?? options.salienceWeight ?? 0,
    });
  };
}
