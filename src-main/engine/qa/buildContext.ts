import { mergeRanges, type CharRange } from './charRanges';
import type { CompressedDocument } from './compressDocument';
import { estimateTokens, type CountTokens } from './countTokens';
import type { RetrievedSegment, SegmentIndex } from './retrieve';
import type { Segment } from './segmentDocument';
import { scoreSentences } from './selectPassages';

/** What `ask` puts before the question, and which original characters it holds. */
export interface BuiltContext {
  text: string;
  tokens: number;
  /** Merged character ranges of the original document that appear verbatim in `text`. */
  ranges: [number, number][];
  /** Segments appended at full resolution, in document order. */
  expanded: Segment[];
  /** Sentence excerpts that filled the budget left after the whole segments (id, range). */
  excerpts: { segmentId: string; start: number; end: number }[];
  compressedTokens: number;
}

export interface BuildContextInput {
  text: string;
  /** The document compressed once for this ratio (question-independent, like the cached KV state); may be absent. */
  compressed?: CompressedDocument;
  index: SegmentIndex;
  /** Retrieved segments, best first. */
  ranked: readonly RetrievedSegment[];
  question: string;
  /** Total token budget of the context. */
  budget: number;
  countTokens?: CountTokens;
}

export const EXPANDED_HEADER = '\n\n[Full text of the most relevant segments]\n';

/** The share of the budget given to the compressed document when the caller has no better figure (see evalEvidence). */
export const DEFAULT_COMPRESSED_SHARE = 0.25;

/**
 * The compression ratio for the question-independent compressed document so that it takes about `compressedShare`
 * of a budget of doc/R tokens; what is left is for expanded segments. Capped by the caller at the KV build's limit.
 */
export function compressedRatioFor(ratio: number, compressedShare = DEFAULT_COMPRESSED_SHARE): number {
  return ratio / Math.max(1e-6, compressedShare);
}

/**
 * Compress, sense, expand (REFRAG): the compressed document, then the retrieved segments at full resolution with
 * their labels, best first while they fit, then the best sentences (EXIT-style, with neighbours) of the next
 * retrieved segments to use the budget's remainder. Never exceeds `budget` as counted on the final text.
 */
export function buildContext(input: BuildContextInput): BuiltContext {
  const count = input.countTokens ?? estimateTokens;
  const { text, budget } = input;
  const compressedText =
    input.compressed !== undefined && input.compressed.tokens <= budget ? input.compressed : undefined;
  const base = compressedText?.text ?? '';
  const baseTokens = base === '' ? 0 : count(base);
  const header = base === '' ? '' : EXPANDED_HEADER;
  let left = budget - baseTokens - count(header);

  const chosen: Segment[] = [];
  for (const { segment } of input.ranked) {
    if (left <= 0) break;
    const cost = count(pieceText(text, segment.label, segment.start, segment.end));
    if (cost <= left) {
      chosen.push(segment);
      left -= cost;
    }
  }

  // Fill what is left with the best sentences of retrieved segments not expanded whole.
  const excerpts: BuiltContext['excerpts'] = [];
  if (left > 0) {
    const rest = input.ranked.filter((r) => !chosen.includes(r.segment));
    const sentences = scoreSentences(text, input.index, rest, input.question)
      .filter((s) => s.score > 0)
      .sort((a, b) => b.score - a.score || a.start - b.start);
    for (const s of sentences) {
      const cost = count(pieceText(text, s.segment.label, s.start, s.end));
      if (cost > left) continue;
      excerpts.push({ segmentId: s.segment.id, start: s.start, end: s.end });
      left -= cost;
      if (left <= 0) break;
    }
  }

  let result = assemble(input, compressedText, header, chosen, excerpts, count);
  // A model tokenizer is not additive: if the joined text came out longer, drop the last additions until it fits.
  while (result.tokens > budget && (excerpts.length > 0 || chosen.length > 0)) {
    if (excerpts.length > 0) excerpts.pop();
    else chosen.pop();
    result = assemble(input, compressedText, header, chosen, excerpts, count);
  }
  return result;
}

function pieceText(text: string, label: string, start: number, end: number): string {
  return `[${label}]\n${text.slice(start, end)}\n`;
}

function assemble(
  input: BuildContextInput,
  compressed: CompressedDocument | undefined,
  header: string,
  chosen: readonly Segment[],
  excerpts: BuiltContext['excerpts'],
  count: CountTokens,
): BuiltContext {
  const { text } = input;
  const labelOf = new Map(input.ranked.map((r) => [r.segment.id, r.segment.label]));
  const pieces = [
    ...chosen.map((s) => ({ start: s.start, end: s.end, label: s.label })),
    ...excerpts.map((e) => ({
      start: e.start,
      end: e.end,
      label: `${labelOf.get(e.segmentId) ?? e.segmentId} excerpt`,
    })),
  ].sort((a, b) => a.start - b.start);
  const expandedText = pieces.map((p) => pieceText(text, p.label, p.start, p.end)).join('');
  const full = (compressed?.text ?? '') + (pieces.length > 0 ? header : '') + expandedText;
  const ranges: CharRange[] = pieces.map((p) => [p.start, p.end]);
  for (const k of compressed?.kept ?? []) ranges.push(...k.ranges);
  return {
    text: full,
    tokens: count(full),
    ranges: mergeRanges(ranges),
    expanded: chosen.toSorted((a, b) => a.start - b.start),
    excerpts: excerpts.toSorted((a, b) => a.start - b.start),
    compressedTokens: compressed?.tokens ?? 0,
  };
}
