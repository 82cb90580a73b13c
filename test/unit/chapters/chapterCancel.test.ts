import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Chapter } from '../../../src-shared/domain/chapter';
import { chapterDocumentSteps } from '../../../src-main/engine/chapters/chapterDocument';
import { Engine } from '../../../src-main/engine/Engine';
import { EventBus } from '../../../src-main/engine/events/EventBus';
import { runCooperatively } from '../../../src-main/engine/ingest/cooperative';
import { importFile } from '../../../src-main/engine/ingest/importFile';
import { JobRunner } from '../../../src-main/engine/jobs/JobRunner';
import { Library } from '../../../src-main/engine/store/Library';
import { writeBigSrt } from '../../support/bigTranscript';

// Chaptering a long transcript takes seconds; a cancel sent meanwhile must end the job at once, not when it is over.
const CUES = 15_000;
const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-chapter-cancel-'));
const srt = path.join(dir, 'long.srt');
writeBigSrt(srt, CUES);

describe('a cancel during chaptering', () => {
  const engine = new Engine({ libraryDir: path.join(dir, 'lib'), modelsDir: path.join(dir, 'm'), threads: 1 });
  let docId = '';

  beforeAll(async () => {
    const started = await engine.importPaths({ paths: [srt], ocr: false });
    const result = await engine.jobs.wait(started);
    if (!result.ok) throw new Error(result.error.message);
    docId = result.value.results[0]?.docId ?? '';
    expect(docId).not.toBe('');
  });
  afterAll(() => engine.dispose());

  it('ends a rechapter job promptly and keeps the chapters it had', async () => {
    const before = await engine.invoke('listChapters', { docId });
    expect(before.length).toBeGreaterThan(2);
    let cancelledAt = 0;
    let jobId = '';
    const off = engine.events.on('job:progress', (p) => {
      if (p.jobId !== jobId || p.phase !== 'chapters' || cancelledAt > 0) return;
      // Give the segmenter time to be deep in its work before cancelling.
      setTimeout(() => {
        cancelledAt = performance.now();
        void engine.invoke('cancelJob', { jobId });
      }, 150);
    });
    const started = performance.now();
    jobId = (await engine.invoke('rechapter', { docId, redo: true, granularity: 'fine', titles: 'keyphrase' })).jobId;
    const result = await engine.jobs.wait({ jobId, kind: 'chapters' });
    const endedAt = performance.now();
    off();
    console.info(
      `rechapter of ${CUES} cues: cancel answered ${Math.round(endedAt - cancelledAt)} ms after it was sent ` +
        `(${Math.round(endedAt - started)} ms after the start)`,
    );
    expect(cancelledAt).toBeGreaterThan(0);
    expect(result).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(endedAt - cancelledAt).toBeLessThan(500);
    expect(await engine.invoke('listChapters', { docId })).toEqual(before);
  });

  it('ends an import job promptly when its chapter step runs cooperatively', async () => {
    const library = new Library(path.join(dir, 'lib2'));
    const jobs = new JobRunner(new EventBus(), { throttleMs: 0 });
    let cancelledAt = 0;
    let chaptersDone: Chapter[] | undefined;
    const { jobId } = jobs.start('import', srt, 'import', async (ctx) => ({
      results: [
        {
          // A job of this test's own, not a renderer's: no grant stands behind it.
          file: 'file:00000000-0000-4000-8000-000000000000',
          ...(await importFile(
            srt,
            library,
            {
              chapter: async (doc, stage) => {
                setTimeout(() => {
                  cancelledAt = performance.now();
                  jobs.cancel(jobId);
                }, 150);
                chaptersDone = await runCooperatively(chapterDocumentSteps(doc), stage.signal);
                return chaptersDone;
              },
            },
            ctx,
          )),
        },
      ],
    }));
    const result = await jobs.wait({ jobId, kind: 'import' });
    const endedAt = performance.now();
    console.info(
      `import of ${CUES} cues: cancel during chapters answered ${Math.round(endedAt - cancelledAt)} ms later`,
    );
    expect(cancelledAt).toBeGreaterThan(0);
    expect(chaptersDone).toBeUndefined();
    expect(result).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(endedAt - cancelledAt).toBeLessThan(500);
    expect(library.documents.list()).toHaveLength(0);
    library.close();
  });
});
