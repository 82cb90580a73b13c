export type { ContextMode } from './ActiveState';
export type { LocalModelAskerOptions } from './LocalModelAskerOptions';
import type { LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import type { AskResult } from '../../../src-shared/domain/answer';
import type { Chapter } from '../../../src-shared/domain/chapter';
import type { CompressionCost, ModelAsker, PrepareResult } from './Asker';
import { throwIfCancelled, type StageContext } from '../jobs/JobRunner';
import { YieldGate } from '../jobs/YieldGate';
import type { LoadedModel } from '../llm/ModelManager';
import type { DocumentIndex } from '../index/documentIndex';
import { chat } from '../llm/generate';
import { answerTurn } from './answerTurn';
import type { ModelCompletions } from './Asker';
import { takeWarning, type ContextMode } from './ActiveState';
import { DocumentState } from './DocumentState';
import type { LocalModelAskerOptions } from './LocalModelAskerOptions';
import { LocalTurnPlan } from './LocalTurnPlan';
import { PassageOnlyAnswers } from './PassageOnlyAnswers';
import { planFit } from './planBudget';
import { SequenceLease } from './SequenceLease';
import { preparingNote, trackPreparation, type Preparation } from './trackPreparation';

/**
 * Asks with the loaded chat model. A prepared document (its compressed KV state, or chapter summaries when even that
 * does not fit) holds a conversation in the main context: each question appends only its passages, question and
 * answer (see KvConversation). Until it is prepared, questions are answered at once from passages in a small context
 * of their own (PassageOnlyAnswers), and a running preparation yields to them at segment boundaries.
 *
 * Its parts, by responsibility: `SequenceLease` (who holds the sequence), `DocumentState` (the document's prefix in
 * it), `LocalTurnPlan` (the plan of a turn), `answerTurn` (the answer and its citations).
 */
export class LocalModelAsker implements ModelAsker {
  readonly id: string;
  readonly #lease: SequenceLease;
  readonly #plan: LocalTurnPlan;
  readonly #state: DocumentState;
  /** Held by questions while they run; a build passes it at each segment boundary. */
  readonly #gate = new YieldGate();
  /** The preparation running now, if any, and how far it has come. */
  #building?: Preparation;
  readonly #passageAnswers: PassageOnlyAnswers;

  constructor(private readonly options: LocalModelAskerOptions) {
    this.id = options.loaded.entry.id;
    this.#lease = new SequenceLease(options.loaded.context, options.tokenPredictor);
    this.#plan = new LocalTurnPlan(options.loaded, options);
    this.#state = new DocumentState(options.loaded, options, this.#lease, this.#plan);
    this.#passageAnswers = new PassageOnlyAnswers({
      loaded: options.loaded,
      frame: () => this.#plan.frame(),
      maxAnswerTokens: this.#plan.maxAnswer,
      ...(options.maxPassageTokens !== undefined ? { maxPassageTokens: options.maxPassageTokens } : {}),
      ...(options.tokenPredictor ? { tokenPredictor: options.tokenPredictor } : {}),
      planInput: (index, ratio, contextSize) => this.#plan.input(index, ratio, contextSize),
      onPromptSpeed: (speed) => (this.#plan.promptSpeed = speed),
    });
    this.#passageAnswers.warm();
  }

  get loaded(): LoadedModel {
    return this.options.loaded;
  }

  get model(): LlamaModel {
    return this.options.loaded.model;
  }

  countTokens = (text: string): number => this.#plan.countTokens(text);

  /** The loaded model file's sha256 (computed once): what cached states and summaries are keyed by. */
  modelHash(): Promise<string> {
    return this.#state.modelHash();
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
    return this.#lease.exclusive(async () => {
      const building: Preparation = { docId: index.doc.id, ratio, done: 0, total: index.segments.length };
      this.#building = building;
      const { ctx: progress, yieldPoint } = trackPreparation(ctx, building, this.#gate);
      try {
        const active = await this.#state.ensure(index, ratio, progress, chapters, yieldPoint);
        return { mode: active.mode, resumedSegments: this.#state.resumedSegments };
      } finally {
        this.#building = undefined;
      }
    });
  }

  async estimate(index: DocumentIndex, ratio: number): Promise<CompressionCost> {
    const budget = await this.#plan.budget(index, ratio);
    const { fits, smallestFittingRatio } = planFit(this.#plan.input(index, ratio));
    const { info, context } = this.options.loaded;
    const kvBytes = info.contextSize > 0 ? Math.round((budget.totalTokens * info.kvCacheBytes) / info.contextSize) : 0;
    // What the slider promises: the model holds at most this share of the document, overview and passages together.
    return {
      keptTokens: budget.totalTokens,
      docTokens: index.docTokens,
      kvBytes,
      ready: await this.#state.ready(index, ratio, undefined),
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
    if (!this.#building && (await this.#state.ready(index, ratio, chapters)))
      return this.#lease.exclusive(() => this.#askWhole(index, question, ratio, ctx, onText, chapters, dense));
    const note = preparingNote(this.#building, index.doc.id, ratio);
    const release = this.#gate.hold();
    try {
      return await this.#passageAnswers.ask(index, question, ratio, ctx, onText, note, dense);
    } finally {
      release();
    }
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
    const active = await this.#state.ensure(index, ratio, ctx, chapters);
    const prepareMs = performance.now() - prepareStart;
    throwIfCancelled(ctx.signal);
    const { ttftMs, decodeTokPerS, promptTokensPerSecond, ...turn } = await answerTurn({
      model: this.model,
      frame: this.#plan.knownFrame,
      conversation: active.conversation,
      index,
      question,
      plan: this.#plan.input(index, ratio),
      maxAnswerTokens: this.#plan.maxAnswer,
      ctx,
      onText,
      ...(dense ? { dense } : {}),
    });
    if (promptTokensPerSecond !== undefined) this.#plan.promptSpeed = promptTokensPerSecond;
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
    return this.#lease.exclusive(async () => {
      await this.#passageAnswers.forget(docId);
      const active = this.#state.active;
      if (active?.docId === docId) await active.conversation.reset();
    });
  }

  /**
   * Lends the sequence to other model work (chapter titles, summaries) between questions. The work may clear it, so
   * the compressed document is reloaded (from disk) by the next question.
   */
  borrowSequence<T>(work: (sequence: LlamaContextSequence) => Promise<T>): Promise<T> {
    return this.#lease.lend(work, () => this.#state.drop());
  }

  /** Chapter titles and summaries on this model: grammar-constrained chat turns on the lent sequence. */
  withCompletions<T>(work: (deps: ModelCompletions) => Promise<T>): Promise<T> {
    const { loaded } = this.options;
    return this.borrowSequence((sequence) => {
      const complete = (request: Parameters<typeof chat>[1]) => chat(loaded, { ...request, sequence });
      return work({
        complete,
        completeText: complete,
        countTokens: this.countTokens,
        contextSize: loaded.context.contextSize,
      });
    });
  }

  /** Gives the sequence back (the model is being unloaded or switched). */
  dispose(): void {
    this.#state.drop();
    this.#passageAnswers.dispose();
    this.#lease.dispose();
  }
}
