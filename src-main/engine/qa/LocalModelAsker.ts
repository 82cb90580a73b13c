import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import type { AskResult } from '../../../src-shared/domain/answer';
import type { Chapter } from '../../../src-shared/domain/chapter';
import { LecternError } from '../../../src-shared/errors';
import { BuildCheckpoints } from '../compression/BuildCheckpoints';
import { CompressedStateCache } from '../compression/CompressedStateCache';
import type { CompressedStateKey } from '../compression/stateKey';
import { hashModelFile } from '../compression/hashModelFile';
import { KvConversation } from '../compression/KvConversation';
import { PrefixReuse } from '../compression/PrefixReuse';
import {
  compressedStateKeyFor,
  prepareCompressedState,
  type PrepareCompressedStateInput,
} from '../compression/prepareCompressedState';
import type { AskerEstimate, ModelAsker } from '../handlers/askHandlers';
import { throwIfCancelled, type StageContext } from '../jobs/JobRunner';
import { YieldGate } from '../jobs/YieldGate';
import type { LoadedModel } from '../llm/ModelManager';
import type { ChapterSummaries } from '../store/ChapterSummaries';
import { compressorSalience } from '../onnx/compressorSalience';
import type { TokenCompressor } from '../onnx/loadTokenCompressor';
import type { DocumentIndex } from '../index/documentIndex';
import { answerTurn } from './answerTurn';
import { estimateCompressed, fitsContext } from './compressedFit';
import { PassageOnlyAnswers } from './PassageOnlyAnswers';
import { promptFrame, type PromptFrame } from './promptFrame';
import { DEFAULT_SEGMENT_TOKENS } from '../index/segmentDocument';
import { segmentTokensOf } from './segmentTokensOf';
import { summariesReady, summaryPrefix } from './summaryPrefix';
import { preparingNote, trackPreparation, type Preparation } from './trackPreparation';

export interface LocalModelAskerOptions {
  loaded: LoadedModel;
  cacheDir: string;
  /** Most tokens of expanded segments appended per question. Default 1536 (3 segments of 512). */
  expandTokens?: number;
  /** Most answer tokens. Default 512. */
  maxAnswerTokens?: number;
  /** Where chapter summaries are cached; without it a document that does not fit even compressed is refused. */
  summaries?: () => ChapterSummaries;
  /** Most tokens per chapter summary. Default 160, less when that many chapters would not fit the context. */
  summaryTokens?: number;
  /** The loaded LLMLingua-2 compressor, if any: its scores join self-information when the document is compressed. */
  compressor?: () => TokenCompressor | undefined;
}

/** How the document is in the main context: its compressed KV state, or its chapter summaries (it did not fit). */
export type ContextMode = 'compressed' | 'summaries';

interface ActiveState {
  key: string;
  docId: string;
  mode: ContextMode;
  conversation: KvConversation;
  stateBytes: number;
}

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
      expandTokens: options.expandTokens ?? 1536,
      maxAnswerTokens: options.maxAnswerTokens ?? 512,
    });
    this.#passageAnswers.warm();
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
    const segments = segmentTokensOf(this.model, index);
    const compressor = this.options.compressor?.();
    return {
      sequence: this.#claimSequence(),
      segments,
      ratio,
      prefix: [...this.#frame.head, ...this.model.tokenize(DOCUMENT_INTRO)],
      cache: this.#cache,
      checkpoints: this.#checkpoints,
      modelHash: await this.modelHash(),
      documentHash: index.doc.id,
      ...(compressor
        ? {
            salienceSource: `llmlingua2:${compressor.id}`,
            beforeBuild: (ctx: StageContext) =>
              compressorSalience(
                this.model,
                compressor,
                index.segments.map((s) => `${index.doc.text.slice(s.start, s.end)}\n`),
                segments,
                ctx,
              ),
          }
        : {}),
    };
  }

  /** Free tokens the compressed document must leave: a question, one expanded segment and an answer. */
  get #room(): number {
    return QUESTION_RESERVE + Math.min(this.options.expandTokens ?? 1536, DEFAULT_SEGMENT_TOKENS) + this.#maxAnswer;
  }

  /**
   * Whether the compressed document fits with `#room` to spare. Decided per (document, ratio), not per question,
   * so the mode (and its reusable prefix) does not flip between follow-ups.
   */
  #fitsCompressed(input: PrepareCompressedStateInput): boolean {
    return fitsContext(input.prefix?.length ?? 1, input.segments, input.ratio, this.options.loaded, this.#room);
  }

  /** Leaves the document's prefix in the sequence (reused with its conversation, loaded, or built). */
  async #ensureState(
    index: DocumentIndex,
    ratio: number,
    ctx: StageContext,
    chapters: readonly Chapter[] | undefined,
    yieldPoint?: () => Promise<void>,
  ): Promise<ActiveState> {
    const input = await this.#input(index, ratio);
    if (!this.#fitsCompressed(input)) return this.#ensureSummaryState(index, ctx, chapters);
    const key = JSON.stringify(compressedStateKeyFor(input));
    this.#resumedSegments = 0;
    if (this.#active?.key === key) return this.#active;
    this.#active = undefined;
    const prepared = await prepareCompressedState({ ...input, ...(yieldPoint ? { yieldPoint } : {}) }, ctx);
    this.#resumedSegments = prepared.resumedSegments;
    return this.#activate(key, index.doc.id, 'compressed', prepared.sidecar.stateBytes);
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
  ): Promise<ActiveState> {
    const store = this.options.summaries?.();
    if (!store)
      throw new LecternError(
        'CONTEXT_TOO_SMALL',
        'The document does not fit the model’s context even compressed. Raise the compression ratio or load the model with a larger context.',
      );
    const sequence = this.#claimSequence();
    const contextSize = this.options.loaded.context.contextSize;
    const { prefix, modelCalls } = await summaryPrefix({
      loaded: this.options.loaded,
      sequence,
      index,
      chapters,
      frame: this.#frame as PromptFrame,
      store,
      modelHash: await this.modelHash(),
      maxSummaryTokens: this.options.summaryTokens ?? 160,
      reserve: QUESTION_RESERVE + this.#maxAnswer,
      ctx,
    });
    // Writing summaries used the sequence: whatever prefix it held is gone.
    if (modelCalls > 0) {
      this.#active = undefined;
      await sequence.clearHistory();
    }
    const key = `summaries:${index.doc.id}:${createHash('sha256').update(JSON.stringify(prefix)).digest('hex')}`;
    if (this.#active?.key === key) return this.#active;
    this.#active = undefined;
    const room = QUESTION_RESERVE + this.#maxAnswer;
    if (prefix.length + room > contextSize)
      throw new LecternError(
        'CONTEXT_TOO_SMALL',
        `Even the chapter summaries (${prefix.length} tokens) do not fit a ${contextSize}-token context with a question and an answer. Load the model with a larger context.`,
      );
    throwIfCancelled(ctx.signal);
    await sequence.clearHistory();
    await sequence.evaluateWithoutGeneratingNewTokens(prefix);
    const info = this.options.loaded.info;
    const bytesPerToken = info.contextSize > 0 ? info.kvCacheBytes / info.contextSize : 0;
    return this.#activate(key, index.doc.id, 'summaries', Math.round(prefix.length * bytesPerToken));
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
  ): Promise<{ mode: ContextMode; resumedSegments: number }> {
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

  async estimate(index: DocumentIndex, ratio: number): Promise<AskerEstimate> {
    const input = await this.#input(index, ratio);
    const ready = await this.#ready(index, ratio, undefined);
    return estimateCompressed(input.prefix?.length ?? 1, input.segments, ratio, this.options.loaded, this.#room, ready);
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
    // Until the model file is hashed nothing can be found ready; hashing a large GGUF must not delay an answer by
    // more than a moment (a small model's hash is done by then, so a fresh process still finds its states).
    if (this.#modelHashValue === undefined)
      await Promise.race([this.modelHash().catch(() => ''), new Promise((r) => setTimeout(r, HASH_WAIT_MS))]);
    if (this.#modelHashValue === undefined) return false;
    const input = await this.#input(index, ratio);
    if (this.#fitsCompressed(input)) {
      const key = compressedStateKeyFor(input);
      return this.#active?.key === JSON.stringify(key) || this.#stateOnDisk(key);
    }
    const store = this.options.summaries?.();
    return store ? summariesReady(store, this.#modelHashValue, index, chapters) : false;
  }

  #stateOnDisk(key: CompressedStateKey): boolean {
    // The file names are derived from every key field, so their presence means this exact state was built. (Its
    // checksum is verified when it is loaded.)
    return existsSync(this.#cache.sidecarPath(key)) && existsSync(this.#cache.statePath(key));
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
    const { ttftMs, decodeTokPerS, ...turn } = await answerTurn({
      model: this.model,
      frame: this.#frame as PromptFrame,
      conversation: active.conversation,
      index,
      question,
      passageTokens: this.options.expandTokens ?? 1536,
      maxAnswerTokens: this.#maxAnswer,
      ctx,
      onText,
      ...(dense ? { dense } : {}),
    });
    return {
      mode: 'generated',
      ...turn,
      passages: [],
      timings: { prepareMs: Math.round(prepareMs), ttftMs, decodeTokPerS },
      stateBytes: active.stateBytes,
      ratio,
      contextMode: active.mode,
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
