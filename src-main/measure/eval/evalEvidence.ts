import { buildContext, compressedRatioFor, DEFAULT_COMPRESSED_SHARE } from '../../engine/compression/buildContext';
import { overlapLength, rangesLength, type CharRange } from '../../engine/index/charRanges';
import { compressDocument, type SegmentCompressor } from '../../engine/compression/compressDocument';
import { estimateTokens, type CountTokens } from '../../engine/index/countTokens';
import { DEFAULT_PASSAGE_TOKENS } from '../../engine/index/passageIndex';
import { indexSegments } from '../../engine/index/retrieve';
import { DEFAULT_EXPANSION, type ExpansionOptions } from '../../engine/index/selectExpansions';
import { DEFAULT_SEGMENT_TOKENS, segmentDocument } from '../../engine/index/segmentDocument';
import { densePassageRanking } from '../../engine/onnx/densePassageRanking';
import type { EmbeddingModel } from '../../engine/onnx/loadEmbeddingModel';
import { hashSeed } from '../seededRandom';
import { randomDropBaseline, ragBaseline, truncateBaseline } from './evidenceBaselines';
import {
  hasHeadingLines,
  headingChapters,
  listQaDatasets,
  loadQaDataset,
  unitsOf,
  type QaDataset,
  type QaQuestion,
} from './evidenceData';

export interface EvalEvidenceOptions {
  /** Compression ratio R: every method gets doc tokens / R. */
  ratio: number;
  /** Dataset names (default: every qa dataset with at least one question with evidence). */
  datasets?: string[];
  /**
   * What scores the tokens of the compressed document: the model-free lexical signal (default), the chat model's
   * self-information (`model`), or an LLMLingua-2 classifier (`llmlingua2`). `prepare` scores a document's segment
   * texts once (asynchronously) and returns the compressor for them.
   */
  tokenScorer?: TokenScorerHook;
  /** Token counter shared by every method (default: the model-free estimate). */
  countTokens?: CountTokens;
  /** Method settings, for parameter studies. */
  segmentTokens?: number;
  compressedShare?: number;
  /** Use heading-like units as chapters (titles indexed with their segments). Default true. */
  headings?: boolean;
  titleWeight?: number;
  /** Passage grain of the expansion, in tokens (default: `indexPassages`'). */
  passageTokens?: number;
  /** How passages are ranked for expansion (default: `selectExpansions`'). */
  expansion?: ExpansionOptions;
  /**
   * Only the questions whose id hashes to an even (or odd) number: parameters are chosen on one half and checked on
   * the other, so a figure on all questions is not a figure on the data the parameters were fitted to.
   */
  half?: 'even' | 'odd';
  /** A sentence-embedding model: passages are then ranked by BM25 and cosine, fused (hybrid retrieval). */
  embeddings?: EmbeddingModel;
}

export interface TokenScorerHook {
  kind: 'model' | 'llmlingua2';
  /** The scoring model's id, printed with the report. */
  id: string;
  prepare(texts: readonly string[]): Promise<SegmentCompressor>;
}

/** The settings that produced a report. */
export interface EvidenceMethod {
  segmentTokens: number;
  passageTokens: number;
  compressedShare: number;
  segmentWeight: number;
  windowWeight: number;
  half?: 'even' | 'odd';
}

export interface EvidenceBaselines {
  truncate: number;
  rag: number;
  random: number;
}

export interface EvidenceDatasetReport {
  name: string;
  questions: number;
  /** Mean over questions of the share of gold evidence characters the context holds at their original offsets. */
  recall: number;
  baselines: EvidenceBaselines;
}

/** Which signals chose the context: how passages were ranked and what scored the tokens of the compressed document. */
export interface EvidenceSignals {
  retrieval: string;
  tokenScores: string;
}

export interface EvalEvidenceReport {
  ratio: number;
  scorer: 'lexical' | 'model' | 'llmlingua2';
  signals: EvidenceSignals;
  method: EvidenceMethod;
  datasets: EvidenceDatasetReport[];
}

/** Share of the gold characters inside the context's ranges (1 when there is no gold, which callers filter out). */
export function evidenceRecall(gold: readonly CharRange[], context: readonly CharRange[]): number {
  const total = rangesLength(gold);
  return total === 0 ? 1 : overlapLength(gold, context) / total;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Scores one dataset. The method sees the document and the question only; gold evidence reaches `evidenceRecall`
 * alone. Segments, the index and the compressed document are built once per document, as the app caches them.
 */
export async function evalEvidenceDataset(
  dataset: QaDataset,
  options: EvalEvidenceOptions,
): Promise<EvidenceDatasetReport> {
  const count = options.countTokens ?? estimateTokens;
  const share = options.compressedShare ?? DEFAULT_COMPRESSED_SHARE;
  const method: number[] = [];
  const truncate: number[] = [];
  const rag: number[] = [];
  const random: number[] = [];
  const byDoc = new Map<string, QaQuestion[]>();
  const inHalf = (q: QaQuestion) =>
    options.half === undefined || (hashSeed(q.qid) % 2 === 0) === (options.half === 'even');
  for (const q of dataset.questions.filter(inHalf)) byDoc.set(q.doc_id, [...(byDoc.get(q.doc_id) ?? []), q]);
  for (const [docId, questions] of byDoc) {
    const doc = dataset.docs.get(docId);
    if (doc === undefined) continue;
    const { text } = doc;
    const units = unitsOf(doc);
    const segments = segmentDocument(
      { text, units },
      {
        maxTokens: options.segmentTokens ?? DEFAULT_SEGMENT_TOKENS,
        countTokens: count,
        ...(options.headings === false || !hasHeadingLines(doc) ? {} : { chapters: headingChapters(text, units) }),
      },
    );
    const index = indexSegments(text, segments, {
      ...(options.titleWeight === undefined ? {} : { titleWeight: options.titleWeight }),
      ...(options.passageTokens === undefined ? {} : { passages: { passageTokens: options.passageTokens } }),
    });
    const budget = Math.floor(count(text) / options.ratio);
    const compressor = options.tokenScorer
      ? await options.tokenScorer.prepare(segments.map((s) => text.slice(s.start, s.end)))
      : undefined;
    const compressed =
      share > 0
        ? compressDocument(text, segments, {
            ratio: compressedRatioFor(options.ratio, share),
            countTokens: count,
            maxTokens: Math.floor(budget * share),
            ...(compressor ? { compressor } : {}),
          })
        : undefined;
    for (const q of questions) {
      const dense = options.embeddings ? await densePassageRanking(options.embeddings, index, q.question) : undefined;
      const expansion = { ...options.expansion, ...(dense ? { dense } : {}) };
      const context = buildContext({
        index,
        question: q.question,
        budget,
        countTokens: count,
        ...(compressed ? { compressed } : {}),
        expansion,
      });
      method.push(evidenceRecall(q.evidence, context.ranges));
      truncate.push(evidenceRecall(q.evidence, truncateBaseline(text, budget, count)));
      rag.push(evidenceRecall(q.evidence, ragBaseline(text, q.question, budget, count)));
      random.push(evidenceRecall(q.evidence, randomDropBaseline(text, budget, count, hashSeed(q.qid))));
    }
  }
  return {
    name: dataset.name,
    questions: method.length,
    recall: mean(method),
    baselines: { truncate: mean(truncate), rag: mean(rag), random: mean(random) },
  };
}

/** `lectern eval evidence`: evidence recall of the final context at a budget of doc/R, with baselines, per dataset. */
export async function evalEvidence(dataDir: string, options: EvalEvidenceOptions): Promise<EvalEvidenceReport> {
  const names = options.datasets ?? (await listQaDatasets(dataDir));
  const datasets: EvidenceDatasetReport[] = [];
  for (const name of names) {
    const dataset = await loadQaDataset(dataDir, name);
    if (dataset.questions.length === 0 && options.datasets === undefined) continue;
    datasets.push(await evalEvidenceDataset(dataset, options));
  }
  const method: EvidenceMethod = {
    segmentTokens: options.segmentTokens ?? DEFAULT_SEGMENT_TOKENS,
    passageTokens: options.passageTokens ?? DEFAULT_PASSAGE_TOKENS,
    compressedShare: options.compressedShare ?? DEFAULT_COMPRESSED_SHARE,
    ...DEFAULT_EXPANSION,
    ...options.expansion,
    ...(options.half ? { half: options.half } : {}),
  };
  const scorer = options.tokenScorer?.kind ?? 'lexical';
  const signals: EvidenceSignals = {
    retrieval: options.embeddings ? `bm25+embeddings:${options.embeddings.id}` : 'bm25',
    tokenScores: options.tokenScorer ? `${scorer}:${options.tokenScorer.id}` : scorer,
  };
  return { ratio: options.ratio, scorer, signals, method, datasets };
}
