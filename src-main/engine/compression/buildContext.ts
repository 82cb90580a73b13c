import { mergeRanges, type CharRange } from '../index/charRanges';
import type { CompressedDocument } from './compressDocument';
import { estimateTokens, type CountTokens } from '../index/countTokens';
import type { SegmentIndex } from '../index/retrieve';
import { expansionText, selectExpansions, type ExpansionOptions, type ExpansionPiece } from '../index/selectExpansions';

/** What `ask` puts before the question, and which original characters it holds. */
export interface BuiltContext {
  text: string;
  tokens: number;
  /** Merged character ranges of the original document that appear verbatim in `text`. */
  ranges: [number, number][];
  /** Pieces appended at full resolution, in document order. */
  pieces: ExpansionPiece[];
  compressedTokens: number;
}

export interface BuildContextInput {
  /** The document compressed once for this ratio (question-independent, like the cached KV state); may be absent. */
  compressed?: CompressedDocument;
  index: SegmentIndex;
  question: string;
  /** Total token budget of the context. */
  budget: number;
  countTokens?: CountTokens;
  expansion?: ExpansionOptions;
}

export const EXPANDED_HEADER = '\n\n[Full text of the most relevant passages]\n';

/**
 * The share of the budget given to the compressed document when the caller has no better figure. At R = 4 it is also
 * the least the compressed document can take: its ratio R / share is capped at the KV build's 16 (see evalEvidence).
 */
export const DEFAULT_COMPRESSED_SHARE = 0.25;

/**
 * The compression ratio for the question-independent compressed document so that it takes about `compressedShare`
 * of a budget of doc/R tokens; what is left is for expanded passages. Capped by the caller at the KV build's limit.
 */
export function compressedRatioFor(ratio: number, compressedShare = DEFAULT_COMPRESSED_SHARE): number {
  return ratio / Math.max(1e-6, compressedShare);
}

/**
 * Compress, sense, expand (REFRAG): the compressed document, then the passages `selectExpansions` picks for the
 * question at full resolution with their labels, in document order. Never exceeds `budget` as counted on the final
 * text.
 */
export function buildContext(input: BuildContextInput): BuiltContext {
  const count = input.countTokens ?? estimateTokens;
  const { budget } = input;
  const compressed = input.compressed !== undefined && input.compressed.tokens <= budget ? input.compressed : undefined;
  const base = compressed?.text ?? '';
  const header = base === '' ? '' : EXPANDED_HEADER;
  let left = budget - (base === '' ? 0 : count(base)) - count(header);
  for (;;) {
    const result = assemble(
      input.index.text,
      compressed,
      header,
      selectExpansions(input.index, input.question, left, count, input.expansion),
      count,
    );
    // A model tokenizer is not additive across the joins: give the overflow back and choose again.
    if (result.tokens <= budget || result.pieces.length === 0) return result;
    left -= result.tokens - budget;
  }
}

function assemble(
  text: string,
  compressed: CompressedDocument | undefined,
  header: string,
  pieces: ExpansionPiece[],
  count: CountTokens,
): BuiltContext {
  const expandedText = pieces.map((p) => expansionText(text, p)).join('');
  const full = (compressed?.text ?? '') + (pieces.length > 0 ? header : '') + expandedText;
  const ranges: CharRange[] = pieces.map((p) => [p.start, p.end]);
  for (const k of compressed?.kept ?? []) ranges.push(...k.ranges);
  return {
    text: full,
    tokens: count(full),
    ranges: mergeRanges(ranges),
    pieces,
    compressedTokens: compressed?.tokens ?? 0,
  };
}
