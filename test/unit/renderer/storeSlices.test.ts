import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClientApi } from '../../../src-shared/appCalls';
import { createClient } from '../../../src-shared/createClient';
import { Engine } from '../../../src-main/engine/Engine';
import { REPO_ROOT } from '../../support/serveProcess';

// The store's slices against a real engine in this process, reached through the same client factory the preload and
// the HTTP client use: the only thing missing is the window around them.
const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-store-'));
const engine = new Engine({ libraryDir: path.join(dir, 'lib'), modelsDir: path.join(dir, 'models'), threads: 1 });
const client: ClientApi = {
  ...createClient({ call: (name, input) => engine.call(name, input), on: (event, l) => engine.events.on(event, l) }),
  host: 'browser',
};
vi.stubGlobal('window', { lectern: client });

const { connectEvents, useStore } = await import('../../../src-renderer/store/index');
let disconnect = () => {};
beforeAll(() => {
  disconnect = connectEvents();
});
afterAll(async () => {
  disconnect();
  await engine.dispose();
  vi.unstubAllGlobals();
});

const podcast = path.join(REPO_ROOT, 'resources/samples/sample-podcast.vtt');

describe('the store, fed by engine events', () => {
  it('mirrors an import job from start to done, then lists and opens the new document', async () => {
    // This test is the host here: it grants the file, as a dialog would, and the store sees only the id.
    const started = await client.importFiles({ files: [engine.grants.grant(podcast).id], ocr: false });
    if (!started.ok) throw new Error(started.error.message);
    const { jobId } = started.value;
    await vi.waitFor(() => expect(useStore.getState().jobs[jobId]?.state).toBe('done'), { timeout: 20_000 });
    const outcome = useStore.getState().jobs[jobId]?.outcome;
    expect(outcome?.kind === 'import' && outcome.ok && outcome.value.results[0]?.status).toBe('imported');
    await vi.waitFor(() => expect(useStore.getState().openDocId).toBeDefined(), { timeout: 10_000 });
    expect(useStore.getState().documents.map((d) => d.id)).toContain(useStore.getState().openDocId);
  });

  it('asks without a model: the pending ask becomes a passages turn in the conversation', async () => {
    const docId = useStore.getState().openDocId!;
    await useStore.getState().ask(docId, 'What do the keepers do when the fog comes in?');
    await vi.waitFor(() => expect(useStore.getState().pendingAsks[docId]).toBeUndefined(), { timeout: 20_000 });
    const turns = useStore.getState().conversations[docId] ?? [];
    expect(turns.at(-1)?.question).toBe('What do the keepers do when the fog comes in?');
    expect(turns.at(-1)?.result.mode).toBe('passages');
    expect(turns.at(-1)?.result.citations.length).toBeGreaterThan(0);
    expect(Object.keys(useStore.getState().streams)).toEqual([]);
  });

  it('keeps a finished job finished when listJobs answers after its job:done', () => {
    const { jobDone, hydrateJobs, jobStarted } = useStore.getState();
    const info = { jobId: 'late', kind: 'compress' as const, key: 'k', label: 'x', startedAt: 0 };
    jobStarted({ ...info, state: 'running' });
    jobDone({ jobId: 'late', kind: 'compress', ok: true, value: { prepared: true } });
    hydrateJobs([{ ...info, state: 'running' }]);
    expect(useStore.getState().jobs.late?.state).toBe('done');
    // A job this window never saw start, still running, is added with its state.
    hydrateJobs([{ ...info, jobId: 'other', state: 'running' }]);
    expect(useStore.getState().jobs.other?.state).toBe('running');
  });
});
