import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { EVENT_NAMES } from '../../src-shared/contract';
import type { AskResult } from '../../src-shared/domain/answer';
import { OpenAiClient } from '../../src-main/engine/remote/OpenAiClient';
import { ensureFixtureModel, TINY_SHAPE } from '../fixtures/gguf/fixtureModels';
import { engineInTempDir, jobValue } from '../support/modelEngine';
import { startOpenAiTestServer, type TestServer } from '../support/openAiTestServer';
import { REPO_ROOT } from '../support/serveProcess';
import { writeBigSrt } from '../support/bigTranscript';
import { writeTopicSrt } from './support/topicTranscript';

const KEY = 'sk-lectern-test-6f1d2c9a7b';
const PDF = path.join(REPO_ROOT, 'resources/samples/sample-report.pdf');
const { dir, engine } = engineInTempDir('remote');
let server: TestServer;
let docId = '';
// Everything that could reach the renderer or a log: events, call results, console and std streams.
const seen: string[] = [];
const restore: (() => void)[] = [];

// r = 1: the planner's overview is the whole (compressed where it must be) document; above, a smaller share of it.
const ask = async (question: string, ratio = 1): Promise<AskResult> =>
  jobValue(engine, await engine.invoke('ask', { docId, question, ratio }));
const askError = (question: string): Promise<{ code?: string; message: string }> =>
  ask(question).then(
    () => ({ message: 'answered' }),
    (error: Error & { code?: string }) => (seen.push(error.message), { code: error.code, message: error.message }),
  );
const chats = () => server.requests.filter((r) => r.path === '/v1/chat/completions' && r.body);

beforeAll(async () => {
  for (const name of EVENT_NAMES) restore.push(engine.events.on(name, (p) => seen.push(JSON.stringify(p))));
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = (chunk: string | Uint8Array, ...rest: never[]) => {
      seen.push(String(chunk));
      return write(chunk, ...rest);
    };
    restore.push(() => (stream.write = write));
  }
  server = await startOpenAiTestServer({
    modelPath: await ensureFixtureModel(TINY_SHAPE),
    contextSize: 4096,
    apiKey: KEY,
  });
  const report = await jobValue(engine, await engine.importPaths({ paths: [PDF] }));
  docId = report.results[0]!.docId!;
});
afterAll(async () => {
  for (const off of restore) off();
  await engine.dispose();
  await server?.close();
});

describe('asking through an OpenAI-compatible server (node-llama-cpp behind llama.cpp’s protocol)', () => {
  it('tests the connection: latency, the model and the context length the server reports', async () => {
    const result = await engine.invoke('testServer', { baseUrl: server.url, apiKey: KEY });
    seen.push(JSON.stringify(result));
    expect(result.baseUrl).toBe(`${server.url}/v1`);
    expect(result.kind).toBe('llama.cpp');
    expect(result.models.map((m) => m.id)).toEqual(['test-model']);
    expect(result.contextLength).toBe(4096); // from /props, not the model's trained length
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('streams a cited answer, sending the document first and byte-identical across questions', async () => {
    const view = await engine.invoke('setServer', { baseUrl: `${server.url}/v1/`, apiKey: KEY });
    seen.push(JSON.stringify(view), JSON.stringify(await engine.invoke('getServer', {})));
    expect(view).toEqual({ baseUrl: `${server.url}/v1`, hasApiKey: true });

    let streamed = '';
    const off = engine.events.on('answer:token', (t) => (streamed += t.text));
    const first = await ask('What did the ultraviolet stage cost?');
    off();
    const second = await ask('When will lead pipes be replaced?');
    seen.push(JSON.stringify(first), JSON.stringify(second));
    expect(first.mode).toBe('generated');
    expect(first.contextMode).toBe('text');
    expect(first.server?.model).toBe('test-model');
    expect(streamed.trim()).toBe(first.answer);
    expect(first.answer.length).toBeGreaterThan(0);
    expect(Array.isArray(first.citations)).toBe(true);

    const [a, b] = chats()
      .slice(-2)
      .map((r) => r.body as { messages: { content: string }[]; cache_prompt?: boolean });
    expect(a?.cache_prompt).toBe(true); // llama.cpp was recognised from /v1/models
    expect(a?.messages[0]).toEqual(b?.messages[0]);
    const userA = a?.messages[1]?.content ?? '';
    const userB = b?.messages[1]?.content ?? '';
    // The document part ends where the question's own part (its passages, or the note that none matched) starts.
    const documentEnd = Math.min(
      ...['The passages most relevant', '(No passage'].map((m) => userA.indexOf(m)).filter((i) => i >= 0),
    );
    expect(userA.startsWith('Document (some words are left out')).toBe(true);
    expect(documentEnd).toBeGreaterThan(200);
    expect(userB.slice(0, documentEnd)).toBe(userA.slice(0, documentEnd));
    expect(userA.slice(documentEnd)).not.toBe(userB.slice(documentEnd));
    // The server reused the shared prefix's KV cache for the second question, and said so in `usage`.
    const last = chats().at(-1)!;
    expect(last.cachedTokens).toBeGreaterThan(100);
    expect(second.server?.cachedTokens).toBe(last.cachedTokens);
    // The key went to this host, as a bearer token, on every request.
    expect(server.requests.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
  });

  it('titles chapters through the server, each window one completion under the chapters JSON schema', async () => {
    await engine.invoke('setServer', { baseUrl: server.url, apiKey: KEY });
    const file = path.join(dir, 'topics.srt');
    writeTopicSrt(file, 12);
    const imported = await jobValue(engine, await engine.importPaths({ paths: [file] }));
    const transcript = imported.results[0]!.docId!;
    const before = chats().length;
    const chapters = await jobValue(
      engine,
      await engine.invoke('rechapter', { docId: transcript, redo: true, granularity: 'normal', titles: 'model' }),
    );
    seen.push(JSON.stringify(chapters));
    const sent = chats().slice(before);
    expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) {
      const format = request.body?.response_format as { type: string; json_schema: { schema: object } };
      expect(format.type).toBe('json_schema');
      expect(JSON.stringify(format.json_schema.schema)).toContain('startUnit');
      // The server's grammar held it to the schema: the answer it streamed is JSON.
      expect(request.generated).toBeGreaterThan(0);
    }
    expect(chapters.length).toBeGreaterThan(0);
    expect(chapters.every((c) => c.title.length > 0)).toBe(true);
  });

  it('writes chapter summaries through the server when the document does not fit even compressed', async () => {
    await engine.invoke('setServer', { baseUrl: server.url, apiKey: KEY });
    // About 7,000 estimated tokens: at r = 2 the overview's share would need a ratio above 16 in a 4,096 context.
    const file = path.join(dir, 'long.srt');
    writeBigSrt(file, 400);
    const imported = await jobValue(engine, await engine.importPaths({ paths: [file] }));
    const long = imported.results[0]!.docId!;
    const before = chats().length;
    const answer = await jobValue(
      engine,
      await engine.invoke('ask', { docId: long, question: 'Who says number 12?', ratio: 2 }),
    );
    seen.push(JSON.stringify(answer));
    expect(answer.contextMode).toBe('summaries');
    const sent = chats().slice(before);
    // One plain completion per chapter summary (no schema), then the question, whose prompt starts with them.
    const summaryCalls = sent.filter(
      (r) => String((r.body?.messages as { content: string }[])[1]?.content).length > 0 && !r.body?.response_format,
    );
    expect(summaryCalls.length).toBeGreaterThan(1);
    const question = sent.at(-1)!.body as { messages: { content: string }[] };
    expect(question.messages[1]?.content.startsWith('The document is too long to show whole')).toBe(true);
    // Cached in the library under the server's model: the next question writes none.
    const again = chats().length;
    await jobValue(engine, await engine.invoke('ask', { docId: long, question: 'Who says number 40?', ratio: 2 }));
    expect(chats().length - again).toBe(1);
  });

  it('closes the HTTP request when the ask job is cancelled, and the server stops generating', async () => {
    server.setTokenDelay(40);
    try {
      const started = await engine.invoke('ask', { docId, question: 'Where was the plant built?', ratio: 4 });
      const { jobId } = started;
      await Promise.race([
        new Promise<void>((resolve) => {
          const off = engine.events.on('answer:token', () => (off(), resolve()));
        }),
        engine.jobs.wait(started).then((r) => {
          throw new Error(`The answer ended before any token: ${JSON.stringify(r)}`);
        }),
      ]);
      await engine.invoke('cancelJob', { jobId });
      const result = await engine.jobs.wait(started);
      expect(result.ok ? 'answered' : result.error.code).toBe('CANCELLED');
      await new Promise((r) => setTimeout(r, 300));
      const record = chats().at(-1)!;
      expect(record.aborted).toBe(true);
      expect(record.generated).toBeLessThan(512);
    } finally {
      server.setTokenDelay(0);
    }
  });

  it('maps each failure to its code with the server’s message', async () => {
    await engine.invoke('setServer', { baseUrl: server.url, apiKey: 'sk-wrong-key-0000' });
    const unauthorised = await askError('What did it cost?');
    expect(unauthorised.code).toBe('SERVER_UNAUTHORIZED');
    expect(unauthorised.message).toContain('Invalid API Key');

    await engine.invoke('setServer', { baseUrl: server.url, apiKey: KEY, model: 'no-such-model' });
    const missing = await askError('What did it cost?');
    expect(missing.code).toBe('SERVER_MODEL_NOT_FOUND');
    expect(missing.message).toContain('no-such-model');

    await engine.invoke('setServer', { baseUrl: server.url, apiKey: KEY });
    server.rateLimitNext(1);
    const limited = await askError('What did it cost?');
    expect(limited.code).toBe('SERVER_RATE_LIMITED');
    expect(limited.message).toContain('retry after 1');

    const tooLong = await new OpenAiClient(server.url, KEY)
      .chatStream({ model: 'test-model', maxTokens: 8, messages: [{ role: 'user', content: 'word '.repeat(9000) }] })
      .then(
        () => undefined,
        (error: Error & { code?: string }) => error,
      );
    expect(tooLong?.code).toBe('SERVER_CONTEXT_EXCEEDED');
    expect(tooLong?.message).toContain('exceeds the available context size');

    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    await engine.invoke('setServer', { baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: KEY });
    const down = await askError('What did it cost?');
    expect(down.code).toBe('SERVER_UNREACHABLE');
    const test = await engine.call('testServer', {});
    expect(test.ok ? 'ok' : test.error.code).toBe('SERVER_UNREACHABLE');
    seen.push(JSON.stringify(test));
    seen.push(JSON.stringify(await engine.invoke('listJobs', {})));
  });

  it('streams a cited answer from `lectern ask --server --api-key-env --json`, the key in no output', async () => {
    const run = promisify(execFile)(
      process.execPath,
      [
        path.join(REPO_ROOT, 'bin/lectern.js'),
        'ask',
        PDF,
        'What did the ultraviolet stage cost?',
        '--server',
        `${server.url}/v1`,
        '--api-key-env',
        'LECTERN_TEST_SERVER_KEY',
        '--library',
        path.join(dir, 'cli-lib'),
        '--json',
      ],
      { env: { ...process.env, LECTERN_TEST_SERVER_KEY: KEY }, timeout: 120_000 },
    );
    const { stdout, stderr } = await run.catch((error: Error & { stdout?: string; stderr?: string }) => {
      throw new Error(`lectern ask failed: ${error.stdout ?? ''} ${error.stderr ?? ''}`);
    });
    const out = JSON.parse(stdout) as AskResult & { server: { model: string } };
    expect(out.mode).toBe('generated');
    expect(out.server.model).toBe('test-model');
    expect(Array.isArray(out.citations)).toBe(true);
    expect(stdout + stderr).not.toContain(KEY);
  }, 180_000);

  it('never let the key reach an event, a call’s result, an error or a log line', () => {
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.filter((s) => s.includes(KEY) || s.includes('sk-wrong-key-0000'))).toEqual([]);
  });
});
