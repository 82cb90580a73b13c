import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AskResult } from '../../../src-shared/domain/answer';
import { Engine } from '../../../src-main/engine/Engine';
import { REPO_ROOT } from '../../support/serveProcess';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-ask-'));
const engine = new Engine({ libraryDir: path.join(dir, 'lib'), modelsDir: path.join(dir, 'm'), threads: 1 });
let docId = '';

beforeAll(async () => {
  const started = await engine.importPaths({
    paths: [path.join(REPO_ROOT, 'resources/samples/sample-podcast.vtt')],
  });
  const done = await engine.jobs.wait(started);
  if (!done.ok) throw new Error(done.error.message);
  docId = done.value.results[0]!.docId!;
});
afterAll(() => engine.dispose());

async function ask(question: string): Promise<{ result: AskResult; streamed: string }> {
  let streamed = '';
  const started = await engine.invoke('ask', { docId, question });
  const { jobId } = started;
  const off = engine.events.on('answer:token', (t) => {
    if (t.jobId === jobId) streamed += t.text;
  });
  const done = await engine.jobs.wait(started);
  off();
  if (!done.ok) throw new Error(done.error.message);
  return { result: done.value, streamed };
}

describe('asking without a chat model', () => {
  it('returns the best passages, labelled as passages, with timestamps that point into the transcript', async () => {
    const { result, streamed } = await ask('How does a Fresnel lens bend the light?');
    expect(result.mode).toBe('passages');
    expect(result.noEvidence).toBe(false);
    expect(result.answer).toMatch(/No chat model is loaded/);
    expect(streamed).toBe(result.answer);
    expect(result.passages.length).toBeGreaterThan(0);
    const doc = engine.library.documents.load(docId);
    for (const p of result.passages) {
      expect(doc.text.slice(p.start, p.end).trim()).toBe(p.text);
      expect(p.anchor.type).toBe('time');
      const unit = doc.units[p.unitIndex]!;
      expect(unit.start).toBeLessThanOrEqual(p.start);
    }
    expect(
      result.passages
        .map((p) => p.text)
        .join(' ')
        .toLowerCase(),
    ).toMatch(/lens|prism|fresnel/);
  });

  it('says so when nothing in the document matches', async () => {
    const { result } = await ask('zygomorphic xylophones quarterly');
    expect(result.noEvidence).toBe(true);
    expect(result.passages).toEqual([]);
  });

  it('keeps the conversation per document and can forget it', async () => {
    const turns = await engine.invoke('getConversation', { docId });
    expect(turns.map((t) => t.question)).toEqual([
      'How does a Fresnel lens bend the light?',
      'zygomorphic xylophones quarterly',
    ]);
    expect(await engine.invoke('clearConversation', { docId })).toEqual({ cleared: 2 });
    expect(await engine.invoke('getConversation', { docId })).toEqual([]);
  });

  it('estimates the kept tokens of a ratio and says there is no model to build for', async () => {
    const at2 = await engine.invoke('estimateCompression', { docId, ratio: 2 });
    const at8 = await engine.invoke('estimateCompression', { docId, ratio: 8 });
    expect(at2.state).toBe('no-model');
    expect(at2.docTokens).toBeGreaterThan(1000);
    expect(at8.keptTokens).toBeLessThan(at2.keptTokens);
    expect(await engine.call('ask', { docId: 'nope', question: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
