import type { ErrorPayload } from '../errors';

/** Kinds of long work. A job of the same kind and key as a running one joins it instead of starting again. */
export type JobKind = 'import' | 'loadModel' | 'downloadModel' | 'chapters' | 'compress' | 'prepare' | 'ask';

export interface JobInfo {
  jobId: string;
  kind: JobKind;
  /** Identifies the work: two starts with the same kind and key share one job. */
  key: string;
  label: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  startedAt: number;
  /** Whether `pauseJob` can pause it (preparing a document for questions can; most jobs cannot). */
  pausable?: boolean;
  paused?: boolean;
  /**
   * The latest progress of a running job (from `listJobs`), so a window that opens or reloads mid-job shows where it
   * stands without waiting for the next `job:progress` event. Absent before the first progress and once finished.
   */
  progress?: JobProgress;
}

export interface JobProgress {
  jobId: string;
  kind: JobKind;
  /** What the job is doing now, e.g. `reading`, `ocr`, `chapters`, `compressing`. */
  phase: string;
  done: number;
  total: number;
  /** Short human text for the current item, e.g. a file name or "page 3 of 12". */
  message?: string;
  /** For jobs over several items (files): which one this progress is about. `done`/`total` count within it. */
  item?: { index: number; count: number; name: string };
  /** Estimated time left, from the speed measured so far in this run (absent until there is a measurement). */
  etaMs?: number;
  /** True while the job is paused (it keeps its place and continues on `resumeJob`). */
  paused?: boolean;
}

export type JobDone =
  | { jobId: string; kind: JobKind; ok: true; value: unknown }
  | { jobId: string; kind: JobKind; ok: false; error: ErrorPayload };

export interface JobStarted {
  jobId: string;
  /** True when the call joined a job that was already running. */
  joined: boolean;
}
