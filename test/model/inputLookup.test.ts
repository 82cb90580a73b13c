import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src-main/engine/Engine';
import { ensureFixtureModel, TINY_SHAPE } from '../fixtures/gguf/fixtureModels';
import { REPO_ROOT } from '../support/serveProcess';
import { jobValue } from '../support/modelEngine';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** One question's answer and the asker's sequence predictor in an engine with `inputLookup` on or off. */
async function answer(inputLookup: boolean) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-lookup-'));
  dirs.push(dir);
  const engine = new Engine({ libraryDir: path.join(dir, 'lib'), threads: 1, gpu: false, inputLookup });
  try {
    const sample = path.join(REPO_ROOT, 'resources/samples/sample-podcast.vtt');
    const docId = (await jobValue(engine, await engine.importPaths({ paths: [sample] }))).results[0]!.docId!;
    await jobValue(engine, await engine.invoke('loadModel', { ref: await ensureFixtureModel(TINY_SHAPE) }));
    const result = await jobValue(
      engine,
      await engine.invoke('ask', { docId, question: 'Quote what was said about the episode.', ratio: 8 }),
    );
    const predictor = await engine.localAsker?.borrowSequence((s) => Promise.resolve(s.tokenPredictor));
    return { answer: result.answer, predictor };
  } finally {
    await engine.dispose();
  }
}

describe('prompt-lookup drafting (inputLookup)', () => {
  it('drafts on the asker’s sequence when on, and leaves a greedy answer unchanged', async () => {
    const off = await answer(false);
    const on = await answer(true);
    expect(off.predictor).toBeUndefined();
    expect(on.predictor?.constructor.name).toBe('InputLookupTokenPredictor');
    // Drafts are verified by the model: speculative decoding never changes what greedy decoding says.
    expect(on.answer).toBe(off.answer);
    expect(on.answer.length).toBeGreaterThan(0);
  });
});
