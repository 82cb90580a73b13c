import type { AskResult } from '../../../src-shared/domain/answer';
import { LecternError } from '../../../src-shared/errors';
import { compressDocument, type CompressedDocument } from '../compression/compressDocument';
import { MAX_RATIO } from '../compression/types';
import { estimateTokens } from '../index/countTokens';
import type { DocumentIndex } from '../index/documentIndex';
import { expansionText } from '../index/selectExpansions';
import { throwIfCancelled, type StageContext } from '../jobs/JobRunner';
import { NO_EVIDENCE_ANSWER } from '../qa/answerWithPassages';
import type { Asker, AskRequest, CompressionCost, ModelCompletions, PrepareResult } from '../qa/Asker';
import { extractCitations } from '../qa/citations';
import { SYSTEM_PROMPT } from '../qa/promptFrame';
import type { ChatMessage, OpenAiClient } from './OpenAiClient';
import { overviewTitles } from '../qa/overviewTitles';
import type { ContextBudget, PlanBudgetInput } from '../qa/planBudget';
import { planBudget } from '../qa/planBudget';
import { planContext } from '../qa/planContext';
import { summaryPrefix } from '../qa/summaryPrefix';
import type { ChapterSummaries } from '../store/ChapterSummaries';

/** llama.cpp's and Ollama's usual default context when a server does not report its own. */
export const DEFAULT_SERVER_CONTEXT = 4096;
const QUESTION_RESERVE = 256;
// The system prompt, the intro lines and the chat template's own tokens.
const FRAME_RESERVE = 128;
// Token counts are the model-free estimate (the server's tokenizer is unknown): only this share of the context is
// planned, and an overflow still comes back as SERVER_CONTEXT_EXCEEDED (then the scale is learnt, see #tokenScale).
const SAFETY = 0.9;

export interface RemoteAskerOptions {
  client: OpenAiClient;
  /** The model to request; default the first one the server lists. */
  model?: string;
  /** Most answer tokens. Default 512, as the local asker. */
  maxAnswerTokens?: number;
  /** Most passage tokens per question (the planner's passage cap). Default: the plan's budget alone. */
  expandTokens?: number;
  /** Where chapter summaries are cached (the library); without it a document too long even compressed gets titles. */
  summaries?: () => ChapterSummaries | undefined;
}

export const DOCUMENT_INTRO = 'Document (some words are left out to save space; each passage starts with its label):\n';

/** What a server is asked: the document part (identical for every question at a ratio) and the question's part. */
export interface RemotePrompt {
  messages: ChatMessage[];
  /** The leading characters of the prompt that every question about this document at this ratio shares. */
  sharedPrefix: string;
  document?: CompressedDocument;
  /** The planner's overview kind for this prompt. */
  overview: ContextBudget['overview']['kind'];
  matched: boolean;
}

/** An overview as it is sent: its text, estimated tokens and ratio, and the compressed document behind it if any. */
interface OverviewText {
  text: string;
  tokens: number;
  ratio: number;
  document?: CompressedDocument;
}

/**
 * Asks an OpenAI-compatible server. Retrieval is the local asker's; the document's question-independent part is
 * its text-level compression (the same selection rule as the KV build, `compressDocument`), sent first and
 * byte-identical across questions so that the server's own prefix cache (llama.cpp `cache_prompt`, vLLM automatic
 * prefix caching) reuses it; the question's passages and the question follow. Each question stands alone: the
 * server keeps no conversation for Lectern (follow-ups reuse the document prefix, not past turns).
 */
export class RemoteAsker implements Asker {
  readonly id: string;
  readonly countTokens = estimateTokens;
  readonly #documents = new WeakMap<DocumentIndex, Map<string, OverviewText | null>>();
  #served?: Promise<{ model: string; contextLength: number; cachePrompt: boolean }>;
  /**
   * The server's tokens per estimated token, learnt from its own count when a prompt did not fit (llama.cpp tells
   * `n_prompt_tokens`). It changes only then, so the document part stays byte-identical between questions.
   */
  #tokenScale = 1;

  constructor(private readonly options: RemoteAskerOptions) {
    this.id = `server:${options.client.baseUrl}:${options.model ?? ''}`;
  }

  get #maxAnswer(): number {
    return this.options.maxAnswerTokens ?? 512;
  }

  /** The model, its context and whether to send `cache_prompt`, read from `GET /models` once. */
  #server(signal?: AbortSignal): Promise<{ model: string; contextLength: number; cachePrompt: boolean }> {
    this.#served ??= (async () => {
      const { client } = this.options;
      const models = await client.listModels(signal);
      const chosen = this.options.model ? models.find((m) => m.id === this.options.model) : models[0];
      const model = this.options.model ?? chosen?.id;
      if (!model) throw new LecternError('SERVER_MODEL_NOT_FOUND', `${client.baseUrl} lists no models.`);
      return {
        model,
        contextLength: chosen?.contextLength ?? DEFAULT_SERVER_CONTEXT,
        cachePrompt: (await client.kind(signal)) === 'llama.cpp',
      };
    })();
    // A failed look-up (server down) is tried again by the next question.
    this.#served.catch(() => (this.#served = undefined));
    return this.#served;
  }

  /**
   * The planner's input for (document, slider ratio) on a server of `contextLength` estimated tokens: the same
   * `planBudget` the local model and `lectern eval evidence` use, with the server's context and the prompt's reserve.
   */
  #planInput(index: DocumentIndex, ratio: number, contextLength: number): PlanBudgetInput {
    const titles = overviewTitles(index.segments);
    return {
      docTokens: index.docTokens,
      ratio,
      contextSize: Math.floor(contextLength * SAFETY),
      reserveTokens: QUESTION_RESERVE + FRAME_RESERVE + this.#maxAnswer,
      // Chapter summaries stand in when even the compressed document does not fit, where a library keeps them.
      summaries: this.options.summaries !== undefined,
      ...(titles === '' ? {} : { titleTokens: estimateTokens(titles) }),
      ...(this.options.expandTokens !== undefined ? { maxPassageTokens: this.options.expandTokens } : {}),
    };
  }

  /**
   * The overview the plan chose, as text, computed once per (index, plan) so that it is byte-identical across
   * questions: the compressed document (the KV build's selection rule, `compressDocument`), the chapter titles, or
   * nothing. Undefined when the compressed text does not fit its budget even at the KV build's highest ratio.
   */
  #overview(index: DocumentIndex, budget: ContextBudget): OverviewText | undefined {
    const { overview } = budget;
    if (overview.kind === 'none') return undefined;
    let byKey = this.#documents.get(index);
    // Summaries are written (asynchronously) by #ensureSummaries before the prompt is built.
    if (overview.kind === 'summaries') return byKey?.get(JSON.stringify(overview)) ?? undefined;
    if (!byKey) this.#documents.set(index, (byKey = new Map<string, OverviewText | null>()));
    const key = JSON.stringify(overview);
    if (!byKey.has(key)) {
      let text: OverviewText | null = null;
      if (overview.kind === 'titles') {
        text = { text: overviewTitles(index.segments), tokens: overview.tokens, ratio: budget.ratio };
      } else {
        // The intro line is in FRAME_RESERVE, as the local frame's head is in its reserve.
        const room = overview.tokens;
        // The plan's ratio first; the KV build's most when protected words keep too much; else no overview.
        for (const r of [overview.ratio, MAX_RATIO]) {
          const candidate = compressDocument(index.doc.text, index.segments, {
            ratio: r,
            countTokens: estimateTokens,
            maxTokens: room,
          });
          if (candidate.tokens <= room) {
            text = {
              text: `${DOCUMENT_INTRO}${candidate.text}`,
              tokens: candidate.tokens,
              ratio: candidate.ratio,
              document: candidate,
            };
            break;
          }
        }
      }
      byKey.set(key, text);
    }
    return byKey.get(key) ?? undefined;
  }

  /**
   * The messages for a question, budgeted by the planner for `contextLength` estimated tokens. Public for tests:
   * the shared prefix is what the server's cache reuses.
   */
  prompt(request: Pick<AskRequest, 'index' | 'question' | 'ratio' | 'dense'>, contextLength: number): RemotePrompt {
    const { index, question } = request;
    const input = this.#planInput(index, request.ratio, contextLength);
    const overview = this.#overview(index, planBudget(input));
    const plan = planContext({
      ...input,
      index: index.index,
      question,
      countTokens: estimateTokens,
      ...(request.dense ? { expansion: { dense: request.dense } } : {}),
      // What the realised overview leaves: the plan's passage budget, never more.
      roomTokens: Math.max(0, planBudget(input).totalTokens - (overview?.tokens ?? 0)),
    });
    const sharedPrefix = overview ? `${overview.text}\n\n` : '';
    const passages =
      plan.pieces.length > 0
        ? `The passages most relevant to the question, in full:\n${plan.pieces.map((p) => expansionText(index.doc.text, p)).join('\n')}`
        : '(No passage of the document matches the question’s words.)';
    return {
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: `${sharedPrefix}${passages}\n\nQuestion: ${question}` },
      ],
      sharedPrefix,
      ...(overview?.document ? { document: overview.document } : {}),
      overview: plan.overview.kind,
      matched: plan.pieces.length > 0,
    };
  }

  /** The context length in estimated tokens: what the plan budgets with. */
  #estimatedContext(contextLength: number): number {
    return Math.floor(contextLength / this.#tokenScale);
  }

  async ask(request: AskRequest, ctx: StageContext): Promise<AskResult> {
    const prepareStart = performance.now();
    ctx.onProgress({ phase: 'preparing', done: 0, total: 1 });
    const served = await this.#server(ctx.signal);
    await this.#ensureSummaries(request, served, ctx);
    let prompt = this.prompt(request, this.#estimatedContext(served.contextLength));
    let prepareMs = performance.now() - prepareStart;
    throwIfCancelled(ctx.signal);
    ctx.onProgress({ phase: 'answering', done: 0, total: 1 });
    const send = () =>
      this.options.client.chatStream({
        model: served.model,
        messages: prompt.messages,
        maxTokens: this.#maxAnswer,
        cachePrompt: served.cachePrompt,
        signal: ctx.signal,
        onText: request.onText,
      });
    let output: Awaited<ReturnType<typeof send>>;
    try {
      output = await send();
    } catch (error) {
      // The estimate undercounted the server's tokenizer: learn its ratio from the server's own count, retry once.
      if (!this.#learnScale(error, prompt.messages, served)) throw error;
      const retryStart = performance.now();
      await this.#ensureSummaries(request, served, ctx);
      prompt = this.prompt(request, this.#estimatedContext(served.contextLength));
      prepareMs += performance.now() - retryStart;
      output = await send();
    }
    const answer = output.text.trim();
    const noEvidence = !prompt.matched;
    const ttft = output.ttftMs ?? output.totalMs;
    const completion = output.usage?.completionTokens ?? 0;
    const decodeMs = output.totalMs - ttft;
    const promptTokens = output.usage?.promptTokens ?? estimateTokens(prompt.messages.map((m) => m.content).join('\n'));
    const cachedTokens = output.usage?.cachedTokens ?? output.serverTimings?.cacheN;
    return {
      mode: 'generated',
      answer: answer || (noEvidence ? NO_EVIDENCE_ANSWER : answer),
      citations: extractCitations(answer, request.index),
      passages: [],
      noEvidence,
      timings: {
        prepareMs: Math.round(prepareMs),
        ttftMs: ttft,
        decodeTokPerS: decodeMs > 0 && completion > 1 ? Math.round(((completion - 1) / decodeMs) * 10000) / 10 : 0,
      },
      promptTokens,
      kvTokens: 0,
      stateBytes: 0,
      ratio: prompt.document?.ratio ?? request.ratio,
      contextMode: prompt.document
        ? 'text'
        : prompt.sharedPrefix && (prompt.overview === 'titles' || prompt.overview === 'summaries')
          ? prompt.overview
          : 'passages',
      ...(cachedTokens !== undefined ? { evaluatedTokens: Math.max(0, promptTokens - cachedTokens) } : {}),
      server: { model: served.model, ...(cachedTokens !== undefined ? { cachedTokens } : {}) },
    };
  }

  /** What the plan at `ratio` holds (overview and passages together, as the local estimate); nothing to build. */
  async estimate(index: DocumentIndex, ratio: number): Promise<CompressionCost> {
    const served = await this.#server().catch(() => undefined);
    const contextLength = this.#estimatedContext(served?.contextLength ?? DEFAULT_SERVER_CONTEXT);
    const { totalTokens } = planBudget(this.#planInput(index, ratio, contextLength));
    return { keptTokens: totalTokens, kvBytes: 0, ready: true, compression: 'server' };
  }

  /**
   * Chapter titles (and any other grammar-constrained work) through the server: each `complete` is one chat
   * completion with the schema as `response_format`; text that is not JSON comes back as no answer, which the
   * caller treats as an unusable window. Budgeted with the estimate against the server's context.
   */
  /**
   * The estimate undercounted the server's tokenizer: learns its ratio from the server's own count in a
   * SERVER_CONTEXT_EXCEEDED error (llama.cpp's `n_prompt_tokens`). False for any other error.
   */
  #learnScale(error: unknown, messages: ChatMessage[], served: { contextLength: number }): boolean {
    const detail =
      error instanceof LecternError ? (error.detail as { promptTokens?: number; contextLength?: number }) : undefined;
    if (!(error instanceof LecternError) || error.code !== 'SERVER_CONTEXT_EXCEEDED' || !detail?.promptTokens)
      return false;
    const estimated = estimateTokens(messages.map((m) => m.content).join('\n'));
    this.#tokenScale = Math.max(this.#tokenScale, (detail.promptTokens / Math.max(1, estimated)) * 1.1);
    served.contextLength = detail.contextLength ?? served.contextLength;
    return true;
  }

  async withCompletions<T>(work: (deps: ModelCompletions) => Promise<T>, signal: AbortSignal): Promise<T> {
    return work(this.#completions(await this.#server(signal)));
  }

  #completions(served: { model: string; contextLength: number }): ModelCompletions {
    const send = async (
      request: { system: string; prompt: string; maxTokens: number; signal: AbortSignal },
      jsonSchema?: object,
    ) => {
      const messages: ChatMessage[] = [
        { role: 'system', content: request.system },
        { role: 'user', content: request.prompt },
      ];
      try {
        return await this.options.client.chatStream({
          model: served.model,
          messages,
          maxTokens: request.maxTokens,
          ...(jsonSchema ? { jsonSchema } : {}),
          signal: request.signal,
        });
      } catch (error) {
        // Learnt here too, so that the caller's next try cuts its input to what the server really holds.
        this.#learnScale(error, messages, served);
        throw error;
      }
    };
    return {
      countTokens: estimateTokens,
      contextSize: Math.floor(this.#estimatedContext(served.contextLength) * SAFETY),
      complete: async (request) => {
        const output = await send(request, request.jsonSchema);
        try {
          return { json: JSON.parse(output.text) as unknown };
        } catch {
          return {};
        }
      },
      completeText: async (request) => ({ text: (await send(request)).text.trim() }),
    };
  }

  /**
   * When the plan's overview is chapter summaries (the document does not fit even compressed), writes the missing
   * ones through the server (cached in the library under the server's model) and keeps the text for `prompt`.
   */
  async #ensureSummaries(
    request: AskRequest,
    served: { model: string; contextLength: number },
    ctx: StageContext,
    retried = false,
  ): Promise<void> {
    const store = this.options.summaries?.();
    if (!store) return;
    const budget = planBudget(
      this.#planInput(request.index, request.ratio, this.#estimatedContext(served.contextLength)),
    );
    if (budget.overview.kind !== 'summaries') return;
    let byKey = this.#documents.get(request.index);
    if (!byKey) this.#documents.set(request.index, (byKey = new Map<string, OverviewText | null>()));
    const key = JSON.stringify(budget.overview);
    if (byKey.get(key)) return;
    const write = () =>
      summaryPrefix({
        completions: this.#completions(served),
        index: request.index,
        chapters: request.chapters,
        store,
        modelHash: `server:${this.options.client.baseUrl}:${served.model}`,
        maxSummaryTokens: 160,
        budgetTokens: budget.overview.tokens,
        ctx,
      });
    let overview: string;
    try {
      ({ overview } = await write());
    } catch (error) {
      // A chapter's text overflowed the server: the scale is learnt (so the plan, too, is made again) and the
      // summaries written so far are cached; once more.
      if (retried || !(error instanceof LecternError) || error.code !== 'SERVER_CONTEXT_EXCEEDED') throw error;
      return this.#ensureSummaries(request, served, ctx, true);
    }
    byKey.set(key, { text: overview.trimEnd(), tokens: estimateTokens(overview), ratio: budget.ratio });
  }

  /** Nothing to build: the server computes (and caches) the document prefix on the first question. */
  prepare(): Promise<PrepareResult> {
    return Promise.resolve({ mode: 'text' });
  }
}
