import type { StateCreator } from 'zustand';
import type { ChatTurn, CompressionEstimate, ErrorPayload, JobDoneOf } from '../../src-shared/contract';
import { api } from '../api/client';
import type { AppState } from './index';

export interface PendingAsk {
  docId: string;
  question: string;
  jobId?: string;
  error?: ErrorPayload;
}

export type ConversationStatus = 'loading' | 'ready' | 'error';

export interface EstimateView {
  docId: string;
  ratio: number;
  loading: boolean;
  value?: CompressionEstimate;
  error?: ErrorPayload;
}

export interface ChatSlice {
  conversations: Record<string, ChatTurn[]>;
  conversationStatus: Record<string, ConversationStatus>;
  /** The ask in flight (or the one that just failed) per document. */
  pendingAsks: Record<string, PendingAsk>;
  /** Streamed answer text per ask job, flushed in batches from `answer:token` events. */
  streams: Record<string, string>;
  /** Compression ratio chosen on the slider (1 to 16). */
  ratio: number;
  estimate?: EstimateView;
  loadConversation: (docId: string) => Promise<void>;
  clearConversation: (docId: string) => Promise<ErrorPayload | undefined>;
  ask: (docId: string, question: string) => Promise<void>;
  stopAsk: (docId: string) => Promise<void>;
  dismissAskError: (docId: string) => void;
  askDone: (done: JobDoneOf<'ask'>) => void;
  appendStreams: (chunks: Map<string, string>) => void;
  setRatio: (ratio: number) => void;
  loadEstimate: (docId: string, ratio: number) => Promise<void>;
}

export const createChatSlice: StateCreator<AppState, [], [], ChatSlice> = (set, get) => ({
  conversations: {},
  conversationStatus: {},
  pendingAsks: {},
  streams: {},
  ratio: 4,
  loadConversation: async (docId) => {
    set((s) => ({ conversationStatus: { ...s.conversationStatus, [docId]: 'loading' } }));
    const result = await api().getConversation({ docId });
    set((s) => {
      if (result.ok) {
        return {
          conversations: { ...s.conversations, [docId]: result.value },
          conversationStatus: { ...s.conversationStatus, [docId]: 'ready' },
        };
      }
      // Without stored conversations the turns asked in this window are still kept in memory.
      return { conversationStatus: { ...s.conversationStatus, [docId]: 'error' } };
    });
  },
  clearConversation: async (docId) => {
    const result = await api().clearConversation({ docId });
    if (!result.ok) return result.error;
    set((s) => ({ conversations: { ...s.conversations, [docId]: [] } }));
    return undefined;
  },
  ask: async (docId, question) => {
    if (get().pendingAsks[docId]?.jobId && !get().pendingAsks[docId]?.error) return;
    set((s) => ({ pendingAsks: { ...s.pendingAsks, [docId]: { docId, question } } }));
    const result = await api().ask({ docId, question, ratio: get().ratio });
    set((s) => ({
      pendingAsks: {
        ...s.pendingAsks,
        [docId]: result.ok ? { docId, question, jobId: result.value.jobId } : { docId, question, error: result.error },
      },
    }));
    // The job may already have finished (passages come back fast) before this call answered.
    if (result.ok) {
      const outcome = get().jobs[result.value.jobId]?.outcome;
      if (outcome?.kind === 'ask') get().askDone(outcome);
    }
  },
  stopAsk: async (docId) => {
    const jobId = get().pendingAsks[docId]?.jobId;
    if (jobId) await api().cancelJob({ jobId });
  },
  dismissAskError: (docId) =>
    set((s) => {
      const { [docId]: _gone, ...rest } = s.pendingAsks;
      return { pendingAsks: rest };
    }),
  askDone: (done) => {
    const pending = Object.values(get().pendingAsks).find((p) => p.jobId === done.jobId);
    if (!pending) return;
    const { docId, question } = pending;
    if (!done.ok) {
      // The engine keeps a stopped or failed question in the conversation with its partial answer and a note.
      const kept = done.error.code === 'CANCELLED' || get().conversationStatus[docId] === 'ready';
      set((s) => {
        const { [done.jobId]: _stream, ...streams } = s.streams;
        return {
          streams,
          pendingAsks: kept
            ? Object.fromEntries(Object.entries(s.pendingAsks).filter(([k]) => k !== docId))
            : { ...s.pendingAsks, [docId]: { docId, question, error: done.error } },
        };
      });
      if (get().conversationStatus[docId] === 'ready') void get().loadConversation(docId);
      return;
    }
    const turn: ChatTurn = {
      id: done.jobId,
      docId,
      question,
      result: done.value,
      createdAt: Date.now(),
    };
    set((s) => {
      const { [docId]: _finished, ...pendingAsks } = s.pendingAsks;
      const { [done.jobId]: _stream, ...streams } = s.streams;
      return {
        pendingAsks,
        streams,
        conversations: { ...s.conversations, [docId]: [...(s.conversations[docId] ?? []), turn] },
      };
    });
    // Where the engine keeps conversations, its copy is the truth (ids, timestamps).
    if (get().conversationStatus[docId] === 'ready') void get().loadConversation(docId);
  },
  appendStreams: (chunks) =>
    set((s) => {
      const streams = { ...s.streams };
      for (const [jobId, text] of chunks) streams[jobId] = (streams[jobId] ?? '') + text;
      return { streams };
    }),
  setRatio: (ratio) => set({ ratio }),
  loadEstimate: async (docId, ratio) => {
    set((s) => ({
      estimate: { docId, ratio, loading: true, value: s.estimate?.docId === docId ? s.estimate.value : undefined },
    }));
    const result = await api().estimateCompression({ docId, ratio });
    const current = get().estimate;
    if (current?.docId !== docId || current.ratio !== ratio) return;
    set({
      estimate: result.ok
        ? { docId, ratio, loading: false, value: result.value }
        : { docId, ratio, loading: false, error: result.error },
    });
  },
});
