import type { JobKind, JobRef } from '../../src-shared/domain/jobs';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompressedStateSidecar } from '../../src-main/engine/compression/CompressedStateCache';
import { ensureFixtureModel, TINY_SHAPE } from '../fixtures/gguf/fixtureModels';
import { writeOnnxFixtures, type OnnxFixtures } from '../fixtures/onnx/writeOnnxFixtures';
import { REPO_ROOT } from '../support/serveProcess';
import { engineInTempDir, jobValue } from '../support/modelEngine';

const { dir, engine } = engineInTempDir('askonnx');
let docId = '';
let fixtures: OnnxFixtures;

const wait = <K extends JobKind>(started: JobRef<K>) => jobValue(engine, started);

const sidecars = (): CompressedStateSidecar[] =>
  readdirSync(path.join(engine.paths.cacheDir, 'kv'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(path.join(engine.paths.cacheDir, 'kv', f), 'utf8')) as CompressedStateSidecar);

beforeAll(async () => {
  fixtures = await writeOnnxFixtures(path.join(dir, 'onnx'));
  const report = await wait(
    await engine.importPaths({ paths: [path.join(REPO_ROOT, 'resources/samples/sample-report.pdf')] }),
  );
  docId = report.results[0]!.docId!;
  await wait(await engine.invoke('loadModel', { ref: await ensureFixtureModel(TINY_SHAPE), contextSize: 4096 }));
});
afterAll(() => engine.dispose());

describe('the chat model with the optional ONNX models (generated weights)', () => {
  it('builds a separate compressed state scored by the LLMLingua-2 compressor, found again without rescoring', async () => {
    // r = 2: the planner's overview is a compressed state there.
    await wait(await engine.invoke('prepareDocument', { docId, ratio: 2 }));
    expect(sidecars()).toHaveLength(1);
    const plainHash = sidecars()[0]?.key.buildHash;
    await engine.invoke('loadOnnxModel', { dir: fixtures.compressor });
    // Another scorer is another state: the key names the compressor, so the plain state is not reused.
    expect((await engine.invoke('estimateCompression', { docId, ratio: 2 })).state).toBe('missing');
    const phases = new Set<string>();
    const off = engine.events.on('job:progress', (p) => phases.add(p.phase));
    await wait(await engine.invoke('prepareDocument', { docId, ratio: 2 }));
    off();
    expect(phases.has('scoring')).toBe(true);
    const plain = sidecars().find((c) => c.key.buildHash === plainHash);
    const scored = sidecars().find((c) => c.key.buildHash !== plainHash);
    expect(plain?.kvTokens).toBe(scored?.kvTokens);
    expect(JSON.stringify(plain?.segments)).not.toBe(JSON.stringify(scored?.segments));
    expect((await engine.invoke('estimateCompression', { docId, ratio: 2 })).state).toBe('ready');

    // Unload and reload: the scored state is found on disk; nothing is scored again.
    await engine.invoke('unloadOnnxModel', { kind: 'compressor' });
    await engine.invoke('loadOnnxModel', { dir: fixtures.compressor });
    phases.clear();
    const again = engine.events.on('job:progress', (p) => phases.add(p.phase));
    await wait(await engine.invoke('prepareDocument', { docId, ratio: 2 }));
    again();
    expect(phases.has('scoring')).toBe(false);
    expect(sidecars()).toHaveLength(2);
  });

  it('asks with hybrid retrieval when an embedding model is loaded, embedding the document once', async () => {
    await engine.invoke('loadOnnxModel', { dir: fixtures.embedding });
    const embedding: number[] = [];
    const off = engine.events.on('job:progress', (p) => {
      if (p.phase === 'embedding') embedding.push(p.total);
    });
    const first = await wait(
      await engine.invoke('ask', { docId, question: 'What did the ultraviolet stage cost?', ratio: 4 }),
    );
    const afterFirst = embedding.length;
    const second = await wait(
      await engine.invoke('ask', { docId, question: 'When will lead pipes be replaced?', ratio: 4 }),
    );
    off();
    expect(first.mode).toBe('generated');
    expect(second.mode).toBe('generated');
    expect(afterFirst).toBeGreaterThan(0);
    // The second question found every passage vector in the library.
    expect(embedding.length).toBe(afterFirst);
    const rows = engine.library.db.prepare('SELECT COUNT(*) AS n FROM segment_vectors WHERE doc_id = ?').get(docId) as {
      n: number;
    };
    expect(rows.n).toBeGreaterThan(0);
  });
});
