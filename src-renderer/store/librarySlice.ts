import type { StateCreator } from 'zustand';
import type { DocumentSummary, ErrorPayload } from '../../src-shared/contract';
import { api } from '../api/client';
import type { AppState } from './index';

export interface LibrarySlice {
  documents: DocumentSummary[];
  libraryLoaded: boolean;
  libraryError?: ErrorPayload;
  /** The title filter typed in the sidebar. */
  libraryFilter: string;
  setLibraryFilter: (filter: string) => void;
  loadDocuments: () => Promise<void>;
  deleteDocument: (id: string) => Promise<ErrorPayload | undefined>;
}

export const createLibrarySlice: StateCreator<AppState, [], [], LibrarySlice> = (set, get) => ({
  documents: [],
  libraryLoaded: false,
  libraryFilter: '',
  setLibraryFilter: (libraryFilter) => set({ libraryFilter }),
  loadDocuments: async () => {
    const result = await api().listDocuments({});
    if (result.ok) set({ documents: result.value, libraryLoaded: true, libraryError: undefined });
    else set({ libraryError: result.error, libraryLoaded: true });
  },
  deleteDocument: async (id) => {
    const result = await api().deleteDocument({ id });
    if (!result.ok) return result.error;
    if (get().openDocId === id) get().closeDocument();
    set((s) => ({ documents: s.documents.filter((d) => d.id !== id) }));
    return undefined;
  },
});
