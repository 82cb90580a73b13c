import { create } from 'zustand';
import { api } from '../api/client';
import { createJobsSlice, type JobsSlice } from './jobsSlice';
import { createStatusSlice, type StatusSlice } from './statusSlice';

export type AppState = StatusSlice & JobsSlice;

/** One store built from slices (zustand's recommended shape); components select atomically. */
export const useStore = create<AppState>()((...a) => ({
  ...createStatusSlice(...a),
  ...createJobsSlice(...a),
}));

/** Wires engine events into the store once, at start-up. */
export function connectEvents(): () => void {
  const client = api();
  const { jobStarted, jobProgress, jobDone } = useStore.getState();
  const offs = [
    client.on('job:started', jobStarted),
    client.on('job:progress', jobProgress),
    client.on('job:done', jobDone),
  ];
  return () => offs.forEach((off) => off());
}
