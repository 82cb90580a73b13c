import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Engine } from '../../../src-main/engine/Engine';
import { REPO_ROOT } from '../../support/serveProcess';

// The renderer-facing calls name files only by the id a host granted: a raw path, or an id nobody granted, is refused
// before any job starts, so a page that goes wrong cannot make the engine read a file the person did not choose.
const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-grants-'));
const engine = new Engine({ libraryDir: path.join(dir, 'lib'), modelsDir: path.join(dir, 'models'), threads: 1 });
afterAll(() => engine.dispose());

const podcast = path.join(REPO_ROOT, 'resources/samples/sample-podcast.vtt');

describe('importFiles from a renderer', () => {
  it('refuses a raw absolute path', async () => {
    const result = await engine.call('importFiles', { files: [podcast], ocr: false });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(result.ok ? '' : result.error.message).toContain('file id');
    expect(await engine.invoke('listJobs', {})).toEqual([]);
  });

  it('refuses the old `paths` input', async () => {
    const result = await engine.call('importFiles', { paths: [podcast] });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('refuses a well-formed id that was never granted', async () => {
    const result = await engine.call('importFiles', { files: [`file:${randomUUID()}`], ocr: false });
    expect(result).toMatchObject({ ok: false, error: { code: 'FILE_NOT_GRANTED' } });
    expect(await engine.invoke('listJobs', {})).toEqual([]);
  });

  it('imports a granted file, and reports its id so it can be imported again', async () => {
    const grant = engine.grants.grant(podcast);
    expect(grant.id).toMatch(/^file:[0-9a-f-]{36}$/);
    expect(grant.name).toBe('sample-podcast.vtt');
    expect(engine.grants.grant(podcast).id).toBe(grant.id);
    const done = await engine.jobs.wait(await engine.invoke('importFiles', { files: [grant.id], ocr: false }));
    if (!done.ok) throw new Error(done.error.message);
    expect(done.value.results).toMatchObject([{ status: 'imported', file: grant.id, path: podcast }]);
  });
});

describe('attachMedia from a renderer', () => {
  it('refuses a raw path and an unknown id', async () => {
    const [doc] = await engine.invoke('listDocuments', {});
    if (!doc) throw new Error('the import above left no document');
    const wav = path.join(dir, 'talk.wav');
    expect(await engine.call('attachMedia', { docId: doc.id, file: wav })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(await engine.call('attachMedia', { docId: doc.id, file: `file:${randomUUID()}` })).toMatchObject({
      ok: false,
      error: { code: 'FILE_NOT_GRANTED' },
    });
  });
});
