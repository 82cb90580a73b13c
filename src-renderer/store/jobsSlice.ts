import type { StateCreator } from 'zustand';
import type { JobDone, JobInfo, JobProgress } from '../../src-shared/contract';
import type { AppState } from './index';

export interface JobView extends JobInfo {
  progress?: JobProgress;
  outcome?: JobDone;
}

/** Mirrors the engine's jobs. It changes only from events, never from the renderer's own guesses. */
export interface JobsSlice {
  jobs: Record<string, JobView>;
  jobStarted: (info: JobInfo) => void;
  jobProgress: (progress: JobProgress) => void;
  jobDone: (done: JobDone) => void;
  /** Adds the engine's running jobs (from `listJobs`) that this window has not seen start: after a reload. */
  hydrateJobs: (running: JobInfo[]) => void;
}

/**
 * Jobs whose end this window has seen, even ones it did not know: `listJobs` may answer after a job's `job:done`,
 * and such a job must not come back as running.
 */
const ended = new Set<string>();
/** The latest progress of jobs not known yet, so that a job added by `hydrateJobs` shows it at once. */
const unclaimed = new Map<string, JobProgress>();

export const createJobsSlice: StateCreator<AppState, [], [], JobsSlice> = (set) => ({
  jobs: {},
  jobStarted: (info) => set((s) => ({ jobs: { ...s.jobs, [info.jobId]: { ...info } } })),
  jobProgress: (progress) =>
    set((s) => {
      const job = s.jobs[progress.jobId];
      if (!job) unclaimed.set(progress.jobId, progress);
      return job ? { jobs: { ...s.jobs, [progress.jobId]: { ...job, progress } } } : {};
    }),
  jobDone: (done) =>
    set((s) => {
      ended.add(done.jobId);
      unclaimed.delete(done.jobId);
      const job = s.jobs[done.jobId];
      if (!job) return {};
      const state = done.ok ? 'done' : done.error.code === 'CANCELLED' ? 'cancelled' : 'failed';
      return { jobs: { ...s.jobs, [done.jobId]: { ...job, state, outcome: done } } };
    }),
  hydrateJobs: (running) =>
    set((s) => {
      const missing = running.filter((j) => j.state === 'running' && !s.jobs[j.jobId] && !ended.has(j.jobId));
      if (missing.length === 0) return {};
      const added = missing.map((j): [string, JobView] => {
        const progress = unclaimed.get(j.jobId);
        unclaimed.delete(j.jobId);
        return [j.jobId, progress ? { ...j, progress } : { ...j }];
      });
      return { jobs: { ...Object.fromEntries(added), ...s.jobs } };
    }),
});
