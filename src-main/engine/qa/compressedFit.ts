import type { SegmentTokens } from '../compression/types';
import type { AskerEstimate } from '../handlers/askHandlers';
import type { LoadedModel } from '../llm/ModelManager';
import { MAX_RATIO } from '../compression/types';

/** Tokens the compressed document keeps at `ratio`: the prefix, about 1/r of each segment, and always its labels. */
export function keptTokens(prefixLength: number, segments: readonly SegmentTokens[], ratio: number): number {
  return (
    prefixLength +
    segments.reduce((sum, s) => {
      const kept = Math.ceil(s.tokens.length / ratio);
      return sum + Math.min(s.tokens.length, Math.max(kept, s.protectedMask?.filter(Boolean).length ?? 0));
    }, 0)
  );
}

/** The document as the model sees it uncompressed: the same prefix and every segment token (labels included). */
export function documentTokens(prefixLength: number, segments: readonly SegmentTokens[]): number {
  return prefixLength + segments.reduce((sum, s) => sum + s.tokens.length, 0);
}

/**
 * The smallest ratio (whole or one of the slider's stops, searched on a fine grid) at which the compressed document
 * leaves `room` tokens free in a context of `contextSize`; undefined when not even the highest ratio does.
 */
export function smallestFittingRatio(
  prefixLength: number,
  segments: readonly SegmentTokens[],
  contextSize: number,
  room: number,
): number | undefined {
  for (let ratio = 1; ratio <= MAX_RATIO; ratio += 0.5) {
    if (keptTokens(prefixLength, segments, ratio) + room <= contextSize) return ratio;
  }
  return undefined;
}

/** Whether the compressed document leaves `room` free in the loaded model's context. */
export function fitsContext(
  prefixLength: number,
  segments: readonly SegmentTokens[],
  ratio: number,
  loaded: LoadedModel,
  room: number,
): boolean {
  return keptTokens(prefixLength, segments, ratio) + room <= loaded.context.contextSize;
}

/** What the slider shows for a ratio: kept of total tokens (kept ≤ total), KV bytes, and which ratios fit. */
export function estimateCompressed(
  prefixLength: number,
  segments: readonly SegmentTokens[],
  ratio: number,
  loaded: LoadedModel,
  room: number,
  ready: boolean,
): AskerEstimate {
  const kept = keptTokens(prefixLength, segments, ratio);
  const { info } = loaded;
  const bytesPerToken = info.contextSize > 0 ? info.kvCacheBytes / info.contextSize : 0;
  const contextSize = loaded.context.contextSize;
  const smallest = smallestFittingRatio(prefixLength, segments, contextSize, room);
  return {
    keptTokens: kept,
    docTokens: documentTokens(prefixLength, segments),
    kvBytes: Math.round(kept * bytesPerToken),
    ready,
    contextSize,
    fits: kept + room <= contextSize,
    ...(smallest !== undefined ? { smallestFittingRatio: smallest } : {}),
  };
}
