export type { ContextMode } from './ActiveState';
export type { LocalModelAskerOptions } from './LocalModelAskerOptions';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import type { AskResult } from '../../../src-shared/domain/answer';
import type { Chapter } from '../../../src-shared/domain/chapter';
import { BuildCheckpoints } from '../compression/BuildCheckpoints';
import { CompressedStateCache } from '../compression/CompressedStateCache';
import { compressDocument } from '../compression/compressDocument';
import { MAX_RATIO } from '../compression/types';
import { hashModelFile } from '../compression/hashModelFile';
import { KvConversation } from '../compression/KvConversation';
import { PrefixReuse } from '../compression/PrefixReuse';
import {
  compressedStateKeyFor,
  prepareCompressedState,
  type PrepareCompressedStateInput,
} from '../compression/prepareCompressedState';
import type { CompressionCost, ModelAsker, PrepareResult } from './Asker';
import { throwIfCancelled, type StageContext } from '../jobs/JobRunner';
import { YieldGate } from '../jobs/YieldGate';
import type { LoadedModel } from '../llm/ModelManager';
import type { DocumentIndex } from '../index/documentIndex';
import { answerTurn } from './answerTurn';
import { keptTokens } from './compressedFit';
import { localPlanInput } from './localPlanInput';
import { overviewTitles } from './overviewTitles';
import { PassageOnlyAnswers } from './PassageOnlyAnswers';
import { passageCap, planBudget, planFit, type ContextBudget, type PlanBudgetInput } from './planBudget';
import { promptFrame, type PromptFrame } from './promptFrame';
import { compressedStateInput } from './compressedStateInput';
import { takeWarning, type ActiveState, type ContextMode } from './ActiveState';
import type { LocalModelAskerOptions } from './LocalModelAskerOptions';
import { evaluateTextPrefix } from './evaluateTextPrefix';
import { summariesReady, summaryPrefix } from './summaryPrefix';
import { preparingNote, trackPreparation, type Preparation } from './trackPreparation';

const DOCUMENT_INTRO = 'Document (some words are left out to save space; each passage starts with its label):\n';
// Room kept for the question's own words when deciding whether the compressed document fits.
const QUESTION_RESERVE = 256;
// The longest a question waits for the model file's hash before it is answered from passages.
const HASH_WAIT_MS = 250;

/**
 * Asks with the loaded chat model. A prepared document (its compressed KV state, or chapter summaries when even that
 * does not fit) holds a conversation in the main context: each question appends only its passages, question and
 * answer (see KvConversation). Until it is prepared, questions are answered at once from passages in a small context
 * of their own (PassageOnlyAnswers), and a running preparation yields to them at segment boundaries.
 */
export class LocalModelAsker implements ModelAsker {
  readonly id: string;
  readonly #cache: CompressedStateCache;
  #sequence?: LlamaContextSequence;
  #frame?: PromptFrame;
  #active?: ActiveState;
  #queue: Promise<unknown> = Promise.resolve();
  #modelHash?: Promise<string>;
  readonly #checkpoints: BuildCheckpoints;
  /** Held by questions while they run; a build passes it at each segment boundary. */
  readonly #gate = new YieldGate();
  /** The preparation running now, if any, and how far it has come. */
  #building?: Preparation;
  #resumedSegments = 0;
  #modelHashValue?: string;
  readonly #passageAnswers: PassageOnlyAnswers;

  constructor(private readonly options: LocalModelAskerOptions) {
    this.id = options.loaded.entry.id;
    this.#cache = new CompressedStateCache(options.cacheDir);
    this.#checkpoints = new BuildCheckpoints(options.cacheDir);
    this.#passageAnswers = new PassageOnlyAnswers({
      loaded: options.loaded,
      frame: async () => (this.#frame ??= await promptFrame(this.model)),
      maxAnswerTokens: options.maxAnswerTokens ?? 512,
      ...(options.maxPassageTokens !== undefined ? { maxPassageTokens: options.maxPassageTokens } : {}),
      planInput: (index, ratio, contextSize) => this.#planInput(index, ratio, contextSize),
      onPromptSpeed: (speed) => (this.#promptSpeed = speed),
    });
    this.#passageAnswers.warm();
    // At start: a killed save's temporary file (about the size of a state) goes now, not after the next save.
    void this.#cache.enforceLimit().catch(() => undefined);
    // Hashed in the background from the start: until it is known, questions are answered from passages.
    this.modelHash().then((hash) => (this.#modelHashValue = hash), () => undefined); // prettier-ignore
  }

  get loaded(): LoadedModel {
    return this.options.loaded;
  }

  get model(): LlamaModel {
    return this.options.loaded.model;
  }

  countTokens = (text: string): number => this.model.tokenize(text).length;

  /** The loaded model file's sha256 (computed once): what cached states and summaries are keyed by. */
  modelHash(): Promise<string> {
    this.#modelHash ??= hashModelFile(this.options.loaded.entry.path);
    return this.#modelHash;
  }

  get #maxAnswer(): number {
    return this.options.maxAnswerTokens ?? 512;
  }

  /** One operation on the sequence at a time (asking and preparing share it). */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #claimSequence(): LlamaContextSequence {
    this.#sequence ??= this.options.loaded.context.getSequence();
    return this.#sequence;
  }

  async #input(index: DocumentIndex, ratio: number): Promise<PrepareCompressedStateInput> {
    this.#frame ??= await promptFrame(this.model);
    return compressedStateInput({
      model: this.model,
      index,
      ratio,
      sequence: this.#claimSequence(),
      prefix: [...this.#frame.head, ...this.model.tokenize(DOCUMENT_INTRO)],
      cache: this.#cache,
      checkpoints: this.#checkpoints,
      modelHash: await this.modelHash(),
      compressor: this.options.compressor?.(),
    });
  }

  /** Prompt tokens per second, measured on this model's last question (its passages and question against the prefix). */
  #promptSpeed?: number;

  /**
   * The plan's budgets for (document, slider ratio) on this model. `planBudget` decides; this only says what the
   * model leaves (context size, the frame, the question and the answer) and what it measured (prompt speed).
   */
  #planInput(index: DocumentIndex, ratio: number, contextSize?: number): PlanBudgetInput {
    return localPlanInput({
      index,
      ratio,
      contextSize: contextSize ?? this.options.loaded.context.contextSize,
      frame: this.#frame as PromptFrame,
      reserveTokens: QUESTION_RESERVE + this.#maxAnswer,
      summaries: this.options.summaries !== undefined,
      countTokens: this.countTokens,
      maxPassageTokens: this.options.maxPassageTokens ?? passageCap(this.#promptSpeed, this.options.passageSeconds),
    });
  }

  async #budget(index: DocumentIndex, ratio: number): Promise<ContextBudget> {
    this.#frame ??= await promptFrame(this.model);
    return planBudget(this.#planInput(index, ratio));
  }

  /**
   * Whether the built state (labels are protected, so it can keep more than planned) still leaves room for a question
   * and an answer. Decided per (document, ratio), not per question, so the mode does not flip between follow-ups.
   */
  #fitsCompressed(input: PrepareCompressedStateInput): boolean {
    const kept = keptTokens(input.prefix?.length ?? 1, input.segments, input.ratio);
    return kept + QUESTION_RESERVE + this.#maxAnswer <= this.options.loaded.context.contextSize;
  }

  /** Leaves the document's prefix, the plan's overview, in the sequence (reused with its conversation, or built). */
  async #ensureState(
    index: DocumentIndex,
    ratio: number,
    ctx: StageContext,
    chapters: readonly Chapter[] | undefined,
    yieldPoint?: () => Promise<void>,
  ): Promise<ActiveState> {
    const { overview } = await this.#budget(index, ratio);
    this.#resumedSegments = 0;
    if (overview.kind === 'summaries') return this.#ensureSummaryState(index, ctx, chapters, overview.tokens);
    if (overview.kind === 'titles') return this.#ensureTextState(index, 'titles', overviewTitles(index.segments));
    if (overview.kind === 'none') return this.#ensureTextState(index, 'passages', []);
    if (this.#textOnly) {
      const text = this.#textOverview(index, overview);
      // As for a KV state that does not fit: chapter summaries stand in (or the plan is refused without a store).
      if (text === undefined) return this.#ensureSummaryState(index, ctx, chapters, overview.tokens);
      return this.#ensureTextState(index, 'text', text);
    }
    const input = await this.#input(index, overview.ratio);
    if (!this.#fitsCompressed(input)) return this.#ensureSummaryState(index, ctx, chapters, overview.tokens);
    const key = JSON.stringify(compressedStateKeyFor(input));
    if (this.#active?.key === key) return this.#active;
    this.#active = undefined;
    const prepared = await prepareCompressedState({ ...input, ...(yieldPoint ? { yieldPoint } : {}) }, ctx);
    this.#resumedSegments = prepared.resumedSegments;
    const active = this.#activate(key, index.doc.id, 'compressed', prepared.sidecar.stateBytes);
    if (prepared.saveFailed) active.warning = prepared.saveFailed;
    return active;
  }

  /** The model's memory cannot have ranges erased (recurrent, hybrid, or a windowed SWA cache): compress the text. */
  get #textOnly(): boolean {
    return this.options.loaded.info.compression.mode === 'text';
  }

  /**
   * The compressed overview as text: the planner's ratio and tokens, the KV build's selection rule. Protected words
   * can keep more than 1/r; a few more passes at the ratio that would fit, then undefined when even that is too big.
   */
  #textOverview(index: DocumentIndex, overview: { ratio: number; tokens: number }): string | undefined {
    const room = Math.max(0, overview.tokens - this.countTokens(DOCUMENT_INTRO));
    const compress = (ratio: number) =>
      compressDocument(index.doc.text, index.segments, { ratio, countTokens: this.countTokens, maxTokens: room });
    let ratio = overview.ratio;
    let compressed = compress(ratio);
    for (let pass = 0; pass < 4 && compressed.tokens > room && ratio < MAX_RATIO; pass++) {
      ratio = Math.min(MAX_RATIO, Math.max(ratio * 1.1, (ratio * compressed.tokens) / Math.max(1, room)));
      compressed = compress(ratio);
    }
    if (compressed.tokens > room) return undefined;
    return compressed.text ? `${DOCUMENT_INTRO}${compressed.text}\n\n` : '';
  }

  #activate(key: string, docId: string, mode: ContextMode, stateBytes: number): ActiveState {
    const conversation = new KvConversation(new PrefixReuse(this.#claimSequence()));
    this.#active = { key, docId, mode, conversation, stateBytes };
    return this.#active;
  }

  /** The summaries prefix: every chapter's summary (written now where missing), labelled with its chapter. */
  async #ensureSummaryState(
    index: DocumentIndex,
    ctx: StageContext,
    chapters: readonly Chapter[] | undefined,
    budgetTokens: number,
  ): Promise<ActiveState> {
    const sequence = this.#claimSequence();
    const { overview, modelCalls } = await summaryPrefix({
      loaded: this.options.loaded,
      sequence,
      index,
      chapters,
      store: this.options.summaries?.(),
      modelHash: await this.modelHash(),
      maxSummaryTokens: this.options.summaryTokens ?? 160,
      budgetTokens,
      ctx,
    });
    // Writing summaries used the sequence: whatever prefix it held is gone.
    if (modelCalls > 0) {
      this.#active = undefined;
      await sequence.clearHistory();
    }
    return this.#ensureTextState(index, 'summaries', overview);
  }

  /** An overview (summaries, titles, or nothing) evaluated after the frame as the prefix. */
  async #ensureTextState(index: DocumentIndex, mode: ContextMode, overview: string | Token[]): Promise<ActiveState> {
    const body = typeof overview === 'string' ? (overview ? this.model.tokenize(overview) : []) : overview;
    const prefix = [...(this.#frame as PromptFrame).head, ...body];
    const key = `${mode}:${index.doc.id}:${createHash('sha256').update(JSON.stringify(prefix)).digest('hex')}`;
    if (this.#active?.key === key) return this.#active;
    this.#active = undefined;
    const sequence = this.#claimSequence();
    const stateBytes = await evaluateTextPrefix(this.options.loaded, sequence, prefix, {
      room: QUESTION_RESERVE + this.#maxAnswer,
      what: mode === 'summaries' ? 'chapter summaries' : 'overview',
    });
    // A recurrent state (or a windowed cache) cannot drop a question's tail: a checkpoint of the prefix lets
    // node-llama-cpp restore it instead of evaluating the document again for every follow-up. No-op elsewhere.
    if (sequence.needsCheckpoints) await sequence.takeCheckpoint();
    return this.#activate(key, index.doc.id, mode, stateBytes);
  }

  /**
   * Prepares the document for questions at `ratio` (builds and saves its compressed state, or writes its chapter
   * summaries when even that does not fit), resuming from a checkpoint when one exists. Yields at every segment
   * boundary to questions (which run on their own context meanwhile) and to a pause, and reports an ETA from the
   * speed measured in this run.
   */
  prepare(
    index: DocumentIndex,
    ratio: number,
    ctx: StageContext,
    chapters?: readonly Chapter[],
  ): Promise<PrepareResult & { mode: ContextMode; resumedSegments: number }> {
    return this.#exclusive(async () => {
      const building: Preparation = { docId: index.doc.id, ratio, done: 0, total: index.segments.length };
      this.#building = building;
      const { ctx: progress, yieldPoint } = trackPreparation(ctx, building, this.#gate);
      try {
        const active = await this.#ensureState(index, ratio, progress, chapters, yieldPoint);
        return { mode: active.mode, resumedSegments: this.#resumedSegments };
      } finally {
        this.#building = undefined;
      }
    });
  }

  async estimate(index: DocumentIndex, ratio: number): Promise<CompressionCost> {
    const budget = await this.#budget(index, ratio);
    const { fits, smallestFittingRatio } = planFit(this.#planInput(index, ratio));
    const { info, context } = this.options.loaded;
    const kvBytes = info.contextSize > 0 ? Math.round((budget.totalTokens * info.kvCacheBytes) / info.contextSize) : 0;
    // What the slider promises: the model holds at most this share of the document, overview and passages together.
    return {
      keptTokens: budget.totalTokens,
      docTokens: index.docTokens,
      kvBytes,
      ready: await this.#ready(index, ratio, undefined),
      contextSize: context.contextSize,
      fits,
      ...(smallestFittingRatio !== undefined ? { smallestFittingRatio } : {}),
      compression: info.compression.mode,
      attention: info.compression.attention,
    };
  }

  /**
   * Answers at once: over the document's prepared state when it is ready (and no build holds the sequence), else
   * from a passages-only context of its own, with a note saying so and how far the preparation has come. A
   * question never waits for a build: the build yields to it at its next segment boundary.
   */
  async ask(
    index: DocumentIndex,
    question: string,
    ratio: number,
    ctx: StageContext,
    onText: (text: string) => void,
    chapters?: readonly Chapter[],
    dense?: readonly number[],
  ): Promise<AskResult> {
    ctx.onProgress({ phase: 'preparing', done: 0, total: 1 });
    if (!this.#building && (await this.#ready(index, ratio, chapters)))
      return this.#exclusive(() => this.#askWhole(index, question, ratio, ctx, onText, chapters, dense));
    const note = preparingNote(this.#building, index.doc.id, ratio);
    const release = this.#gate.hold();
    try {
      return await this.#passageAnswers.ask(index, question, ratio, ctx, onText, note, dense);
    } finally {
      release();
    }
  }

  /** Whether the document's question-independent part for `ratio` exists for this model (built, or summarised). */
  async #ready(index: DocumentIndex, ratio: number, chapters: readonly Chapter[] | undefined): Promise<boolean> {
    const { overview } = await this.#budget(index, ratio);
    // Titles, no overview and a text-compressed one are text evaluated with the question: nothing to prepare.
    if (overview.kind === 'titles' || overview.kind === 'none' || this.#textOnly) return true;
    // Until the model file is hashed nothing can be found ready; hashing a large GGUF must not delay an answer by
    // more than a moment (a small model's hash is done by then, so a fresh process still finds its states).
    if (this.#modelHashValue === undefined)
      await Promise.race([this.modelHash().catch(() => ''), new Promise((r) => setTimeout(r, HASH_WAIT_MS))]);
    if (this.#modelHashValue === undefined) return false;
    if (overview.kind === 'compressed') {
      const input = await this.#input(index, overview.ratio);
      if (this.#fitsCompressed(input)) {
        const key = compressedStateKeyFor(input);
        // The file names are derived from every key field, so their presence means this exact state was built.
        const onDisk = existsSync(this.#cache.sidecarPath(key)) && existsSync(this.#cache.statePath(key));
        return this.#active?.key === JSON.stringify(key) || onDisk;
      }
    }
    const store = this.options.summaries?.();
    return store ? summariesReady(store, this.#modelHashValue, index, chapters) : false;
  }

  async #askWhole(
    index: DocumentIndex,
    question: string,
    ratio: number,
    ctx: StageContext,
    onText: (text: string) => void,
    chapters: readonly Chapter[] | undefined,
    dense: readonly number[] | undefined,
  ): Promise<AskResult> {
    const prepareStart = performance.now();
    const active = await this.#ensureState(index, ratio, ctx, chapters);
    const prepareMs = performance.now() - prepareStart;
    throwIfCancelled(ctx.signal);
    const { ttftMs, decodeTokPerS, promptTokensPerSecond, ...turn } = await answerTurn({
      model: this.model,
      frame: this.#frame as PromptFrame,
      conversation: active.conversation,
      index,
      question,
      plan: this.#planInput(index, ratio),
      maxAnswerTokens: this.#maxAnswer,
      ctx,
      onText,
      ...(dense ? { dense } : {}),
    });
    if (promptTokensPerSecond !== undefined) this.#promptSpeed = promptTokensPerSecond;
    return {
      mode: 'generated',
      ...turn,
      passages: [],
      timings: { prepareMs: Math.round(prepareMs), ttftMs, decodeTokPerS },
      stateBytes: active.stateBytes,
      ratio,
      contextMode: active.mode,
      ...takeWarning(active),
    };
  }

  /** Forgets the conversation about `docId` in the KV cache (the next question starts from the document alone). */
  forget(docId: string): Promise<void> {
    return this.#exclusive(async () => {
      await this.#passageAnswers.forget(docId);
      if (this.#active?.docId === docId) await this.#active.conversation.reset();
    });
  }

  /**
   * Lends the sequence to other model work (chapter titles, summaries) between questions. The work may clear it, so
   * the compressed document is reloaded (from disk) by the next question.
   */
  borrowSequence<T>(work: (sequence: LlamaContextSequence) => Promise<T>): Promise<T> {
    return this.#exclusive(async () => {
      this.#active = undefined;
      const sequence = this.#claimSequence();
      try {
        return await work(sequence);
      } finally {
        await sequence.clearHistory();
      }
    });
  }

  /** Gives the sequence back (the model is being unloaded or switched). */
  dispose(): void {
    this.#active = undefined;
    this.#passageAnswers.dispose();
    // A disposed context disposes its sequences too; this only gives the sequence back early.
    void this.#sequence?.dispose();
    this.#sequence = undefined;
  }
}
