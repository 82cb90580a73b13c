import type { SegmentTokens } from '../compression/types';

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
