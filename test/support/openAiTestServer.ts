import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatHistoryItem, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';

/**
 * An OpenAI-compatible server for tests, on 127.0.0.1 (port 0), answering with a real GGUF through node-llama-cpp.
 * It speaks the protocol as llama.cpp's server documents it (`/v1/models` with `owned_by: "llamacpp"`, `/props`,
 * streamed `chat.completion.chunk`s, a last chunk with `usage` and `timings`, `data: [DONE]`, its error bodies) and
 * reuses the KV cache of the longest common prompt prefix as llama.cpp's `cache_prompt` does: one sequence, kept
 * between requests, erased only from the first differing token.
 */
export interface TestServerOptions {
  modelPath: string;
  contextSize: number;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** The model id it serves (a request naming another gets vLLM's 404). Default `test-model`. */
  modelId?: string;
  /** Most tokens one answer may have whatever a request asks (llama.cpp's `--n-predict`). Default: no cap. */
  maxTokens?: number;
  /** Delay after each generated token, to stand in for a slower machine (abort tests). Default 0. */
  tokenDelayMs?: number;
}

export interface RecordedRequest {
  path: string;
  authorization?: string;
  body?: Record<string, unknown>;
  promptTokens?: number;
  /** Prompt tokens reused from the previous request's KV cache. */
  cachedTokens?: number;
  generated?: number;
  /** The client closed the connection before the answer ended. */
  aborted?: boolean;
}

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  /** The next `n` chat requests get HTTP 429. */
  rateLimitNext(n: number): void;
  /** Sets the delay after each generated token. */
  setTokenDelay(ms: number): void;
  close(): Promise<void>;
}

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startOpenAiTestServer(options: TestServerOptions): Promise<TestServer> {
  const { getLlama, LlamaGrammarEvaluationState, LlamaLogLevel, resolveChatWrapper } = await import('node-llama-cpp');
  const llama = await getLlama({ gpu: false, build: 'never', progressLogs: false, logLevel: LlamaLogLevel.error });
  const model: LlamaModel = await llama.loadModel({ modelPath: options.modelPath, gpuLayers: 0 });
  const context = await model.createContext({ contextSize: options.contextSize, threads: 1 });
  const sequence: LlamaContextSequence = context.getSequence();
  const wrapper = resolveChatWrapper(model);
  const modelId = options.modelId ?? 'test-model';
  const requests: RecordedRequest[] = [];
  let rateLimited = 0;
  let tokenDelayMs = options.tokenDelayMs ?? 0;
  let queue: Promise<unknown> = Promise.resolve();

  const promptTokens = (messages: { role: string; content: string }[]): Token[] => {
    const chatHistory: ChatHistoryItem[] = messages.map((m) =>
      m.role === 'system'
        ? { type: 'system', text: m.content }
        : m.role === 'assistant'
          ? { type: 'model', response: [m.content] }
          : { type: 'user', text: m.content },
    );
    chatHistory.push({ type: 'model', response: [] });
    return wrapper.generateContextState({ chatHistory }).contextText.tokenize(model.tokenizer);
  };

  const complete = async (req: IncomingMessage, res: ServerResponse, record: RecordedRequest) => {
    const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    record.body = body;
    if (body.model !== modelId)
      return send(res, 404, {
        error: {
          message: `The model \`${String(body.model)}\` does not exist.`,
          type: 'NotFoundError',
          param: 'model',
          code: 404,
        },
      });
    const tokens = promptTokens(body.messages as { role: string; content: string }[]);
    record.promptTokens = tokens.length;
    if (tokens.length >= options.contextSize)
      return send(res, 400, {
        error: {
          code: 400,
          message: `request (${tokens.length} tokens) exceeds the available context size (${options.contextSize} tokens), try increasing it`,
          type: 'exceed_context_size_error',
          n_prompt_tokens: tokens.length,
          n_ctx: options.contextSize,
        },
      });
    const maxTokens = Math.min(
      Number(body.max_tokens ?? 256),
      options.maxTokens ?? Infinity,
      options.contextSize - tokens.length,
    );
    // `response_format: { type: 'json_schema' }`, as llama.cpp's server does it: the schema becomes a grammar.
    const format = body.response_format as { type?: string; json_schema?: { schema?: object } } | undefined;
    const grammar =
      format?.type === 'json_schema' && format.json_schema?.schema
        ? await llama.createGrammarForJsonSchema(format.json_schema.schema as never)
        : undefined;
    const grammarEvaluationState = grammar ? new LlamaGrammarEvaluationState({ model, grammar }) : undefined;
    const started = performance.now();
    // llama.cpp's prompt cache: keep the longest common prefix, evaluate from the first differing token (at least one).
    let common = body.cache_prompt === false ? 0 : sequence.compareContextTokens(tokens).firstDifferentIndex;
    common = Math.min(common, tokens.length - 1);
    if (common === 0) await sequence.clearHistory();
    else if (common < sequence.nextTokenIndex)
      await sequence.eraseContextTokenRanges([{ start: common, end: sequence.nextTokenIndex }]);
    record.cachedTokens = common;

    const id = `chatcmpl-${requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ choices, created, id, model: modelId, system_fingerprint: 'b0-test', object: 'chat.completion.chunk', ...extra })}\n\n`;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(chunk([{ finish_reason: null, index: 0, delta: { role: 'assistant', content: null } }]));
    let closed = false;
    res.on('close', () => (closed = !res.writableFinished));
    const generated: Token[] = [];
    let emitted = '';
    let firstAt: number | undefined;
    let finish = 'length';
    const sampling = { temperature: 0, ...(grammarEvaluationState ? { grammarEvaluationState } : {}) };
    for await (const token of sequence.evaluate(tokens.slice(common), sampling)) {
      firstAt ??= performance.now();
      if (closed) break;
      if (model.isEogToken(token)) {
        finish = 'stop';
        break;
      }
      generated.push(token);
      const text = model.detokenize(generated);
      if (!text.endsWith('\uFFFD') && text.length > emitted.length) {
        res.write(chunk([{ finish_reason: null, index: 0, delta: { content: text.slice(emitted.length) } }]));
        emitted = text;
      }
      if (generated.length >= maxTokens) break;
      if (tokenDelayMs) await new Promise((r) => setTimeout(r, tokenDelayMs));
    }
    record.generated = generated.length;
    record.aborted = closed;
    if (closed) return;
    const promptMs = (firstAt ?? performance.now()) - started;
    res.write(chunk([{ finish_reason: finish, index: 0, delta: {} }]));
    res.write(
      chunk([], {
        usage: {
          completion_tokens: generated.length,
          prompt_tokens: tokens.length,
          total_tokens: tokens.length + generated.length,
          prompt_tokens_details: { cached_tokens: common },
        },
        timings: {
          cache_n: common,
          prompt_n: tokens.length - common,
          prompt_ms: promptMs,
          predicted_n: generated.length,
        },
      }),
    );
    res.end('data: [DONE]\n\n');
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const record: RecordedRequest = {
      path,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    };
    requests.push(record);
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`)
      return send(res, 401, { error: { code: 401, message: 'Invalid API Key', type: 'authentication_error' } });
    if (req.method === 'GET' && path === '/v1/models')
      return send(res, 200, {
        object: 'list',
        data: [
          {
            id: modelId,
            object: 'model',
            created: 0,
            owned_by: 'llamacpp',
            meta: { n_ctx_train: model.trainContextSize },
          },
        ],
      });
    if (req.method === 'GET' && path === '/props')
      return send(res, 200, { default_generation_settings: { n_ctx: options.contextSize }, total_slots: 1 });
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      if (rateLimited > 0) {
        rateLimited--;
        return send(
          res,
          429,
          {
            error: {
              message: 'Rate limit reached for requests',
              type: 'requests',
              param: null,
              code: 'rate_limit_exceeded',
            },
          },
          { 'retry-after': '1' },
        );
      }
      // One sequence: requests take turns, as llama.cpp's single slot does.
      const run = queue.then(() => complete(req, res, record));
      queue = run.catch(() => undefined);
      run.catch((error: unknown) => {
        if (!res.headersSent) send(res, 500, { error: { code: 500, message: String(error), type: 'server_error' } });
        else res.end();
      });
      return;
    }
    send(res, 404, { error: { code: 404, message: 'File Not Found', type: 'not_found_error' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    rateLimitNext: (n) => (rateLimited = n),
    setTokenDelay: (ms) => (tokenDelayMs = ms),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}
