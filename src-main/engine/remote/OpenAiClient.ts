import type { ServerKind, ServerModel, ServerTestResult } from '../../../src-shared/domain/server';
import { LecternError } from '../../../src-shared/errors';
import { parseSse, streamChunks } from './parseSse';
import { redact, serverError, transportError } from './remoteErrors';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatStreamRequest {
  model: string;
  messages: ChatMessage[];
  maxTokens: number;
  /** 0 by default: answers should be reproducible. */
  temperature?: number;
  /** llama.cpp's `cache_prompt`: reuse the KV cache of the longest common prefix. Sent only to llama.cpp servers. */
  cachePrompt?: boolean;
  /**
   * Constrains the answer to this JSON schema with OpenAI's `response_format: { type: 'json_schema' }`, which
   * llama.cpp's server (as a grammar), vLLM (guided decoding) and Ollama's `/v1` all read.
   */
  jsonSchema?: object;
  signal?: AbortSignal;
  onText?: (text: string) => void;
}

export interface ChatStreamResult {
  text: string;
  finishReason?: string;
  /** `usage` from the last chunk (`stream_options.include_usage`), when the server sends it. */
  usage?: { promptTokens: number; completionTokens: number; cachedTokens?: number };
  /** Milliseconds from sending the request to the first content. */
  ttftMs?: number;
  totalMs: number;
  /** llama.cpp's own `timings` (`cache_n` tokens reused, `prompt_n` evaluated), when it sends them. */
  serverTimings?: { cacheN?: number; promptN?: number; promptMs?: number };
}

/** `http://host:8080` or `http://host:8080/v1/` becomes the API root `http://host:8080/v1`. */
export function normaliseBaseUrl(input: string): string {
  const url = new URL(input);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new LecternError('INVALID_ARGUMENT', `A server URL must be http:// or https://, got ${url.protocol}`);
  url.hash = '';
  url.search = '';
  let path = url.pathname.replace(/\/+$/, '');
  if (path === '') path = '/v1';
  url.pathname = path;
  return url.toString().replace(/\/+$/, '');
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function kindOf(models: readonly { ownedBy?: string }[], raw: readonly Record<string, unknown>[]): ServerKind {
  const owners = new Set(models.map((m) => m.ownedBy));
  if (owners.has('llamacpp')) return 'llama.cpp';
  if (owners.has('vllm') || raw.some((m) => 'max_model_len' in m)) return 'vllm';
  if (owners.has('library') || owners.has('ollama')) return 'ollama';
  return 'unknown';
}

/**
 * A client of the OpenAI-compatible HTTP API as llama.cpp's server, vLLM, Ollama and LM Studio implement it:
 * `GET /models`, streaming `POST /chat/completions`. The API key goes only to `baseUrl`'s origin: every request is
 * built from it, and redirects are refused (a redirect to another host would otherwise be followed).
 */
export class OpenAiClient {
  readonly baseUrl: string;
  readonly #apiKey: string | undefined;
  #kind?: ServerKind;

  constructor(baseUrl: string, apiKey?: string) {
    this.baseUrl = normaliseBaseUrl(baseUrl);
    this.#apiKey = apiKey || undefined;
  }

  get hasApiKey(): boolean {
    return this.#apiKey !== undefined;
  }

  /** Hands the key to `make` without exposing it as a property: for a new connection to the same host. */
  withSameKey<T>(make: (apiKey: string | undefined) => T): T {
    return make(this.#apiKey);
  }

  async #fetch(path: string, init: RequestInit & { signal?: AbortSignal }): Promise<Response> {
    const url = `${this.baseUrl}${path}`;
    const headers = new Headers(init.headers);
    if (this.#apiKey) headers.set('authorization', `Bearer ${this.#apiKey}`);
    let response: Response;
    try {
      response = await fetch(url, { ...init, headers, redirect: 'error' });
    } catch (error) {
      throw transportError(error, url, init.signal);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw serverError(response.status, text, this.#apiKey, response.headers.get('retry-after'));
    }
    return response;
  }

  /** `GET /models`, with the context length where the server tells it. */
  async listModels(signal?: AbortSignal): Promise<ServerModel[]> {
    const response = await this.#fetch('/models', { method: 'GET', ...(signal ? { signal } : {}) });
    const json = (await response.json().catch(() => undefined)) as { data?: unknown } | undefined;
    if (!json || !Array.isArray(json.data))
      throw new LecternError('SERVER_FAILED', `${this.baseUrl}/models did not return a model list.`);
    const raw = json.data.filter((m): m is Record<string, unknown> => typeof m === 'object' && m !== null);
    const models = raw
      .filter((m) => typeof m.id === 'string')
      .map((m) => {
        const meta = typeof m.meta === 'object' && m.meta !== null ? (m.meta as Record<string, unknown>) : {};
        // vLLM: max_model_len (the served context). llama.cpp: meta.n_ctx_train is the trained length, not the
        // served one, so /props fills it in below when it can.
        const contextLength = num(m.max_model_len) ?? num(m.context_length) ?? num(meta.n_ctx);
        const model: ServerModel = { id: m.id as string };
        if (contextLength !== undefined) model.contextLength = contextLength;
        if (typeof m.owned_by === 'string') model.ownedBy = m.owned_by;
        return model;
      });
    this.#kind = kindOf(models, raw);
    if (this.#kind === 'llama.cpp' && models.some((m) => m.contextLength === undefined)) {
      const nCtx = await this.#llamaCppContext(signal);
      if (nCtx !== undefined) for (const m of models) m.contextLength ??= nCtx;
    }
    return models;
  }

  /** llama.cpp serves its context size at `/props` beside `/v1`; any failure there just leaves it unknown. */
  async #llamaCppContext(signal?: AbortSignal): Promise<number | undefined> {
    try {
      const root = this.baseUrl.replace(/\/v1$/, '');
      const headers = this.#apiKey ? { authorization: `Bearer ${this.#apiKey}` } : undefined;
      const response = await fetch(`${root}/props`, {
        redirect: 'error',
        ...(headers ? { headers } : {}),
        ...(signal ? { signal } : {}),
      });
      if (!response.ok) return undefined;
      const props = (await response.json()) as { default_generation_settings?: { n_ctx?: unknown }; n_ctx?: unknown };
      return num(props.default_generation_settings?.n_ctx) ?? num(props.n_ctx);
    } catch {
      return undefined;
    }
  }

  /** Which server this is (read from `GET /models`); `unknown` until it was listed. */
  async kind(signal?: AbortSignal): Promise<ServerKind> {
    if (this.#kind === undefined) await this.listModels(signal);
    return this.#kind ?? 'unknown';
  }

  /** "Test connection": how long `GET /models` takes and what it lists. */
  async test(model?: string, signal?: AbortSignal): Promise<ServerTestResult> {
    const start = performance.now();
    const models = await this.listModels(signal);
    const latencyMs = Math.round(performance.now() - start);
    const chosen = models.find((m) => m.id === model) ?? models[0];
    return {
      baseUrl: this.baseUrl,
      latencyMs,
      models,
      kind: this.#kind ?? 'unknown',
      ...(chosen?.contextLength !== undefined ? { contextLength: chosen.contextLength } : {}),
    };
  }

  /**
   * Streams `POST /chat/completions` (`stream: true`): content deltas go to `onText` as they arrive, `[DONE]` ends
   * it, and the last chunk's `usage` is kept. Aborting `signal` closes the HTTP request (the server stops).
   */
  async chatStream(request: ChatStreamRequest): Promise<ChatStreamResult> {
    const start = performance.now();
    const body: Record<string, unknown> = {
      model: request.model,
      messages: request.messages,
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: request.maxTokens,
      temperature: request.temperature ?? 0,
    };
    if (request.cachePrompt) body.cache_prompt = true;
    if (request.jsonSchema)
      body.response_format = {
        type: 'json_schema',
        json_schema: { name: 'answer', strict: true, schema: request.jsonSchema },
      };
    const response = await this.#fetch('/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(body),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    if (!response.body) throw new LecternError('SERVER_FAILED', 'The server sent an empty answer.');
    const result: ChatStreamResult = { text: '', totalMs: 0 };
    try {
      for await (const event of parseSse(streamChunks(response.body))) {
        if (event.data.trim() === '[DONE]') break;
        let chunk: Record<string, unknown>;
        try {
          chunk = JSON.parse(event.data) as Record<string, unknown>;
        } catch {
          throw new LecternError(
            'SERVER_FAILED',
            `The server sent a chunk that is not JSON: ${event.data.slice(0, 200)}`,
          );
        }
        // An error in the middle of a stream (llama.cpp, vLLM): the HTTP status was already 200.
        if (event.event === 'error' || 'error' in chunk || chunk.object === 'error') {
          const inner = (chunk.error ?? chunk) as { code?: unknown };
          const status = num(inner.code) ?? 500;
          throw serverError(status, redact(event.data, this.#apiKey));
        }
        this.#readChunk(chunk, result, start, request.onText);
      }
    } catch (error) {
      if (request.signal?.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
      if (error instanceof LecternError) throw error;
      throw transportError(error, `${this.baseUrl}/chat/completions`, request.signal);
    }
    result.totalMs = Math.round(performance.now() - start);
    return result;
  }

  #readChunk(chunk: Record<string, unknown>, result: ChatStreamResult, start: number, onText?: (t: string) => void) {
    const choices = Array.isArray(chunk.choices) ? (chunk.choices as Record<string, unknown>[]) : [];
    for (const choice of choices) {
      const delta = (choice.delta ?? {}) as { content?: unknown };
      if (typeof delta.content === 'string' && delta.content !== '') {
        result.ttftMs ??= Math.round(performance.now() - start);
        result.text += delta.content;
        onText?.(delta.content);
      }
      if (typeof choice.finish_reason === 'string') result.finishReason = choice.finish_reason;
    }
    const usage = chunk.usage as Record<string, unknown> | null | undefined;
    if (usage && typeof usage === 'object') {
      const details = usage.prompt_tokens_details as { cached_tokens?: unknown } | null | undefined;
      const cached = num(details?.cached_tokens);
      result.usage = {
        promptTokens: num(usage.prompt_tokens) ?? 0,
        completionTokens: num(usage.completion_tokens) ?? 0,
        ...(cached !== undefined ? { cachedTokens: cached } : {}),
      };
    }
    const timings = chunk.timings as Record<string, unknown> | undefined;
    if (timings && typeof timings === 'object') {
      const t: NonNullable<ChatStreamResult['serverTimings']> = {};
      const cacheN = num(timings.cache_n);
      const promptN = num(timings.prompt_n);
      const promptMs = num(timings.prompt_ms);
      if (cacheN !== undefined) t.cacheN = cacheN;
      if (promptN !== undefined) t.promptN = promptN;
      if (promptMs !== undefined) t.promptMs = promptMs;
      result.serverTimings = t;
    }
  }
}
