import type { ErrorPayload } from '../errors';
import type { AskResult } from './answer';
import type { Chapter } from './chapter';
import type { ImportReport } from './importing';
import type { LoadedModelInfo, ModelEntry, OnnxModelInfo } from './model';

/** What `prepareDocument` did: nothing is prepared without a chat model. */
export interface PrepareOutcome {
  prepared: boolean;
  /** Why nothing was prepared. */
  reason?: string;
}

/**
 * Each kind of long work and the value its job ends with: the one list that types `job:done`, the job runner and
 * every caller that waits for a job. A job of the same kind and key as a running one joins it.
 */
export interface JobValues {
  import: ImportReport;
  loadModel: LoadedModelInfo;
  /** The downloaded file (a chat model) or folder (an ONNX model), described as the model lists describe it. */
  downloadModel: ModelEntry | OnnxModelInfo;
  /** The document's chapters after the job. */
  chapters: Chapter[];
  compress: PrepareOutcome;
  /** Preparing for questions (pausable): what was built, and how many segments a checkpoint saved. */
  prepare: PrepareOutcome & { mode?: string; resumedSegments?: number };
  ask: AskResult;
}

export type JobKind = keyof JobValues;
export type JobValue<K extends JobKind = JobKind> = JobValues[K];

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

/** How a job of kind `K` ended. */
export type JobDoneOf<K extends JobKind> =
  | { jobId: string; kind: K; ok: true; value: JobValues[K] }
  | { jobId: string; kind: K; ok: false; error: ErrorPayload };

/** How a job ended, discriminated by `kind` (then `ok`), so `value` is typed without a cast. */
export type JobDone = { [K in JobKind]: JobDoneOf<K> }[JobKind];

export interface JobStarted<K extends JobKind = JobKind> {
  jobId: string;
  /** The kind of job, so whoever waits for it knows the type of its value. */
  kind: K;
  /** True when the call joined a job that was already running. */
  joined: boolean;
}

/** What names a job to wait for: its id and the kind it was started as. */
export type JobRef<K extends JobKind = JobKind> = Pick<JobStarted<K>, 'jobId' | 'kind'>;
