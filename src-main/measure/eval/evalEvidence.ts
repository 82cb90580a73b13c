import { overlapLength, rangesLength, mergeRanges, type CharRange } from '../../engine/index/charRanges';
import { compressDocument, type SegmentCompressor } from '../../engine/compression/compressDocument';
import { estimateTokens, type CountTokens } from '../../engine/index/countTokens';
import { DEFAULT_PASSAGE_TOKENS } from '../../engine/index/passageIndex';
import { indexSegments } from '../../engine/index/retrieve';
import { DEFAULT_EXPANSION, expansionText, type ExpansionOptions } from '../../engine/index/selectExpansions';
import { DEFAULT_SEGMENT_TOKENS } from '../../engine/index/segmentDocument';
import { densePassageRanking } from '../../engine/onnx/densePassageRanking';
import type { EmbeddingModel } from '../../engine/onnx/loadEmbeddingModel';
import { overviewTitles } from '../../engine/qa/overviewTitles';
import { planContext, type ContextPlan } from '../../engine/qa/planContext';
import type { SegmentIndex } from '../../engine/index/retrieve';
import type { Segment } from '../../engine/index/segmentDocument';
import { hashSeed } from '../seededRandom';
import { randomDropBaseline, ragBaseline, truncateBaseline } from './evidenceBaselines';
import { listQaDatasets, loadQaDataset, type QaDataset, type QaQuestion } from './evidenceData';
import { prepareEvidenceDoc } from './prepareEvidenceDoc';

export interface EvalEvidenceOptions {
  /** Slider ratios r: the planner gets doc tokens / r, and so does every baseline. */
  ratios: number[];
  /** Dataset names (default: every qa dataset with at least one question with evidence). */
  datasets?: string[];
  /**
   * What scores the tokens of the compressed overview: the model-free lexical signal (default), the chat model's
   * self-information (`model`), or an LLMLingua-2 classifier (`llmlingua2`). `prepare` scores a document's segment
   * texts once (asynchronously) and returns the compressor for them.
   */
  tokenScorer?: TokenScorerHook;
  /** Token counter shared by every method (default: the model-free estimate). */
  countTokens?: CountTokens;
  /** Method settings, for parameter studies. */
  segmentTokens?: number;
  /** Use heading-like units as chapters (titles indexed with their segments). Default true. */
  headings?: boolean;
  titleWeight?: number;
  /** Passage grain of the expansion, in tokens (default: `indexPassages`'). */
  passageTokens?: number;
  /** How passages are ranked for expansion (default: `selectExpansions`'). */
  expansion?: ExpansionOptions;
  /** The passage cap of a machine (`passageCap`), to evaluate what a slow machine's plan keeps. Default none. */
  maxPassageTokens?: number;
  /** Plan as if the overview state were not built yet (the passages-only plan that answers first). */
  stateReady?: boolean;
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
  segmentWeight: number;
  windowWeight: number;
  half?: 'even' | 'odd';
  stateReady: boolean;
  maxPassageTokens?: number;
}

export interface EvidenceBaselines {
  truncate: number;
  rag: number;
  random: number;
}

/** The planner's split, averaged over the dataset's questions. */
export interface EvidenceSplit {
  /** Budget: doc tokens / r. */
  totalTokens: number;
  /** Tokens the question-independent overview takes as built (compressed document or titles). */
  overviewTokens: number;
  /** Tokens of the question's passages as written. */
  passageTokens: number;
  /** How many questions got each overview kind. */
  overview: Record<string, number>;
  /** Mean ratio of the compressed overview's state, where there was one. */
  overviewRatio?: number;
}

export interface EvidenceDatasetReport {
  name: string;
  questions: number;
  /** Mean over questions of the share of gold evidence characters the context holds at their original offsets. */
  recall: number;
  baselines: EvidenceBaselines;
  split: EvidenceSplit;
}

/** Which signals chose the context: how passages were ranked and what scored the tokens of the compressed overview. */
export interface EvidenceSignals {
  retrieval: string;
  tokenScores: string;
}

export interface EvidenceRatioReport {
  ratio: number;
  datasets: EvidenceDatasetReport[];
}

export interface EvalEvidenceReport {
  ratios: EvidenceRatioReport[];
  scorer: 'lexical' | 'model' | 'llmlingua2';
  signals: EvidenceSignals;
  method: EvidenceMethod;
}

/** Share of the gold characters inside the context's ranges (1 when there is no gold, which callers filter out). */
export function evidenceRecall(gold: readonly CharRange[], context: readonly CharRange[]): number {
  const total = rangesLength(gold);
  return total === 0 ? 1 : overlapLength(gold, context) / total;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

interface Tally {
  method: number[];
  truncate: number[];
  rag: number[];
  random: number[];
  total: number[];
  overviewTokens: number[];
  passageTokens: number[];
  overviewRatios: number[];
  kinds: Record<string, number>;
}

const emptyTally = (): Tally => ({
  method: [],
  truncate: [],
  rag: [],
  random: [],
  total: [],
  overviewTokens: [],
  passageTokens: [],
  overviewRatios: [],
  kinds: {},
});

type OverviewCache = Map<string, { ranges: CharRange[]; tokens: number }>;

export interface EvidenceContextInput {
  index: SegmentIndex;
  segments: readonly Segment[];
  docTokens: number;
  question: string;
  ratio: number;
  countTokens: CountTokens;
  expansion?: ExpansionOptions;
  options?: Pick<EvalEvidenceOptions, 'stateReady' | 'maxPassageTokens'>;
}

/**
 * The context the evaluation scores for one question: `planContext`'s plan (what `ask` appends) and the overview as
 * text-level compression realises it (cached per state ratio in `overviews`). Exported so a test can check that it
 * scores exactly the passages `ask` put in the model's context.
 */
export function evidenceContext(
  input: EvidenceContextInput,
  overviews: OverviewCache = new Map(),
  compressor?: SegmentCompressor,
): { plan: ContextPlan; overview: { ranges: CharRange[]; tokens: number } } {
  const { index, segments, countTokens: count, options = {} } = input;
  const titles = overviewTitles(segments);
  const plan = planContext({
    index,
    question: input.question,
    docTokens: input.docTokens,
    ratio: input.ratio,
    countTokens: count,
    ...(input.expansion ? { expansion: input.expansion } : {}),
    ...(titles === '' ? {} : { titleTokens: count(titles) }),
    ...(options.stateReady === false ? { stateReady: false } : {}),
    ...(options.maxPassageTokens === undefined ? {} : { maxPassageTokens: options.maxPassageTokens }),
  });
  let overview = { ranges: [] as CharRange[], tokens: 0 };
  if (plan.overview.kind === 'compressed') {
    const { ratio: stateRatio, tokens } = plan.overview;
    const key = `${stateRatio}`;
    const cached = overviews.get(key);
    if (cached) overview = cached;
    else {
      const c = compressDocument(index.text, segments, {
        ratio: stateRatio,
        countTokens: count,
        maxTokens: tokens,
        ...(compressor ? { compressor } : {}),
      });
      overview = { ranges: c.kept.flatMap((k) => k.ranges), tokens: c.tokens };
      overviews.set(key, overview);
    }
  } else if (plan.overview.kind === 'titles') overview = { ranges: [], tokens: plan.overview.tokens };
  return { plan, overview };
}

/**
 * Scores one dataset at every ratio. The method sees the document and the question only; gold evidence reaches
 * `evidenceRecall` alone. Segments and the index are built once per document, the overview once per (document,
 * ratio), as the app caches them; the context is what `planContext` returns for `ask`.
 */
export async function evalEvidenceDataset(
  dataset: QaDataset,
  options: EvalEvidenceOptions,
): Promise<EvidenceRatioReport[]> {
  const count = options.countTokens ?? estimateTokens;
  const tallies = options.ratios.map(emptyTally);
  const byDoc = new Map<string, QaQuestion[]>();
  const inHalf = (q: QaQuestion) =>
    options.half === undefined || (hashSeed(q.qid) % 2 === 0) === (options.half === 'even');
  for (const q of dataset.questions.filter(inHalf)) byDoc.set(q.doc_id, [...(byDoc.get(q.doc_id) ?? []), q]);
  for (const [docId, questions] of byDoc) {
    const doc = dataset.docs.get(docId);
    if (doc === undefined) continue;
    const { text } = doc;
    const segments = prepareEvidenceDoc(doc, count, options.segmentTokens, options.headings);
    const index = indexSegments(text, segments, {
      ...(options.titleWeight === undefined ? {} : { titleWeight: options.titleWeight }),
      ...(options.passageTokens === undefined ? {} : { passages: { passageTokens: options.passageTokens } }),
    });
    // The app's figure: the document's tokens are its segments' (text between units is in no segment).
    const docTokens = segments.reduce((sum, s) => sum + s.tokens, 0);
    const compressor = options.tokenScorer
      ? await options.tokenScorer.prepare(segments.map((s) => text.slice(s.start, s.end)))
      : undefined;
    const overviews: OverviewCache = new Map();
    for (const q of questions) {
      const dense = options.embeddings ? await densePassageRanking(options.embeddings, index, q.question) : undefined;
      const expansion = { ...options.expansion, ...(dense ? { dense } : {}) };
      options.ratios.forEach((ratio, r) => {
        const tally = tallies[r]!;
        const { plan, overview } = evidenceContext(
          { index, segments, docTokens, question: q.question, ratio, countTokens: count, expansion, options },
          overviews,
          compressor,
        );
        if (plan.overview.kind === 'compressed') tally.overviewRatios.push(plan.overview.ratio);
        tally.kinds[plan.overview.kind] = (tally.kinds[plan.overview.kind] ?? 0) + 1;
        const budget = plan.totalTokens;
        const context = mergeRanges([...plan.ranges, ...overview.ranges]);
        tally.method.push(evidenceRecall(q.evidence, context));
        tally.total.push(budget);
        tally.overviewTokens.push(overview.tokens);
        tally.passageTokens.push(
          plan.pieces.length === 0 ? 0 : count(plan.pieces.map((p) => expansionText(text, p)).join('')),
        );
        tally.truncate.push(evidenceRecall(q.evidence, truncateBaseline(text, budget, count)));
        tally.rag.push(evidenceRecall(q.evidence, ragBaseline(text, q.question, budget, count)));
        tally.random.push(evidenceRecall(q.evidence, randomDropBaseline(text, budget, count, hashSeed(q.qid))));
      });
    }
  }
  return options.ratios.map((ratio, r) => {
    const t = tallies[r]!;
    return {
      ratio,
      datasets: [
        {
          name: dataset.name,
          questions: t.method.length,
          recall: mean(t.method),
          baselines: { truncate: mean(t.truncate), rag: mean(t.rag), random: mean(t.random) },
          split: {
            totalTokens: Math.round(mean(t.total)),
            overviewTokens: Math.round(mean(t.overviewTokens)),
            passageTokens: Math.round(mean(t.passageTokens)),
            overview: t.kinds,
            ...(t.overviewRatios.length > 0 ? { overviewRatio: Math.round(mean(t.overviewRatios) * 100) / 100 } : {}),
          },
        },
      ],
    };
  });
}

/** `lectern eval evidence`: evidence recall of the planned context at budgets of doc/r, with baselines, per dataset. */
export async function evalEvidence(dataDir: string, options: EvalEvidenceOptions): Promise<EvalEvidenceReport> {
  const names = options.datasets ?? (await listQaDatasets(dataDir));
  const ratios: EvidenceRatioReport[] = options.ratios.map((ratio) => ({ ratio, datasets: [] }));
  for (const name of names) {
    const dataset = await loadQaDataset(dataDir, name);
    if (dataset.questions.length === 0 && options.datasets === undefined) continue;
    const perRatio = await evalEvidenceDataset(dataset, options);
    perRatio.forEach((report, r) => ratios[r]!.datasets.push(...report.datasets));
  }
  const method: EvidenceMethod = {
    segmentTokens: options.segmentTokens ?? DEFAULT_SEGMENT_TOKENS,
    passageTokens: options.passageTokens ?? DEFAULT_PASSAGE_TOKENS,
    ...DEFAULT_EXPANSION,
    ...options.expansion,
    ...(options.half ? { half: options.half } : {}),
    stateReady: options.stateReady !== false,
    ...(options.maxPassageTokens === undefined ? {} : { maxPassageTokens: options.maxPassageTokens }),
  };
  const scorer = options.tokenScorer?.kind ?? 'lexical';
  const signals: EvidenceSignals = {
    retrieval: options.embeddings ? `bm25+embeddings:${options.embeddings.id}` : 'bm25',
    tokenScores: options.tokenScorer ? `${scorer}:${options.tokenScorer.id}` : scorer,
  };
  return { ratios, scorer, signals, method };
}
