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
}

export const createJobsSlice: StateCreator<AppState, [], [], JobsSlice> = (set) => ({
  jobs: {},
  jobStarted: (info) => set((s) => ({ jobs: { ...s.jobs, [info.jobId]: { ...info } } })),
  jobProgress: (progress) =>
    set((s) => {
      const job = s.jobs[progress.jobId];
      return job ? { jobs: { ...s.jobs, [progress.jobId]: { ...job, progress } } } : {};
    }),
  jobDone: (done) =>
    set((s) => {
      const job = s.jobs[done.jobId];
      if (!job) return {};
      const state = done.ok ? 'done' : done.error.code === 'CANCELLED' ? 'cancelled' : 'failed';
      return { jobs: { ...s.jobs, [done.jobId]: { ...job, state, outcome: done } } };
    }),
});
