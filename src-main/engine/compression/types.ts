/** Token ids as node-llama-cpp numbers them (kept as plain numbers so pure code needs no llama import). */
export type TokenId = number;

/** A half-open range `[start, end)` of token indices. */
export interface TokenRange {
  start: number;
  end: number;
}

/** One segment of a document as the model sees it. */
export interface SegmentTokens {
  tokens: readonly TokenId[];
  /** Tokens that must never be evicted (headings, numbers, names): citations and quotes depend on them. */
  protectedMask?: readonly boolean[];
  /** Lexical salience per token (any scale, higher = keep); combined with the model's self-information. */
  salience?: readonly number[];
}

/** Which signal ranks tokens for eviction. */
export type TokenScorer =
  /** -log p(token | kept context) from the same evaluation that fills the KV cache (Selective Context). */
  | 'self-information'
  /** Only the lexical salience given with the segments: no per-token sampling cost, works with any backend. */
  | 'salience';

export interface EvictionOptions {
  /** Compression ratio r in [1, 16]: keep about 1/r of each segment's tokens. */
  ratio: number;
  /** Evicted unit size in tokens. Contiguous chunks keep the number of erase/shift calls low. Default 4. */
  chunkSize?: number;
  /** Weight of the (normalized) lexical salience relative to the (normalized) self-information. Default 0.5. */
  salienceWeight?: number;
}

/** What the build kept of one segment, in segment-relative token indices. */
export interface CompressedSegment {
  totalTokens: number;
  keptTokens: number;
  keptRanges: TokenRange[];
}

export const MIN_RATIO = 1;
export const MAX_RATIO = 16;
export const DEFAULT_CHUNK_SIZE = 4;
export const DEFAULT_SALIENCE_WEIGHT = 0.5;
