import { compressPlainText, type CompressedTextSegment, type CompressTextOptions } from './textCompression';
import { MAX_RATIO } from './types';
import type { CharRange } from '../index/charRanges';
import { estimateTokens, type CountTokens } from '../index/countTokens';
import type { Segment } from '../index/segmentDocument';

/** The question-independent part of a context: every segment compressed to about 1/ratio of its tokens. */
export interface CompressedDocument {
  ratio: number;
  /** Per segment, the character ranges of the original text that stay. */
  kept: { segment: Segment; ranges: CharRange[] }[];
  text: string;
  tokens: number;
}

/**
 * Compresses segment texts, one result per text (kept char ranges relative to each text). Default: the compression
 * module's model-free `compressPlainText` (lexical IDF prior, numbers and names protected); a model-scored variant
 * (self-information) has the same shape.
 */
export type SegmentCompressor = (texts: readonly string[], options: CompressTextOptions) => CompressedTextSegment[];

export interface CompressOptions {
  ratio: number;
  countTokens?: CountTokens;
  compressor?: SegmentCompressor;
  /** Pieces per eviction chunk. Default: the compression module's default. */
  chunkSize?: number;
  /**
   * Most tokens the compressed document may take. Protecting numbers and names can keep far more than 1/ratio of a
   * dense text (contracts, speaker-labelled transcripts); over this limit the document is compressed again without
   * protection, so the share of the budget left for expanded segments stays what the caller planned.
   */
  maxTokens?: number;
}

/** Between two kept runs of a segment: marks that text was dropped, so the model does not read the runs as adjacent. */
export const GAP = ' …';

/**
 * Text-level compression of a whole document, segment by segment, with the same selection rule as the KV-level
 * build, so the eval measures what the cached state keeps. Each segment is written as `[label] run … run`; runs are
 * verbatim slices of the original, so every kept character sits at a known offset. The ratio is capped at the KV
 * build's maximum.
 */
export function compressDocument(
  text: string,
  segments: readonly Segment[],
  options: CompressOptions,
): CompressedDocument {
  const count = options.countTokens ?? estimateTokens;
  const ratio = Math.min(MAX_RATIO, Math.max(1, options.ratio));
  const compress = options.compressor ?? compressPlainText;
  const texts = segments.map((s) => text.slice(s.start, s.end));
  const run = (protectStructure: boolean) => {
    const compressOptions: CompressTextOptions = { ratio, gapMarker: GAP, protectStructure };
    if (options.chunkSize !== undefined) compressOptions.chunkSize = options.chunkSize;
    return assemble(text, segments, compress(texts, compressOptions), ratio, count);
  };
  const protectedResult = run(true);
  if (options.maxTokens === undefined || protectedResult.tokens <= options.maxTokens) return protectedResult;
  return run(false);
}

function assemble(
  text: string,
  segments: readonly Segment[],
  results: readonly CompressedTextSegment[],
  ratio: number,
  count: CountTokens,
): CompressedDocument {
  const kept: CompressedDocument['kept'] = [];
  const lines: string[] = [];
  segments.forEach((segment, i) => {
    const result = results[i];
    const ranges: CharRange[] = (result?.keptCharRanges ?? []).map((r) => [
      segment.start + r.start,
      segment.start + r.end,
    ]);
    kept.push({ segment, ranges });
    lines.push(`[${segment.label}]${result?.text ?? ''}`);
  });
  const joined = lines.join('\n');
  return { ratio, kept, text: joined, tokens: count(joined) };
}
