import type { JobKind, JobRef } from '../../src-shared/domain/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ensureFixtureModel, TINY_SHAPE } from '../fixtures/gguf/fixtureModels';
import { REPO_ROOT } from '../support/serveProcess';
import { engineInTempDir, jobValue } from '../support/modelEngine';

const { engine } = engineInTempDir('askmodel');
let docId = '';

const wait = <K extends JobKind>(started: JobRef<K>) => jobValue(engine, started);

beforeAll(async () => {
  const report = await wait(
    await engine.importPaths({ paths: [path.join(REPO_ROOT, 'resources/samples/sample-report.pdf')] }),
  );
  docId = report.results[0]!.docId!;
  const modelPath = await ensureFixtureModel(TINY_SHAPE);
  await wait(await engine.invoke('loadModel', { ref: modelPath, contextSize: 4096 }));
});
afterAll(() => engine.dispose());

describe('asking with a loaded model (generated random-weight GGUF)', () => {
  it('answers at once from passages before the document is prepared, and never builds on a question', async () => {
    let streamed = '';
    const off = engine.events.on('answer:token', (t) => (streamed += t.text));
    const first = await wait(
      await engine.invoke('ask', { docId, question: 'What did the ultraviolet stage cost?', ratio: 2 }),
    );
    off();
    expect(first.mode).toBe('generated');
    expect(first.contextMode).toBe('passages');
    expect(first.note).toMatch(/^Answered from the most relevant passages; .*not prepared yet/);
    expect(streamed.trim()).toBe(first.answer);
    expect(first.stateBytes).toBe(0);
    expect(engine.jobs.list().some((j) => j.kind === 'prepare')).toBe(false);
    expect(existsSync(path.join(engine.paths.cacheDir, 'kv'))).toBe(false);
  });

  it('a question during preparation is answered from passages with the progress, and the build goes on', async () => {
    const order: string[] = [];
    const off = engine.events.on('job:done', (d) => order.push(d.kind));
    const prepare = await engine.invoke('prepareDocument', { docId, ratio: 2 });
    const during = await wait(
      await engine.invoke('ask', { docId, question: 'When will lead pipes be replaced?', ratio: 2 }),
    );
    await wait(prepare);
    off();
    expect(during.contextMode).toBe('passages');
    expect(during.note).toMatch(/still being prepared, \d+%\.$/);
    expect(order).toEqual(['ask', 'prepare']);
  });

  it('once prepared, answers over the compressed state and reuses it for the next question', async () => {
    const first = await wait(
      await engine.invoke('ask', { docId, question: 'What did the ultraviolet stage cost?', ratio: 2 }),
    );
    expect(first.contextMode).toBe('compressed');
    expect(first.note).toBeUndefined();
    expect(first.kvTokens).toBeGreaterThan(first.promptTokens);
    expect(first.stateBytes).toBeGreaterThan(0);
    // The state was saved to the cache folder.
    expect(readdirSync(path.join(engine.paths.cacheDir, 'kv')).some((f) => f.endsWith('.json'))).toBe(true);

    const second = await wait(
      await engine.invoke('ask', { docId, question: 'When will lead pipes be replaced?', ratio: 2 }),
    );
    // Same document and ratio: the prefix stays in memory, nothing is rebuilt or reloaded.
    expect(second.contextMode).toBe('compressed');
    expect(second.stateBytes).toBe(first.stateBytes);
    // The prepare job left the state in the sequence, so neither question loaded it; the follow-up re-evaluated
    // nothing: the KV grew by exactly what it evaluated.
    expect(second.conversation?.pastTurns).toBe(1);
    expect(second.evaluatedTokens).toBe(second.kvTokens - first.kvTokens);
  });

  it('says the overview state for a ratio is ready once built, and estimates less memory at higher ratios', async () => {
    const at1 = await engine.invoke('estimateCompression', { docId, ratio: 1 });
    const at2 = await engine.invoke('estimateCompression', { docId, ratio: 2 });
    const at8 = await engine.invoke('estimateCompression', { docId, ratio: 8 });
    expect(at2.state).toBe('ready');
    // r = 1 holds the whole document as its state (not built yet); r = 8 holds passages only (nothing to build).
    expect(at1.state).toBe('missing');
    expect(at8.state).toBe('ready');
    expect(at2.kvBytes).toBeLessThan(at1.kvBytes);
    expect(at8.kvBytes).toBeLessThan(at2.kvBytes);
    await wait(await engine.invoke('prepareDocument', { docId, ratio: 1 }));
    expect((await engine.invoke('estimateCompression', { docId, ratio: 1 })).state).toBe('ready');
  });

  it('stops when the ask job is cancelled', async () => {
    const { jobId } = await engine.invoke('ask', {
      docId,
      question: 'Tell me everything about the finances and rates.',
      ratio: 2,
    });
    setTimeout(() => engine.jobs.cancel(jobId), 50);
    await expect(wait({ jobId, kind: 'ask' })).rejects.toMatchObject({ code: 'CANCELLED' });
    // The engine still answers afterwards.
    const after = await wait(
      await engine.invoke('ask', { docId, question: 'Where do the wells draw water?', ratio: 4 }),
    );
    expect(after.mode).toBe('generated');
  });
});
