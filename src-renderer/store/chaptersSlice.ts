import type { StateCreator } from 'zustand';
import type { Chapter, ErrorPayload, Result } from '../../src-shared/contract';
import { api } from '../api/client';
import type { Granularity } from '../features/chapters/granularitySteps';
import type { AppState } from './index';

export interface ChaptersSlice {
  chapters: Chapter[];
  chaptersDocId?: string;
  chaptersError?: ErrorPayload;
  /** The chapter size last asked for, per document ("fewer / more chapters"); `normal` until changed. */
  granularity: Record<string, Granularity>;
  loadChapters: (docId: string) => Promise<void>;
  renameChapter: (index: number, title: string) => Promise<ErrorPayload | undefined>;
  mergeChapter: (index: number) => Promise<ErrorPayload | undefined>;
  splitChapter: (index: number, atUnit: number) => Promise<ErrorPayload | undefined>;
  /** Starts a re-chaptering job; `model` re-titles segmented chapters with the loaded chat model. */
  rechapter: (titles?: 'auto' | 'model' | 'keyphrase') => Promise<ErrorPayload | undefined>;
  /**
   * Chapters the open document again at another size, model-free (key-phrase titles, so it is quick), keeping the
   * chapters the user edited.
   */
  resizeChapters: (granularity: Granularity) => Promise<ErrorPayload | undefined>;
}

export const createChaptersSlice: StateCreator<AppState, [], [], ChaptersSlice> = (set, get) => {
  /** Every edit answers the whole new chapter list, so the outline is replaced rather than patched. */
  const apply = (docId: string, result: Result<Chapter[]>): ErrorPayload | undefined => {
    if (!result.ok) return result.error;
    if (get().openDocId === docId) set({ chapters: result.value, chaptersDocId: docId, chaptersError: undefined });
    return undefined;
  };
  const docId = () => get().openDocId ?? '';
  return {
    chapters: [],
    granularity: {},
    loadChapters: async (id) => {
      set({ chapters: [], chaptersDocId: id, chaptersError: undefined });
      const result = await api().listChapters({ docId: id });
      if (get().openDocId !== id) return;
      if (result.ok) set({ chapters: result.value });
      else set({ chaptersError: result.error });
    },
    renameChapter: async (index, title) => apply(docId(), await api().renameChapter({ docId: docId(), index, title })),
    mergeChapter: async (index) => apply(docId(), await api().mergeChapters({ docId: docId(), index })),
    splitChapter: async (index, atUnit) => apply(docId(), await api().splitChapter({ docId: docId(), index, atUnit })),
    rechapter: async (titles = 'auto') => {
      const id = docId();
      const result = await api().rechapter({ docId: id, titles, granularity: get().granularity[id] ?? 'normal' });
      return result.ok ? undefined : result.error;
    },
    resizeChapters: async (granularity) => {
      const id = docId();
      set({ granularity: { ...get().granularity, [id]: granularity } });
      const result = await api().rechapter({ docId: id, titles: 'keyphrase', granularity });
      return result.ok ? undefined : result.error;
    },
  };
};
