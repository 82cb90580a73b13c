import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import type { AskResult } from '../../../src-shared/domain/answer';
import type { Chapter } from '../../../src-shared/domain/chapter';
import { LecternError, type ErrorPayload } from '../../../src-shared/errors';
import { summarizeChapters } from '../chapters/summarizeChapters';
import type { SegmentTokens } from '../compression/types';
import { CompressedStateCache } from '../compression/CompressedStateCache';
import { hashModelFile } from '../compression/hashModelFile';
import { KvConversation } from '../compression/KvConversation';
import { PrefixReuse } from '../compression/PrefixReuse';
import {
  compressedStateKeyFor,
  prepareCompressedState,
  type PrepareCompressedStateInput,
} from '../compression/prepareCompressedState';
import type { ModelAsker } from '../handlers/askHandlers';
import { throwIfCancelled, type StageContext } from '../jobs/JobRunner';
import { chat } from '../llm/generate';
import type { LoadedModel } from '../llm/ModelManager';
import type { ChapterSummaries } from '../store/ChapterSummaries';
import { compressorSalience } from '../onnx/compressorSalience';
import type { TokenCompressor } from '../onnx/loadTokenCompressor';
import { extractCitations } from './citations';
import type { DocumentIndex } from '../index/documentIndex';
import { NO_EVIDENCE_ANSWER } from './answerWithPassages';
import { overviewTitles } from './overviewTitles';
import { passageCap, planBudget, type ContextBudget, type PlanBudgetInput } from './planBudget';
import { planContext, type ContextPlan } from './planContext';
import { promptFrame, type PromptFrame } from './promptFrame';
import { expansionText, type ExpansionPiece } from '../index/selectExpansions';
import { formatTime } from '../../../src-shared/formatTime';

export interface LocalModelAskerOptions {
  loaded: LoadedModel;
  cacheDir: string;
  /**
   * Most passage tokens per question, whatever the measured speed (tests, slow machines). Default: what the model
   * evaluates in `passageSeconds`, once its prompt speed is measured (see `passageCap`).
   */
  maxPassageTokens?: number;
  /** Seconds of prompt evaluation one question's passages may cost. Default `DEFAULT_PASSAGE_SECONDS`. */
  passageSeconds?: number;
  /** Most answer tokens. Default 512. */
  maxAnswerTokens?: number;
  /** Where chapter summaries are cached; without it a document that does not fit even compressed is refused. */
  summaries?: () => ChapterSummaries;
  /** Most tokens per chapter summary. Default 160, less when that many chapters would not fit the context. */
  summaryTokens?: number;
  /** The loaded LLMLingua-2 compressor, if any: its scores join self-information when the document is compressed. */
  compressor?: () => TokenCompressor | undefined;
}

/** How the document is in the context: the overview the planner chose (`passages`: none, the passages alone). */
export type ContextMode = 'compressed' | 'summaries' | 'titles' | 'passages';

interface ActiveState {
  key: string;
  docId: string;
  mode: ContextMode;
  conversation: KvConversation;
  stateBytes: number;
  /** Said once, with the next answer: the state could not be saved (CACHE_WRITE_FAILED). */
  warning?: ErrorPayload | undefined;
}

function takeWarning(active: ActiveState): { warnings?: ErrorPayload[] } {
  const warning = active.warning;
  active.warning = undefined;
  return warning ? { warnings: [warning] } : {};
}

/** Identifies an appended piece across turns of a conversation. */
const pieceKey = (piece: ExpansionPiece): string => `${piece.start}-${piece.end}`;

const DOCUMENT_INTRO = 'Document (some words are left out to save space; each passage starts with its label):\n';
const SUMMARIES_INTRO =
  'The document is too long to show whole. Summaries of its chapters, each labelled with its chapter and where it starts:\n';
// Room kept for the question's own words when deciding whether the compressed document fits.
const QUESTION_RESERVE = 256;

/**
 * Asks questions with the loaded chat model over the document's compressed KV state: the state is built once per
 * (model, document, ratio) and cached on disk. Questions about one document form a conversation in the KV cache:
 * each appends only its retrieved segments (at full resolution), the question and the answer, and the past turns
 * stay for follow-ups until room runs out (see KvConversation). A document that does not fit even compressed is
 * shown as its chapter summaries (written once per chapter and model, cached in the library) instead.
 */
export class LocalModelAsker implements ModelAsker {
  readonly id: string;
  readonly #cache: CompressedStateCache;
  #sequence?: LlamaContextSequence;
  #frame?: PromptFrame;
  #active?: ActiveState;
  #queue: Promise<unknown> = Promise.resolve();
  #modelHash?: Promise<string>;

  constructor(private readonly options: LocalModelAskerOptions) {
    this.id = options.loaded.entry.id;
    this.#cache = new CompressedStateCache(options.cacheDir);
    // At start: a killed save's temporary file (about the size of a state) goes now, not after the next save.
    void this.#cache.enforceLimit().catch(() => undefined);
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

  /** Per document index (cached by the ask handlers): every question and every slider estimate reuses it. */
  readonly #tokens = new WeakMap<DocumentIndex, SegmentTokens[]>();

  #segmentTokens(index: DocumentIndex): SegmentTokens[] {
    const cached = this.#tokens.get(index);
    if (cached) return cached;
    const tokens = index.segments.map((segment) => {
      const label = this.model.tokenize(`[${segment.label}] `);
      const body = this.model.tokenize(`${index.doc.text.slice(segment.start, segment.end)}\n`);
      // Labels survive eviction so the model can still cite every segment of the compressed document.
      return { tokens: [...label, ...body], protectedMask: [...label.map(() => true), ...body.map(() => false)] };
    });
    this.#tokens.set(index, tokens);
    return tokens;
  }

  async #input(index: DocumentIndex, ratio: number): Promise<PrepareCompressedStateInput> {
    this.#frame ??= await promptFrame(this.model);
    const segments = this.#segmentTokens(index);
    const compressor = this.options.compressor?.();
    return {
      sequence: this.#claimSequence(),
      segments,
      ratio,
      prefix: [...this.#frame.head, ...this.model.tokenize(DOCUMENT_INTRO)],
      cache: this.#cache,
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

  /** Prompt tokens per second, measured on this model's last question (its passages and question against the prefix). */
  #promptSpeed?: number;

  /**
   * The plan's budgets for (document, slider ratio) on this model. `planBudget` decides; this only says what the
   * model leaves (context size, the frame, the question and the answer) and what it measured (prompt speed).
   */
  #planInput(index: DocumentIndex, ratio: number): PlanBudgetInput {
    const frame = this.#frame as PromptFrame;
    const titles = overviewTitles(index.segments);
    const cap = this.options.maxPassageTokens ?? passageCap(this.#promptSpeed, this.options.passageSeconds);
    return {
      docTokens: index.docTokens,
      ratio,
      contextSize: this.options.loaded.context.contextSize,
      reserveTokens: QUESTION_RESERVE + this.#maxAnswer + frame.head.length + frame.tail.length,
      summaries: this.options.summaries !== undefined,
      ...(titles === '' ? {} : { titleTokens: this.countTokens(titles) }),
      ...(cap === undefined ? {} : { maxPassageTokens: cap }),
    };
  }

  #budget(index: DocumentIndex, ratio: number): ContextBudget {
    return planBudget(this.#planInput(index, ratio));
  }

  /** Tokens the compressed document keeps at `ratio` (protected labels always stay). */
  #keptTokens(input: PrepareCompressedStateInput): number {
    return (
      (input.prefix?.length ?? 1) +
      input.segments.reduce((sum, s) => {
        const kept = Math.ceil(s.tokens.length / input.ratio);
        return sum + Math.max(kept, s.protectedMask?.filter(Boolean).length ?? 0);
      }, 0)
    );
  }

  /**
   * Whether the built state (labels are protected, so it can keep more than planned) still leaves room for a question
   * and an answer. Decided per (document, ratio), not per question, so the mode does not flip between follow-ups.
   */
  #fitsCompressed(input: PrepareCompressedStateInput): boolean {
    return this.#keptTokens(input) + QUESTION_RESERVE + this.#maxAnswer <= this.options.loaded.context.contextSize;
  }

  /** Leaves the document's prefix, the plan's overview, in the sequence (reused with its conversation, or built). */
  async #ensureState(
    index: DocumentIndex,
    ratio: number,
    ctx: StageContext,
    chapters: readonly Chapter[] | undefined,
  ): Promise<ActiveState> {
    this.#frame ??= await promptFrame(this.model);
    const { overview } = this.#budget(index, ratio);
    if (overview.kind === 'summaries') return this.#ensureSummaryState(index, ctx, chapters, overview.tokens);
    if (overview.kind === 'titles') return this.#ensureTextState(index, 'titles', overviewTitles(index.segments));
    if (overview.kind === 'none') return this.#ensureTextState(index, 'passages', '');
    const input = await this.#input(index, overview.ratio);
    if (!this.#fitsCompressed(input)) return this.#ensureSummaryState(index, ctx, chapters, overview.tokens);
    const key = JSON.stringify(compressedStateKeyFor(input));
    if (this.#active?.key === key) return this.#active;
    this.#active = undefined;
    const prepared = await prepareCompressedState(input, ctx);
    const active = this.#activate(key, index.doc.id, 'compressed', prepared.sidecar.stateBytes);
    if (prepared.saveFailed) active.warning = prepared.saveFailed;
    return active;
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
    const store = this.options.summaries?.();
    if (!store)
      throw new LecternError(
        'CONTEXT_TOO_SMALL',
        'The document does not fit the model’s context even compressed. Raise the compression ratio or load the model with a larger context.',
      );
    const sequence = this.#claimSequence();
    const spans = chapters && chapters.length > 0 ? chapters : chaptersFromSegments(index);
    const contextSize = this.options.loaded.context.contextSize;
    // Every chapter's summary sits in the overview's budget, so many chapters get shorter summaries (labels take ~16).
    const perChapter = Math.floor((budgetTokens - 64) / spans.length) - 16;
    const summarised = await summarizeChapters(
      {
        doc: index.doc,
        chapters: spans,
        modelHash: await this.modelHash(),
        store,
        complete: (request) => chat(this.options.loaded, { ...request, sequence }),
        countTokens: this.countTokens,
        contextSize,
        maxSummaryTokens: Math.max(24, Math.min(this.options.summaryTokens ?? 160, perChapter)),
      },
      ctx,
    );
    // Writing summaries used the sequence: whatever prefix it held is gone.
    if (summarised.modelCalls > 0) {
      this.#active = undefined;
      await sequence.clearHistory();
    }
    const lines = spans.map((c, i) => {
      const anchor =
        c.page !== undefined ? ` p.${c.page}` : c.time !== undefined ? ` ${formatTime(c.time, 'fixed')}` : '';
      return `[Chapter ${i + 1}${anchor}] ${c.title}: ${summarised.summaries[i] ?? ''}`;
    });
    return this.#ensureTextState(index, 'summaries', `${SUMMARIES_INTRO}${lines.join('\n')}\n`);
  }

  /** An overview written as text (summaries, titles, or nothing) evaluated after the frame as the prefix. */
  async #ensureTextState(index: DocumentIndex, mode: ContextMode, text: string): Promise<ActiveState> {
    const sequence = this.#claimSequence();
    const contextSize = this.options.loaded.context.contextSize;
    const frame = this.#frame as PromptFrame;
    const prefix = [...frame.head, ...(text ? this.model.tokenize(text) : [])];
    const hash = createHash('sha256').update(JSON.stringify(prefix)).digest('hex');
    const key = `${mode}:${index.doc.id}:${hash}`;
    if (this.#active?.key === key) return this.#active;
    this.#active = undefined;
    const room = QUESTION_RESERVE + this.#maxAnswer;
    if (prefix.length + room > contextSize)
      throw new LecternError(
        'CONTEXT_TOO_SMALL',
        `Even the ${mode === 'summaries' ? 'chapter summaries' : 'overview'} (${prefix.length} tokens) do not fit a ${contextSize}-token context with a question and an answer. Load the model with a larger context.`,
      );
    await sequence.clearHistory();
    await sequence.evaluateWithoutGeneratingNewTokens(prefix);
    const info = this.options.loaded.info;
    const bytesPerToken = info.contextSize > 0 ? info.kvCacheBytes / info.contextSize : 0;
    return this.#activate(key, index.doc.id, mode, Math.round(prefix.length * bytesPerToken));
  }

  prepare(index: DocumentIndex, ratio: number, ctx: StageContext, chapters?: readonly Chapter[]): Promise<unknown> {
    return this.#exclusive(async () => (await this.#ensureState(index, ratio, ctx, chapters)).mode);
  }

  async estimate(
    index: DocumentIndex,
    ratio: number,
  ): Promise<{ keptTokens: number; kvBytes: number; ready: boolean }> {
    this.#frame ??= await promptFrame(this.model);
    const budget = this.#budget(index, ratio);
    const info = this.options.loaded.info;
    const bytesPerToken = info.contextSize > 0 ? info.kvCacheBytes / info.contextSize : 0;
    let ready = true;
    if (budget.overview.kind === 'compressed') {
      const key = compressedStateKeyFor(await this.#input(index, budget.overview.ratio));
      // The file names are derived from every key field, so their presence means this exact state was built. (Its
      // checksum is verified when it is loaded.)
      ready = existsSync(this.#cache.sidecarPath(key)) && existsSync(this.#cache.statePath(key));
    }
    // What the slider promises: the model holds at most this share of the document, overview and passages together.
    return { keptTokens: budget.totalTokens, kvBytes: Math.round(budget.totalTokens * bytesPerToken), ready };
  }

  ask(
    index: DocumentIndex,
    question: string,
    ratio: number,
    ctx: StageContext,
    onText: (text: string) => void,
    chapters?: readonly Chapter[],
    dense?: readonly number[],
  ): Promise<AskResult> {
    return this.#exclusive(async () => {
      const prepareStart = performance.now();
      ctx.onProgress({ phase: 'preparing', done: 0, total: 1 });
      const active = await this.#ensureState(index, ratio, ctx, chapters);
      const prepareMs = performance.now() - prepareStart;
      throwIfCancelled(ctx.signal);

      const { conversation } = active;
      const { sequence } = conversation;
      const frame = this.#frame as PromptFrame;
      const maxAnswer = this.#maxAnswer;
      const questionTokens = [...this.model.tokenize(`\n\nQuestion: ${question}`), ...frame.tail];
      const evictedBefore = { passages: conversation.evictedPassages, turns: conversation.evictedTurns };

      // Past turns give way (their passages first) until this turn and a whole answer fit.
      let matched = false;
      let turn: { opening: Token[]; passages: Token[]; segmentIds: string[] };
      let plan: ContextPlan | undefined;
      const planInput = this.#planInput(index, ratio);
      for (;;) {
        const opening = conversation.turns.length > 0 ? frame.between : [];
        const present = conversation.presentSegments();
        const roomTokens =
          sequence.contextSize -
          conversation.reuse.prefixLength -
          opening.length -
          questionTokens.length -
          maxAnswer -
          16;
        // The planner decides the passages; the conversation can only leave less room for them.
        plan = planContext({
          ...planInput,
          index: index.index,
          question,
          countTokens: this.countTokens,
          expansion: dense ? { dense } : {},
          roomTokens,
        });
        const { pieces } = plan;
        // Pieces already in the context from an earlier turn are not appended again (their key is their range).
        const fresh = pieces.filter((piece) => !present.has(pieceKey(piece)));
        const segmentIds = fresh.map(pieceKey);
        matched ||= pieces.length > 0;
        const lead = opening.length > 0 ? '' : '\n\n';
        const passages = fresh.length
          ? `${lead}The passages most relevant to the question, in full:\n${fresh.map((piece) => expansionText(index.doc.text, piece)).join('\n')}`
          : pieces.length === 0
            ? `${lead}(No passage of the document matches the question’s words.)`
            : '';
        turn = { opening, passages: passages ? this.model.tokenize(passages) : [], segmentIds };
        const needed = conversation.tailLength({ ...turn, question: questionTokens }) + maxAnswer;
        if (conversation.fits(needed) || !(await conversation.evictOne())) break;
      }
      const tailLength = conversation.tailLength({ ...turn, question: questionTokens });
      if (!conversation.fits(tailLength + 16))
        throw new LecternError(
          'CONTEXT_TOO_SMALL',
          'The question and its passages do not fit the model’s context. Raise the compression ratio or load the model with a larger context.',
        );

      ctx.onProgress({ phase: 'answering', done: 0, total: 1 });
      const askStart = performance.now();
      let emitted = '';
      const output = await conversation.run({
        ...turn,
        question: questionTokens,
        maxAnswerTokens: maxAnswer,
        signal: ctx.signal,
        isEnd: (token) => this.model.isEogToken(token),
        onToken: (_token, generated) => {
          const text = this.model.detokenize(generated);
          // Emit only whole characters: a token can end in the middle of a UTF-8 sequence.
          if (!text.endsWith('\uFFFD') && text.length > emitted.length) {
            onText(text.slice(emitted.length));
            emitted = text;
          }
        },
      });
      const end = performance.now();
      const { generated, firstTokenAt } = output;
      const full = this.model.detokenize(generated);
      // What was held back waiting for the rest of a character: the answer ends here, so the stream does too.
      if (full.length > emitted.length && full.startsWith(emitted)) onText(full.slice(emitted.length));
      const answer = full.trim();
      const decodeMs = firstTokenAt === undefined ? 0 : end - firstTokenAt;
      // What the passage cap of the next questions is measured on: this turn's prompt against the cached prefix.
      const promptMs = (firstTokenAt ?? end) - askStart;
      if (promptMs > 0 && output.evaluatedTokens >= 64) this.#promptSpeed = (output.evaluatedTokens / promptMs) * 1000;
      const noEvidence = !matched;
      return {
        mode: 'generated',
        answer: answer || (noEvidence ? NO_EVIDENCE_ANSWER : answer),
        citations: extractCitations(answer, index),
        passages: [],
        noEvidence,
        timings: {
          prepareMs: Math.round(prepareMs),
          ttftMs: Math.round((firstTokenAt ?? end) - askStart),
          decodeTokPerS:
            decodeMs > 0 && generated.length > 1 ? Math.round(((generated.length - 1) / decodeMs) * 10000) / 10 : 0,
        },
        promptTokens: tailLength,
        kvTokens: sequence.nextTokenIndex,
        stateBytes: active.stateBytes,
        ratio,
        contextMode: active.mode,
        evaluatedTokens: output.evaluatedTokens,
        ...takeWarning(active),
        plan: {
          overview: plan.overview.kind,
          ...(plan.overview.kind === 'compressed' ? { overviewRatio: plan.overview.ratio } : {}),
          overviewTokens: plan.overview.tokens,
          totalTokens: plan.totalTokens,
          passageTokens: plan.passageTokens,
          passageRanges: plan.ranges,
        },
        conversation: {
          pastTurns: conversation.turns.length - 1,
          evictedPassages: conversation.evictedPassages - evictedBefore.passages,
          evictedTurns: conversation.evictedTurns - evictedBefore.turns,
        },
      };
    });
  }

  /** Forgets the conversation about `docId` in the KV cache (the next question starts from the document alone). */
  forget(docId: string): Promise<void> {
    return this.#exclusive(async () => {
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
    // A disposed context disposes its sequences too; this only gives the sequence back early.
    void this.#sequence?.dispose();
    this.#sequence = undefined;
  }
}

/** Chapter-like spans when no chapters are given: runs of segments under the same chapter title. */
function chaptersFromSegments(
  index: DocumentIndex,
): Pick<Chapter, 'startUnit' | 'endUnit' | 'title' | 'page' | 'time'>[] {
  const spans: Pick<Chapter, 'startUnit' | 'endUnit' | 'title' | 'page' | 'time'>[] = [];
  for (const segment of index.segments) {
    const last = spans.at(-1);
    if (last && last.title === (segment.chapterTitle ?? '')) last.endUnit = segment.endUnit;
    else {
      const unit = index.doc.units[segment.startUnit];
      spans.push({
        startUnit: segment.startUnit,
        endUnit: segment.endUnit,
        title: segment.chapterTitle ?? '',
        ...(unit?.anchor.type === 'page' ? { page: unit.anchor.page } : {}),
        ...(unit?.anchor.type === 'time' ? { time: unit.anchor.start } : {}),
      });
    }
  }
  return spans;
}
