import type { StateCreator } from 'zustand';
import type { ErrorPayload, MediaInfo } from '../../src-shared/contract';
import { api } from '../api/client';
import type { AppState } from './index';

/** The open transcript's recording and where its player is; the element itself lives in MediaPlayer. */
export interface MediaSlice {
  /** Per document: its recording, null when it has none, absent until asked. */
  media: Record<string, MediaInfo | null>;
  mediaError: Record<string, ErrorPayload | undefined>;
  loadMedia: (docId: string) => Promise<void>;
  attachMedia: (docId: string, file: string) => Promise<ErrorPayload | undefined>;
  recordMediaDuration: (docId: string, durationSec: number) => Promise<void>;
  /** The player's position in seconds (updated a few times a second while it plays). */
  mediaTime: number;
  setMediaTime: (seconds: number) => void;
  /** A request for the player to play from a second; `seq` makes a repeat of the same second count. */
  seekRequest?: { seconds: number; seq: number };
  /** Plays the open document's recording from `seconds`, when it has one; false when it has none. */
  playAt: (seconds: number) => boolean;
}

export const createMediaSlice: StateCreator<AppState, [], [], MediaSlice> = (set, get) => ({
  media: {},
  mediaError: {},
  loadMedia: async (docId) => {
    const result = await api().getMedia({ docId });
    set((s) => ({
      media: { ...s.media, [docId]: result.ok ? result.value : null },
      mediaError: { ...s.mediaError, [docId]: result.ok ? undefined : result.error },
    }));
  },
  attachMedia: async (docId, file) => {
    const result = await api().attachMedia({ docId, file });
    if (!result.ok) return result.error;
    set((s) => ({
      media: { ...s.media, [docId]: result.value },
      mediaError: { ...s.mediaError, [docId]: undefined },
    }));
    return undefined;
  },
  recordMediaDuration: async (docId, durationSec) => {
    const result = await api().recordMediaDuration({ docId, durationSec });
    if (result.ok) set((s) => ({ media: { ...s.media, [docId]: result.value } }));
  },
  mediaTime: 0,
  setMediaTime: (mediaTime) => set({ mediaTime }),
  playAt: (seconds) => {
    const { openDocId, media } = get();
    if (!openDocId || !media[openDocId]) return false;
    set((s) => ({ seekRequest: { seconds, seq: (s.seekRequest?.seq ?? 0) + 1 } }));
    return true;
  },
});
