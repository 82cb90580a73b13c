import type { LlamaModel, Token } from 'node-llama-cpp';
import { detectProtectedPieces, lexicalSalience, splitTextPieces } from './lexicalSalience';
import { rangesLength, selectKeptRanges } from './selectKeptRanges';
import type { EvictionOptions, TokenRange } from './types';

/** One segment as text pieces (model tokens' text, or `splitTextPieces` without a model). */
export interface TextSegment {
  pieces: readonly string[];
  /** -log p per piece when a model scored it; absent for model-free compression. */
  selfInformation?: ArrayLike<number>;
  /** Default: `lexicalSalience` over all the segments given together. */
  salience?: readonly number[];
  /** Default: `detectProtectedPieces` when `protectStructure` is set, else nothing protected. */
  protectedMask?: readonly boolean[];
}

export interface CompressTextOptions extends EvictionOptions {
  /** Protect numbers and mid-sentence capitalized words when a segment gives no mask. Default true. */
  protectStructure?: boolean;
  /** Put between two kept ranges that are not adjacent, so a reader sees that text was dropped. Default `''`. */
  gapMarker?: string;
}

export interface CompressedTextSegment {
  /** The kept pieces joined, with `gapMarker` at each gap. */
  text: string;
  keptRanges: TokenRange[];
  /** Character ranges of the kept text in the original segment text (`pieces.join('')`): evidence and citations. */
  keptCharRanges: TokenRange[];
  totalPieces: number;
  keptPieces: number;
}

/**
 * Text-level compression: the same selection as the KV-level build (`selectKeptRanges`), but the kept pieces are
 * returned as text instead of staying in a KV cache. The baseline against which soft KV compression is evaluated
 * (LLMLingua-style hard token dropping), and the path for remote backends, which take text only.
 */
export function compressText(segments: readonly TextSegment[], options: CompressTextOptions): CompressedTextSegment[] {
  const needsSalience = segments.some((segment) => !segment.salience);
  const salience = needsSalience ? lexicalSalience(segments.map((segment) => segment.pieces)) : [];
  return segments.map((segment, index) => {
    const protectedMask =
      segment.protectedMask ?? (options.protectStructure === false ? undefined : detectProtectedPieces(segment.pieces));
    const keptRanges = selectKeptRanges({
      length: segment.pieces.length,
      ratio: options.ratio,
      chunkSize: options.chunkSize,
      salienceWeight: options.salienceWeight,
      selfInformation: segment.selfInformation,
      salience: segment.salience ?? salience[index],
      protectedMask,
    });
    return {
      ...joinKept(segment.pieces, keptRanges, options.gapMarker ?? ''),
      keptRanges,
      totalPieces: segment.pieces.length,
      keptPieces: rangesLength(keptRanges),
    };
  });
}

/** Model-free convenience: compress plain text segments with the lexical prior alone. */
export function compressPlainText(texts: readonly string[], options: CompressTextOptions): CompressedTextSegment[] {
  return compressText(
    texts.map((text) => ({ pieces: splitTextPieces(text) })),
    options,
  );
}

/**
 * The text of each model token of a segment, such that the pieces concatenate to the segment's text. Each token is
 * detokenized with the few tokens before it as context, so SentencePiece's leading-space rule is applied as it is
 * inside the whole text rather than as at the start of a string.
 */
export function tokenPieces(model: LlamaModel, tokens: readonly Token[]): string[] {
  return tokens.map((token, i) => model.detokenize([token], false, tokens.slice(Math.max(0, i - 4), i)));
}

/** The text a compressed segment kept, from its model tokens and kept ranges (the sidecar's `keptRanges`). */
export function keptTextOfTokens(
  model: LlamaModel,
  tokens: readonly Token[],
  keptRanges: readonly TokenRange[],
  gapMarker = '',
): { text: string; keptCharRanges: TokenRange[] } {
  return joinKept(tokenPieces(model, tokens), keptRanges, gapMarker);
}

function joinKept(
  pieces: readonly string[],
  keptRanges: readonly TokenRange[],
  gapMarker: string,
): { text: string; keptCharRanges: TokenRange[] } {
  const starts: number[] = [0];
  for (const piece of pieces) starts.push((starts.at(-1) ?? 0) + piece.length);
  let text = '';
  const keptCharRanges: TokenRange[] = [];
  keptRanges.forEach((range, i) => {
    if (i > 0 || range.start > 0) text += gapMarker;
    text += pieces.slice(range.start, range.end).join('');
    keptCharRanges.push({ start: starts[range.start] ?? 0, end: starts[range.end] ?? 0 });
  });
  if ((keptRanges.at(-1)?.end ?? 0) < pieces.length && keptRanges.length > 0) text += gapMarker;
  return { text, keptCharRanges };
}
