import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { AskResult } from '../../src-shared/domain/answer';
import { BENCH_SHAPE, ensureFixtureModel } from '../fixtures/gguf/fixtureModels';
import { writeBigSrt } from '../support/bigTranscript';
import { engineInTempDir, jobValue } from '../support/modelEngine';
import { startOpenAiTestServer, type TestServer } from '../support/openAiTestServer';

const { dir, engine } = engineInTempDir('remote-ttft');
let server: TestServer;
let docId = '';

beforeAll(async () => {
  server = await startOpenAiTestServer({
    modelPath: await ensureFixtureModel(BENCH_SHAPE),
    contextSize: 8192,
    maxTokens: 8,
  });
  const file = path.join(dir, 'talk.srt');
  // 240 cues: about 4,400 estimated tokens, so at r = 1 the whole document is the shared prefix of a 8,192 context.
  writeBigSrt(file, 240);
  const report = await jobValue(engine, await engine.importPaths({ paths: [file] }));
  docId = report.results[0]!.docId!;
  await engine.invoke('setServer', { baseUrl: server.url });
});
afterAll(async () => {
  await engine.dispose();
  await server?.close();
});

describe('time to first token through a server with llama.cpp-style prefix reuse (58M random-weight model)', () => {
  it('drops for a repeated question and for a new question about the same document, against a cold one', async () => {
    const ask = (question: string) =>
      engine.invoke('ask', { docId, question, ratio: 1 }).then((s) => jobValue(engine, s));
    const row = (label: string, r: AskResult) => {
      const request = server.requests.filter((q) => q.path === '/v1/chat/completions').at(-1)!;
      return {
        label,
        ttftMs: r.timings.ttftMs,
        promptTokens: request.promptTokens,
        reusedTokens: request.cachedTokens,
      };
    };
    const results: AskResult[] = [];
    const cold = row('cold', results[results.push(await ask('What does speaker 2 say about number 50?')) - 1]!);
    const other = row('new question, same document', results[results.push(await ask('Who mentions number 12?')) - 1]!);
    const repeated = row(
      'cold question again',
      results[results.push(await ask('What does speaker 2 say about number 50?')) - 1]!,
    );
    console.log(JSON.stringify([cold, other, repeated]));
    // The document part was sent (not only passages), so what is reused is the document.
    expect(results.every((r) => r.contextMode === 'text')).toBe(true);
    expect(cold.reusedTokens).toBe(0);
    expect(other.reusedTokens).toBeGreaterThan(500);
    // One slot, as llama.cpp: the repeat is compared with the previous question's cache, so it shares the document.
    expect(repeated.reusedTokens).toBeGreaterThanOrEqual(other.reusedTokens!);
    expect(repeated.ttftMs).toBeLessThan(cold.ttftMs);
    expect(other.ttftMs).toBeLessThan(cold.ttftMs);
  }, 600_000);
});
