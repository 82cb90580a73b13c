import type { StateCreator } from 'zustand';
import type { AppState } from './index';

export type Overlay = 'shortcuts' | 'models' | 'about' | undefined;

/** A pane shown as a drawer over the window when it has no room beside the reader. */
export type DrawerName = 'library' | 'chapters' | undefined;

/** A file that needs its password before it can be imported again. */
export interface PasswordRequest {
  /** The file's granted id (the renderer never holds its path). */
  file: string;
  name: string;
  wrong: boolean;
}

/** View state that belongs to this window only (never mirrored from the engine). */
export interface UiSlice {
  overlay: Overlay;
  setOverlay: (overlay: Overlay) => void;
  drawer: DrawerName;
  setDrawer: (drawer: DrawerName) => void;
  /** Finished jobs the user has closed in the tray. */
  dismissedJobs: Record<string, true>;
  dismissJob: (jobId: string) => void;
  passwordRequests: PasswordRequest[];
  requestPassword: (request: PasswordRequest) => void;
  resolvePassword: (file: string) => void;
  /** A short message read out to screen readers and shown at the bottom (e.g. "Copied"). */
  notice?: { text: string; seq: number };
  notify: (text: string) => void;
  /** Takes a notice down early once what it announced is over (e.g. an upload). */
  clearNotice: (text: string) => void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  overlay: undefined,
  setOverlay: (overlay) => set({ overlay }),
  drawer: undefined,
  setDrawer: (drawer) => set({ drawer }),
  dismissedJobs: {},
  dismissJob: (jobId) => set((s) => ({ dismissedJobs: { ...s.dismissedJobs, [jobId]: true } })),
  passwordRequests: [],
  requestPassword: (request) =>
    set((s) => ({
      passwordRequests: [...s.passwordRequests.filter((r) => r.file !== request.file), request],
    })),
  resolvePassword: (file) => set((s) => ({ passwordRequests: s.passwordRequests.filter((r) => r.file !== file) })),
  notify: (text) => set((s) => ({ notice: { text, seq: (s.notice?.seq ?? 0) + 1 } })),
  clearNotice: (text) => set((s) => (s.notice?.text === text ? { notice: undefined } : {})),
});
