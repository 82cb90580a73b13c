import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Token } from 'node-llama-cpp';
import type { Chapter } from '../../../src-shared/domain/chapter';
import { BuildCheckpoints } from '../compression/BuildCheckpoints';
import { CompressedStateCache } from '../compression/CompressedStateCache';
import { compressDocument } from '../compression/compressDocument';
import { hashModelFile } from '../compression/hashModelFile';
import { KvConversation } from '../compression/KvConversation';
import { PrefixReuse } from '../compression/PrefixReuse';
import {
  compressedStateKeyFor,
  prepareCompressedState,
  type PrepareCompressedStateInput,
} from '../compression/prepareCompressedState';
import { MAX_RATIO } from '../compression/types';
import type { DocumentIndex } from '../index/documentIndex';
import type { StageContext } from '../jobs/JobRunner';
import { chat } from '../llm/generate';
import type { LoadedModel } from '../llm/ModelManager';
import type { ActiveState, ContextMode } from './ActiveState';
import { keptTokens } from './compressedFit';
import { compressedStateInput } from './compressedStateInput';
import { evaluateTextPrefix } from './evaluateTextPrefix';
import type { LocalModelAskerOptions } from './LocalModelAskerOptions';
import type { LocalTurnPlan } from './LocalTurnPlan';
import { overviewTitles } from './overviewTitles';
import type { SequenceLease } from './SequenceLease';
import { summariesReady, summaryPrefix } from './summaryPrefix';

const DOCUMENT_INTRO = 'Document (some words are left out to save space; each passage starts with its label):\n';
// The longest a question waits for the model file's hash before it is answered from passages.
const HASH_WAIT_MS = 250;

/**
 * The document's question-independent part in the sequence: the plan's overview (a compressed KV state, built or
 * loaded; its text-level compression for a model that cannot be pruned; chapter summaries; titles; or nothing)
 * with the conversation that follows it. Knows whether it is ready without building it.
 */
export class DocumentState {
  readonly #cache: CompressedStateCache;
  readonly #checkpoints: BuildCheckpoints;
  #modelHash?: Promise<string>;
  #modelHashValue?: string;
  #active?: ActiveState;
  /** Segments the last build took from a checkpoint. */
  resumedSegments = 0;

  constructor(
    private readonly loaded: LoadedModel,
    private readonly options: LocalModelAskerOptions,
    private readonly lease: SequenceLease,
    private readonly plan: LocalTurnPlan,
  ) {
    this.#cache = new CompressedStateCache(options.cacheDir, options.stateCache);
    this.#checkpoints = new BuildCheckpoints(options.cacheDir);
    // At start: a killed save's temporary file (about the size of a state) goes now, not after the next save.
    void this.#cache.enforceLimit().catch(() => undefined);
    // Hashed in the background from the start: until it is known, questions are answered from passages.
    this.modelHash().then((hash) => (this.#modelHashValue = hash), () => undefined); // prettier-ignore
  }

  /** The loaded model file's sha256 (computed once): what cached states and summaries are keyed by. */
  modelHash(): Promise<string> {
    this.#modelHash ??= hashModelFile(this.loaded.entry.path);
    return this.#modelHash;
  }

  get active(): ActiveState | undefined {
    return this.#active;
  }

  /** The sequence was used for something else: the next question loads or builds its prefix again. */
  drop(): void {
    this.#active = undefined;
  }

  /** The model's memory cannot have ranges erased (recurrent, hybrid, or a windowed SWA cache): compress the text. */
  get #textOnly(): boolean {
    return this.loaded.info.compression.mode === 'text';
  }

  async #input(index: DocumentIndex, ratio: number): Promise<PrepareCompressedStateInput> {
    const frame = await this.plan.frame();
    return compressedStateInput({
      model: this.loaded.model,
      index,
      ratio,
      sequence: this.lease.claim(),
      prefix: [...frame.head, ...this.loaded.model.tokenize(DOCUMENT_INTRO)],
      cache: this.#cache,
      checkpoints: this.#checkpoints,
      modelHash: await this.modelHash(),
      compressor: this.options.compressor?.(),
    });
  }

  /**
   * Whether the built state (labels are protected, so it can keep more than planned) still leaves room for a question
   * and an answer. Decided per (document, ratio), not per question, so the mode does not flip between follow-ups.
   */
  #fitsCompressed(input: PrepareCompressedStateInput): boolean {
    const kept = keptTokens(input.prefix?.length ?? 1, input.segments, input.ratio);
    return kept + this.plan.room <= this.loaded.context.contextSize;
  }

  /** Leaves the document's prefix, the plan's overview, in the sequence (reused with its conversation, or built). */
  async ensure(
    index: DocumentIndex,
    ratio: number,
    ctx: StageContext,
    chapters: readonly Chapter[] | undefined,
    yieldPoint?: () => Promise<void>,
  ): Promise<ActiveState> {
    const { overview } = await this.plan.budget(index, ratio);
    this.resumedSegments = 0;
    if (overview.kind === 'summaries') return this.#ensureSummaries(index, ctx, chapters, overview.tokens);
    if (overview.kind === 'titles') return this.#ensureText(index, 'titles', overviewTitles(index.segments));
    if (overview.kind === 'none') return this.#ensureText(index, 'passages', []);
    if (this.#textOnly) {
      const text = this.#textOverview(index, overview);
      // As for a KV state that does not fit: chapter summaries stand in (or the plan is refused without a store).
      if (text === undefined) return this.#ensureSummaries(index, ctx, chapters, overview.tokens);
      return this.#ensureText(index, 'text', text);
    }
    const input = await this.#input(index, overview.ratio);
    if (!this.#fitsCompressed(input)) return this.#ensureSummaries(index, ctx, chapters, overview.tokens);
    const key = JSON.stringify(compressedStateKeyFor(input));
    if (this.#active?.key === key) return this.#active;
    this.#active = undefined;
    const prepared = await prepareCompressedState({ ...input, ...(yieldPoint ? { yieldPoint } : {}) }, ctx);
    this.resumedSegments = prepared.resumedSegments;
    const active = this.#activate(key, index.doc.id, 'compressed', prepared.sidecar.stateBytes);
    if (prepared.saveFailed) active.warning = prepared.saveFailed;
    return active;
  }

  /**
   * The compressed overview as text: the planner's ratio and tokens, the KV build's selection rule. Protected words
   * can keep more than 1/r; a few more passes at the ratio that would fit, then undefined when even that is too big.
   */
  #textOverview(index: DocumentIndex, overview: { ratio: number; tokens: number }): string | undefined {
    const room = Math.max(0, overview.tokens - this.plan.countTokens(DOCUMENT_INTRO));
    const compress = (ratio: number) =>
      compressDocument(index.doc.text, index.segments, { ratio, countTokens: this.plan.countTokens, maxTokens: room });
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
    const conversation = new KvConversation(new PrefixReuse(this.lease.claim()));
    this.#active = { key, docId, mode, conversation, stateBytes };
    return this.#active;
  }

  /** The summaries prefix: every chapter's summary (written now where missing), labelled with its chapter. */
  async #ensureSummaries(
    index: DocumentIndex,
    ctx: StageContext,
    chapters: readonly Chapter[] | undefined,
    budgetTokens: number,
  ): Promise<ActiveState> {
    const sequence = this.lease.claim();
    const complete = (request: Parameters<typeof chat>[1]) => chat(this.loaded, { ...request, sequence });
    const { overview, modelCalls } = await summaryPrefix({
      completions: {
        complete,
        completeText: complete,
        countTokens: this.plan.countTokens,
        contextSize: this.loaded.context.contextSize,
      },
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
    return this.#ensureText(index, 'summaries', overview);
  }

  /** An overview (summaries, titles, text, or nothing) evaluated after the frame as the prefix. */
  async #ensureText(index: DocumentIndex, mode: ContextMode, overview: string | Token[]): Promise<ActiveState> {
    const body = typeof overview === 'string' ? (overview ? this.loaded.model.tokenize(overview) : []) : overview;
    const prefix = [...this.plan.knownFrame.head, ...body];
    const key = `${mode}:${index.doc.id}:${createHash('sha256').update(JSON.stringify(prefix)).digest('hex')}`;
    if (this.#active?.key === key) return this.#active;
    this.#active = undefined;
    const sequence = this.lease.claim();
    const stateBytes = await evaluateTextPrefix(this.loaded, sequence, prefix, {
      room: this.plan.room,
      what: mode === 'summaries' ? 'chapter summaries' : 'overview',
    });
    // A recurrent state (or a windowed cache) cannot drop a question's tail: a checkpoint of the prefix lets
    // node-llama-cpp restore it instead of evaluating the document again for every follow-up. No-op elsewhere.
    if (sequence.needsCheckpoints) await sequence.takeCheckpoint();
    return this.#activate(key, index.doc.id, mode, stateBytes);
  }

  /** Whether the document's question-independent part for `ratio` exists for this model (built, or summarised). */
  async ready(index: DocumentIndex, ratio: number, chapters: readonly Chapter[] | undefined): Promise<boolean> {
    const { overview } = await this.plan.budget(index, ratio);
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
}
