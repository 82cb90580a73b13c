import { create } from 'zustand';
import type { JobDone } from '../../src-shared/contract';
import type { ImportReport } from '../../src-shared/domain/importing';
import { api } from '../api/client';
import { createChaptersSlice, type ChaptersSlice } from './chaptersSlice';
import { createChatSlice, type ChatSlice } from './chatSlice';
import { createJobsSlice, type JobsSlice } from './jobsSlice';
import { createLibrarySlice, type LibrarySlice } from './librarySlice';
import { createMediaSlice, type MediaSlice } from './mediaSlice';
import { createModelsSlice, type ModelsSlice } from './modelsSlice';
import { createOnnxSlice, type OnnxSlice } from './onnxSlice';
import { createReaderSlice, type ReaderSlice } from './readerSlice';
import { createStatusSlice, type StatusSlice } from './statusSlice';
import { startTokenBatcher } from './tokenBatcher';
import { createUiSlice, type UiSlice } from './uiSlice';

export type AppState = StatusSlice &
  JobsSlice &
  LibrarySlice &
  ReaderSlice &
  ChaptersSlice &
  ChatSlice &
  ModelsSlice &
  OnnxSlice &
  MediaSlice &
  UiSlice;

/** One store built from slices (zustand's recommended shape); components select atomically. */
export const useStore = create<AppState>()((...a) => ({
  ...createStatusSlice(...a),
  ...createJobsSlice(...a),
  ...createLibrarySlice(...a),
  ...createReaderSlice(...a),
  ...createChaptersSlice(...a),
  ...createChatSlice(...a),
  ...createModelsSlice(...a),
  ...createOnnxSlice(...a),
  ...createMediaSlice(...a),
  ...createUiSlice(...a),
}));

/** What a finished job means for the rest of the window: new documents, new chapters, a new model, an answer. */
function afterJob(done: JobDone): void {
  const s = useStore.getState();
  switch (done.kind) {
    case 'import': {
      void s.loadDocuments();
      if (!done.ok) return;
      const { results } = done.value;
      for (const r of results) {
        if (r.status === 'error' && (r.error?.code === 'PDF_ENCRYPTED' || r.error?.code === 'PDF_PASSWORD_WRONG')) {
          s.requestPassword({
            file: r.file,
            name: r.path.split(/[\\/]/).pop() ?? r.path,
            wrong: r.error.code === 'PDF_PASSWORD_WRONG',
          });
        }
      }
      // An earlier import whose failed files (a password asked for, say) have now come in has nothing left to say.
      const imported = new Set(results.filter((r) => r.status !== 'error').map((r) => r.path));
      for (const job of Object.values(s.jobs)) {
        if (job.kind !== 'import' || job.jobId === done.jobId || !job.outcome?.ok) continue;
        const failed = (job.outcome.value as ImportReport).results.filter((r) => r.status === 'error');
        if (failed.length > 0 && failed.every((r) => imported.has(r.path))) s.dismissJob(job.jobId);
      }
      // Open what was just imported when nothing is open, so the import ends somewhere useful.
      const first = results.find((r) => r.docId && r.status !== 'error');
      if (first?.docId && !s.openDocId) void s.openDocument(first.docId);
      return;
    }
    case 'chapters':
      if (s.openDocId) void s.loadChapters(s.openDocId);
      return;
    case 'loadModel':
      void s.refreshModels();
      // The estimate depends on the loaded model (its tokenizer, context and states): refresh it after a load.
      if (s.openDocId && s.estimate) void s.loadEstimate(s.openDocId, s.estimate.ratio);
      return;
    case 'downloadModel':
      // The catalog holds chat and helper (ONNX) models alike: either list may have gained a model.
      void s.refreshModels();
      void s.refreshOnnx();
      return;
    case 'ask':
      s.askDone(done);
      return;
    case 'compress':
    case 'prepare':
      if (s.openDocId && s.estimate) void s.loadEstimate(s.openDocId, s.estimate.ratio);
      return;
  }
}

/** Wires engine events into the store once, at start-up. */
export function connectEvents(): () => void {
  const client = api();
  const { jobStarted, jobProgress, jobDone, appendStreams, hydrateJobs } = useStore.getState();
  const stopTokens = startTokenBatcher(client, appendStreams);
  const offs = [
    client.on('job:started', jobStarted),
    client.on('job:progress', jobProgress),
    client.on('job:done', (done) => {
      jobDone(done);
      afterJob(done);
    }),
  ];
  // Jobs started before this window (re)loaded: asked for after subscribing, so no progress event falls between.
  void client.listJobs({}).then((result) => {
    if (result.ok) hydrateJobs(result.value);
  });
  return () => {
    stopTokens();
    offs.forEach((off) => off());
  };
}
