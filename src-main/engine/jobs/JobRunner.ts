import { randomUUID } from 'node:crypto';
import type {
  JobDone,
  JobInfo,
  JobKind,
  JobProgress,
  JobRef,
  JobStarted,
  JobValue,
  JobValues,
} from '../../../src-shared/domain/jobs';
import { LecternError, toErrorPayload } from '../../../src-shared/errors';
import type { Result } from '../../../src-shared/result';
import type { EventBus } from '../events/EventBus';

export type ProgressUpdate = Omit<JobProgress, 'jobId' | 'kind'>;

/** What every pipeline stage receives: check `signal` between units of work, report with `onProgress`. */
export interface StageContext {
  signal: AbortSignal;
  onProgress: (update: ProgressUpdate) => void;
  /**
   * Resolves at once unless the job is paused, else when it is resumed or cancelled. Work that can pause awaits it
   * at its safe points; work that never calls it cannot be paused.
   */
  pausePoint?: () => Promise<void>;
}

interface Job {
  info: JobInfo;
  controller: AbortController;
  promise: Promise<Result<JobValue>>;
  lastEmit: number;
  pending?: ProgressUpdate;
  /** The newest update, emitted or still held back by the throttle: what `list()` reports. */
  latest?: ProgressUpdate;
  timer?: NodeJS.Timeout;
  /** Wakes the paused work; present while paused. */
  resume?: Promise<void>;
  wake?: () => void;
}

export interface JobRunnerOptions {
  /** Minimum time between two progress events of one job. Default 100 ms. */
  throttleMs?: number;
  /** How many finished jobs `list()` remembers. Default 50. */
  keepFinished?: number;
}

/**
 * Runs long work as jobs: start returns at once, progress is throttled into events, cancel aborts the job's signal,
 * and starting a job whose kind and key match a running one joins it (a second click never starts the work twice).
 */
export class JobRunner {
  readonly #jobs = new Map<string, Job>();
  readonly #throttleMs: number;
  readonly #keepFinished: number;

  constructor(
    private readonly events: EventBus,
    options: JobRunnerOptions = {},
  ) {
    this.#throttleMs = options.throttleMs ?? 100;
    this.#keepFinished = options.keepFinished ?? 50;
  }

  start<K extends JobKind>(
    kind: K,
    key: string,
    label: string,
    work: (ctx: StageContext) => Promise<JobValues[K]>,
    options: { pausable?: boolean } = {},
  ): JobStarted<K> {
    for (const job of this.#jobs.values()) {
      if (job.info.state === 'running' && job.info.kind === kind && job.info.key === key) {
        return { jobId: job.info.jobId, kind, joined: true };
      }
    }
    const info: JobInfo = {
      jobId: randomUUID(),
      kind,
      key,
      label,
      state: 'running',
      startedAt: Date.now(),
      ...(options.pausable ? { pausable: true } : {}),
    };
    const controller = new AbortController();
    const job: Job = { info, controller, promise: new Promise(() => {}), lastEmit: 0 };
    this.#jobs.set(info.jobId, job);
    this.events.emit('job:started', { ...info });
    const ctx: StageContext = {
      signal: controller.signal,
      onProgress: (update) => this.#progress(job, update),
      pausePoint: () => job.resume ?? Promise.resolve(),
    };
    job.promise = this.#run(kind, job, () => work(ctx));
    return { jobId: info.jobId, kind, joined: false };
  }

  async #run<K extends JobKind>(kind: K, job: Job, work: () => Promise<JobValues[K]>): Promise<Result<JobValues[K]>> {
    // Let `start` return (and the caller subscribe) before the work begins.
    await new Promise<void>((resolve) => setImmediate(resolve));
    let result: Result<JobValues[K]>;
    try {
      if (job.controller.signal.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
      const value = await work();
      if (job.controller.signal.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
      result = { ok: true, value };
    } catch (error) {
      result = { ok: false, error: toErrorPayload(error) };
    }
    this.#flush(job);
    const { jobId } = job.info;
    if (result.ok) job.info.state = 'done';
    else job.info.state = result.error.code === 'CANCELLED' ? 'cancelled' : 'failed';
    // TypeScript cannot follow one generic `K` into the union over every kind; `kind` and `value` belong together.
    const done = (
      result.ok ? { jobId, kind, ok: true, value: result.value } : { jobId, kind, ok: false, error: result.error }
    ) as JobDone;
    this.events.emit('job:done', done);
    this.#forgetOld();
    return result;
  }

  #progress(job: Job, update: ProgressUpdate): void {
    if (job.info.state !== 'running') return;
    job.pending = update;
    job.latest = update;
    const now = Date.now();
    const finished = update.total > 0 && update.done >= update.total;
    if (finished || now - job.lastEmit >= this.#throttleMs) {
      this.#flush(job);
      return;
    }
    job.timer ??= setTimeout(() => this.#flush(job), this.#throttleMs - (now - job.lastEmit));
  }

  #flush(job: Job): void {
    if (job.timer) clearTimeout(job.timer);
    job.timer = undefined;
    const update = job.pending;
    if (!update) return;
    job.pending = undefined;
    job.lastEmit = Date.now();
    this.events.emit('job:progress', {
      jobId: job.info.jobId,
      kind: job.info.kind,
      ...update,
      ...(job.info.paused ? { paused: true } : {}),
    });
  }

  #forgetOld(): void {
    const finished = [...this.#jobs.values()].filter((j) => j.info.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - this.#keepFinished))) {
      this.#jobs.delete(job.info.jobId);
    }
  }

  cancel(jobId: string): boolean {
    const job = this.#jobs.get(jobId);
    if (!job || job.info.state !== 'running') return false;
    job.controller.abort(new LecternError('CANCELLED', 'Cancelled.'));
    // Paused work must wake to see that it was cancelled.
    this.#wake(job);
    return true;
  }

  /**
   * Pauses a running job at its next `pausePoint` (only work that has pause points can be paused: `pausable` on its
   * info). False if it is not running, not pausable, or already paused.
   */
  pause(jobId: string): boolean {
    const job = this.#jobs.get(jobId);
    if (!job || job.info.state !== 'running' || !job.info.pausable || job.resume) return false;
    job.resume = new Promise((resolve) => (job.wake = resolve));
    job.info.paused = true;
    this.#announce(job);
    return true;
  }

  resume(jobId: string): boolean {
    const job = this.#jobs.get(jobId);
    if (!job || job.info.state !== 'running' || !job.resume) return false;
    this.#wake(job);
    this.#announce(job);
    return true;
  }

  #wake(job: Job): void {
    job.wake?.();
    job.resume = undefined;
    job.wake = undefined;
    job.info.paused = false;
  }

  /** Re-emits the newest progress so windows see the paused state change at once. */
  #announce(job: Job): void {
    const { jobId, kind, paused } = job.info;
    const latest = job.latest ?? { phase: 'starting', done: 0, total: 0 };
    this.events.emit('job:progress', { jobId, kind, ...latest, paused: paused === true });
  }

  /** Waits for a job (running or recently finished) and returns its result, typed by the kind it was started as. */
  async wait<K extends JobKind>(started: JobRef<K>): Promise<Result<JobValues[K]>> {
    const job = this.#jobs.get(started.jobId);
    if (!job) return { ok: false, error: { code: 'NOT_FOUND', message: `No job ${started.jobId}.` } };
    if (job.info.kind !== started.kind) {
      const message = `Job ${started.jobId} is a ${job.info.kind} job, not ${started.kind}.`;
      return { ok: false, error: { code: 'INTERNAL', message } };
    }
    // Checked just above: a job of kind K was started with work that resolves to JobValues[K].
    return job.promise as Promise<Result<JobValues[K]>>;
  }

  list(): JobInfo[] {
    return [...this.#jobs.values()].map((j) => {
      const { jobId, kind, state } = j.info;
      return state === 'running' && j.latest ? { ...j.info, progress: { jobId, kind, ...j.latest } } : { ...j.info };
    });
  }

  /** Cancels every running job and waits for all of them to settle. */
  async dispose(): Promise<void> {
    const running = [...this.#jobs.values()].filter((j) => j.info.state === 'running');
    for (const job of running) job.controller.abort(new LecternError('CANCELLED', 'Shutting down.'));
    await Promise.all(running.map((j) => j.promise));
  }
}

/** Throws `CANCELLED` if the signal is aborted. Call between units of work. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
}
