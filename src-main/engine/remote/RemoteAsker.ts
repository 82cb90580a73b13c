import type { AskResult } from '../../../src-shared/domain/answer';
import { LecternError } from '../../../src-shared/errors';
import { compressDocument, type CompressedDocument } from '../compression/compressDocument';
import { MAX_RATIO } from '../compression/types';
import { estimateTokens } from '../index/countTokens';
import type { DocumentIndex } from '../index/documentIndex';
import { expansionText, selectExpansions } from '../index/selectExpansions';
import { throwIfCancelled, type StageContext } from '../jobs/JobRunner';
import { NO_EVIDENCE_ANSWER } from '../qa/answerWithPassages';
import type { Asker, AskRequest, CompressionCost, PrepareResult } from '../qa/Asker';
import { extractCitations } from '../qa/citations';
import { SYSTEM_PROMPT } from '../qa/promptFrame';
import type { ChatMessage, OpenAiClient } from './OpenAiClient';
import { DEFAULT_SERVER_CONTEXT, planRemoteContext } from './planRemoteContext';

export interface RemoteAskerOptions {
  client: OpenAiClient;
  /** The model to request; default the first one the server lists. */
  model?: string;
  /** Most answer tokens. Default 512, as the local asker. */
  maxAnswerTokens?: number;
  /** Most passage tokens per question. Default 1536, as the local asker. */
  expandTokens?: number;
}

export const DOCUMENT_INTRO = 'Document (some words are left out to save space; each passage starts with its label):\n';

/** What a server is asked: the document part (identical for every question at a ratio) and the question's part. */
export interface RemotePrompt {
  messages: ChatMessage[];
  /** The leading characters of the prompt that every question about this document at this ratio shares. */
  sharedPrefix: string;
  document?: CompressedDocument;
  matched: boolean;
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
  readonly #documents = new WeakMap<DocumentIndex, Map<string, CompressedDocument | null>>();
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

  /** The compressed document for `ratio` within the plan, computed once per index (so it is byte-identical). */
  #document(index: DocumentIndex, ratio: number, documentMaxTokens: number): CompressedDocument | undefined {
    let byKey = this.#documents.get(index);
    if (!byKey) this.#documents.set(index, (byKey = new Map<string, CompressedDocument | null>()));
    const key = `${ratio}:${documentMaxTokens}`;
    if (!byKey.has(key)) {
      let compressed: CompressedDocument | null = null;
      // The slider's ratio first; the KV build's most when that does not fit; else no document part at all.
      for (const r of [ratio, MAX_RATIO]) {
        const candidate = compressDocument(index.doc.text, index.segments, {
          ratio: r,
          countTokens: estimateTokens,
          maxTokens: documentMaxTokens,
        });
        if (candidate.tokens <= documentMaxTokens) {
          compressed = candidate;
          break;
        }
      }
      byKey.set(key, compressed);
    }
    return byKey.get(key) ?? undefined;
  }

  /**
   * The messages for a question, budgeted for `contextLength` estimated tokens. Public for tests: the shared prefix
   * is what the server's cache reuses.
   */
  prompt(request: Pick<AskRequest, 'index' | 'question' | 'ratio' | 'dense'>, contextLength: number): RemotePrompt {
    const { index, question } = request;
    const plan = planRemoteContext({
      contextLength,
      maxAnswerTokens: this.#maxAnswer,
      ...(this.options.expandTokens !== undefined ? { expandTokens: this.options.expandTokens } : {}),
    });
    const document = this.#document(index, request.ratio, plan.documentMaxTokens);
    const sharedPrefix = document ? `${DOCUMENT_INTRO}${document.text}\n\n` : '';
    const pieces = selectExpansions(
      index.index,
      question,
      plan.passageTokens(document?.tokens ?? 0),
      estimateTokens,
      request.dense ? { dense: request.dense } : {},
    );
    const passages =
      pieces.length > 0
        ? `The passages most relevant to the question, in full:\n${pieces.map((p) => expansionText(index.doc.text, p)).join('\n')}`
        : '(No passage of the document matches the question’s words.)';
    return {
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: `${sharedPrefix}${passages}\n\nQuestion: ${question}` },
      ],
      sharedPrefix,
      ...(document ? { document } : {}),
      matched: pieces.length > 0,
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
      const detail =
        error instanceof LecternError ? (error.detail as { promptTokens?: number; contextLength?: number }) : undefined;
      if (!(error instanceof LecternError) || error.code !== 'SERVER_CONTEXT_EXCEEDED' || !detail?.promptTokens)
        throw error;
      const estimated = estimateTokens(prompt.messages.map((m) => m.content).join('\n'));
      this.#tokenScale = Math.max(this.#tokenScale, (detail.promptTokens / Math.max(1, estimated)) * 1.1);
      served.contextLength = detail.contextLength ?? served.contextLength;
      const retryStart = performance.now();
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
      contextMode: prompt.document ? 'text' : 'passages',
      ...(cachedTokens !== undefined ? { evaluatedTokens: Math.max(0, promptTokens - cachedTokens) } : {}),
      server: { model: served.model, ...(cachedTokens !== undefined ? { cachedTokens } : {}) },
    };
  }

  /** The document part's size at `ratio`; nothing is built locally, so it is always ready. */
  async estimate(index: DocumentIndex, ratio: number): Promise<CompressionCost> {
    const served = await this.#server().catch(() => undefined);
    const plan = planRemoteContext({
      contextLength: this.#estimatedContext(served?.contextLength ?? DEFAULT_SERVER_CONTEXT),
      maxAnswerTokens: this.#maxAnswer,
    });
    return {
      keptTokens: this.#document(index, ratio, plan.documentMaxTokens)?.tokens ?? 0,
      kvBytes: 0,
      ready: true,
      compression: 'server',
    };
  }

  /** Nothing to build: the server computes (and caches) the document prefix on the first question. */
  prepare(): Promise<PrepareResult> {
    return Promise.resolve({ mode: 'text' });
  }
}
