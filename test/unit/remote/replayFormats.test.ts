import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LecternDocument } from '../../../src-shared/domain/document';
import { buildDocumentIndex } from '../../../src-main/engine/index/documentIndex';
import { OpenAiClient } from '../../../src-main/engine/remote/OpenAiClient';
import { RemoteAsker } from '../../../src-main/engine/remote/RemoteAsker';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/openai/${name}`, import.meta.url), 'utf8');

interface Route {
  status?: number;
  file: string;
  /** Bytes per write, to split the body anywhere (lines, UTF-8, JSON). Default: the whole body at once. */
  chunk?: number;
  headers?: Record<string, string>;
}

let server: Server | undefined;
const received: { path: string; body: string; authorization?: string }[] = [];
afterEach(async () => {
  received.length = 0;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A real HTTP server replaying recorded bodies by path. */
async function replay(routes: Record<string, Route>): Promise<string> {
  const body = async (req: IncomingMessage) => {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    return Buffer.concat(parts).toString('utf8');
  };
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    void body(req).then(async (text) => {
      received.push({
        path,
        body: text,
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      });
      const route = routes[path];
      if (!route) return res.writeHead(404).end('not found');
      const content = Buffer.from(fixture(route.file));
      const type = route.file.endsWith('.sse') ? 'text/event-stream' : 'application/json';
      res.writeHead(route.status ?? 200, { 'content-type': type, ...route.headers });
      const size = route.chunk ?? content.length;
      for (let at = 0; at < content.length; at += size) {
        res.write(content.subarray(at, at + size));
        await new Promise((r) => setImmediate(r));
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ code: 'none', message: '' }),
    (error: { code?: string; message: string }) => ({ code: error.code, message: error.message }),
  );
const chat = (client: OpenAiClient, onText?: (t: string) => void) =>
  client.chatStream({
    model: 'm',
    maxTokens: 16,
    messages: [{ role: 'user', content: 'q' }],
    ...(onText ? { onText } : {}),
  });

describe('the OpenAI-compatible client against recorded llama.cpp, vLLM and Ollama bodies', () => {
  it('reads llama.cpp: models, n_ctx from /props, a stream split every 7 bytes with usage and timings', async () => {
    const url = await replay({
      '/v1/models': { file: 'llamacpp-models.json' },
      '/props': { file: 'llamacpp-props.json' },
      '/v1/chat/completions': { file: 'llamacpp-chat.sse', chunk: 7 },
    });
    const client = new OpenAiClient(url, 'sk-local');
    const test = await client.test();
    expect(test).toMatchObject({ kind: 'llama.cpp', contextLength: 8192, models: [{ id: 'Qwen3-4B-Q4_K_M.gguf' }] });
    const pieces: string[] = [];
    const result = await chat(client, (t) => pieces.push(t));
    expect(pieces).toEqual(['The UV stage cost', ' 4.2 million [S2].']);
    expect(result).toMatchObject({
      text: 'The UV stage cost 4.2 million [S2].',
      finishReason: 'stop',
      usage: { promptTokens: 1520, completionTokens: 9 },
      serverTimings: { cacheN: 1402, promptN: 118 },
    });
    // The key went to the configured host only, on each request, /props included.
    expect(received.map((r) => r.authorization)).toEqual(Array(3).fill('Bearer sk-local'));
    const sent = JSON.parse(received.at(-1)!.body) as Record<string, unknown>;
    expect(sent).toMatchObject({ stream: true, stream_options: { include_usage: true }, temperature: 0 });
  });

  it('reads vLLM: max_model_len, a stream whose usage comes in a chunk without choices, cached tokens', async () => {
    const url = await replay({
      '/v1/models': { file: 'vllm-models.json' },
      '/v1/chat/completions': { file: 'vllm-chat.sse', chunk: 5 },
    });
    const client = new OpenAiClient(`${url}/v1/`);
    expect(await client.test()).toMatchObject({ kind: 'vllm', contextLength: 32768 });
    const result = await chat(client);
    expect(result.text).toBe('Lead pipes go by 2031 [S4].');
    expect(result.usage).toEqual({ promptTokens: 1611, completionTokens: 9, cachedTokens: 1536 });
    expect(received.every((r) => r.authorization === undefined)).toBe(true);
  });

  it('reads Ollama: no context length told, a stream ending in a usage chunk', async () => {
    const url = await replay({
      '/v1/models': { file: 'ollama-models.json' },
      '/v1/chat/completions': { file: 'ollama-chat.sse' },
    });
    const client = new OpenAiClient(url);
    const test = await client.test();
    expect(test.kind).toBe('ollama');
    expect(test.contextLength).toBeUndefined();
    const result = await chat(client);
    expect(result).toMatchObject({ text: 'It was built in 2019 [S1].', finishReason: 'stop' });
    expect(result.usage?.promptTokens).toBe(1490);
  });

  it.each([
    ['llamacpp-401.json', 401, 'SERVER_UNAUTHORIZED', 'Invalid API Key'],
    ['vllm-401.json', 401, 'SERVER_UNAUTHORIZED', 'Unauthorized'],
    ['llamacpp-context.json', 400, 'SERVER_CONTEXT_EXCEEDED', 'exceeds the available context size'],
    ['vllm-context.json', 400, 'SERVER_CONTEXT_EXCEEDED', 'maximum context length is 4096'],
    ['vllm-404.json', 404, 'SERVER_MODEL_NOT_FOUND', 'Qwen/Qwen3-14B'],
    ['vllm-404-old.json', 404, 'SERVER_MODEL_NOT_FOUND', 'does not exist'],
    ['ollama-404.json', 404, 'SERVER_MODEL_NOT_FOUND', 'try pulling it first'],
    ['openai-429.json', 429, 'SERVER_RATE_LIMITED', 'retry after 20 s'],
  ])('maps %s (HTTP %i) to %s with the server’s message', async (file, status, code, text) => {
    const url = await replay({ '/v1/chat/completions': { file, status, headers: { 'retry-after': '20' } } });
    const error = await failure(chat(new OpenAiClient(url)));
    expect(error.code).toBe(code);
    expect(error.message).toContain(text);
  });

  it('turns llama.cpp’s mid-stream `error:` line into an error after the text so far', async () => {
    const url = await replay({ '/v1/chat/completions': { file: 'llamacpp-stream-error.sse' } });
    const pieces: string[] = [];
    const error = await failure(chat(new OpenAiClient(url), (t) => pieces.push(t)));
    expect(pieces).toEqual(['The']);
    expect(error).toMatchObject({ code: 'SERVER_FAILED' });
    expect(error.message).toContain('KV cache is full');
  });

  it('never echoes the key a server quotes back', async () => {
    const url = await replay({});
    server!.removeAllListeners('request');
    server!.on('request', (_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        '{"error":{"message":"Incorrect API key provided: sk-secret-zz.","type":"invalid_request_error","code":"invalid_api_key"}}',
      );
    });
    const error = await failure(chat(new OpenAiClient(url, 'sk-secret-zz')));
    expect(error.code).toBe('SERVER_UNAUTHORIZED');
    expect(error.message).not.toContain('sk-secret-zz');
  });

  it('refuses a redirect instead of following it with the key', async () => {
    const url = await replay({});
    server!.removeAllListeners('request');
    server!.on('request', (_req, res) => res.writeHead(302, { location: 'http://127.0.0.2:9/v1/models' }).end());
    const error = await failure(new OpenAiClient(url, 'sk-secret-zz').listModels());
    expect(error.code).toBe('SERVER_UNREACHABLE');
  });

  it('asks with the document first and cites as the local asker; cache_prompt goes to llama.cpp only', async () => {
    const paragraphs = [
      'The plant draws water from wells.',
      'An ultraviolet stage cost 2.4 million.',
      'Pipes go by 2030.',
    ];
    const text = paragraphs.join('\n\n');
    let at = 0;
    const doc: LecternDocument = {
      id: 'd',
      title: 'Water',
      kind: 'pdf',
      text,
      units: paragraphs.map((p, index) => {
        const unit = { index, start: at, end: at + p.length, anchor: { type: 'page' as const, page: index + 1 } };
        at += p.length + 2;
        return unit;
      }),
      meta: { fileName: 'w.pdf', sizeBytes: 1, format: 'pdf' },
    };
    const index = buildDocumentIndex(doc, []);
    for (const [models, expected] of [
      ['llamacpp-models.json', true],
      ['vllm-models.json', undefined],
    ] as const) {
      const url = await replay({
        '/v1/models': { file: models },
        '/props': { file: 'llamacpp-props.json' },
        '/v1/chat/completions': { file: 'ollama-chat.sse' },
      });
      const asker = new RemoteAsker({ client: new OpenAiClient(url) });
      const ctx = { signal: new AbortController().signal, onProgress: () => {} };
      const result = await asker.ask(
        { index, question: 'What did the ultraviolet stage cost?', ratio: 1, onText: () => {} },
        ctx,
      );
      // Citations as the local asker makes them: the cited label mapped to its page.
      expect(result.answer).toBe('It was built in 2019 [S1].');
      expect(result.citations).toMatchObject([{ segmentId: 'S1', anchor: { type: 'page', page: 1 } }]);
      expect(result.contextMode).toBe('text');
      const sent = JSON.parse(received.at(-1)!.body) as { cache_prompt?: boolean; messages: { content: string }[] };
      expect(sent.cache_prompt).toBe(expected);
      expect(sent.messages[1]?.content.startsWith('Document (some words are left out')).toBe(true);
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = undefined;
      received.length = 0;
    }
  });
});
