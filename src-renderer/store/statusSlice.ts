import type { StateCreator } from 'zustand';
import type { EngineStatus, ErrorPayload } from '../../src-shared/contract';
import { api } from '../api/client';
import type { AppState } from './index';

export interface StatusSlice {
  status?: EngineStatus;
  statusError?: ErrorPayload;
  statusLoading: boolean;
  loadStatus: () => Promise<void>;
}

export const createStatusSlice: StateCreator<AppState, [], [], StatusSlice> = (set) => ({
  statusLoading: false,
  loadStatus: async () => {
    set({ statusLoading: true });
    const result = await api().getStatus({});
    if (result.ok) set({ status: result.value, statusError: undefined, statusLoading: false });
    else set({ statusError: result.error, statusLoading: false });
  },
});
