import type { StateCreator } from 'zustand';
import type { DocumentPage, ErrorPayload } from '../../src-shared/contract';
import { api } from '../api/client';
import type { AppState } from './index';

export type UnitWithText = DocumentPage['units'][number];
export type OpenDocument = DocumentPage['document'];

/** Units are fetched in chunks of this size as they scroll into view: a 10,000-cue transcript is never sent at once. */
export const UNIT_CHUNK = 250;

const LAST_DOC_KEY = 'lectern.lastDocument';
const PDF_VIEW_KEY = 'lectern.pdfView';

/** How a PDF is shown: its real pages (pdf.js), or its extracted text (searchable, read by screen readers). */
export type PdfView = 'page' | 'text';

export interface ReaderSlice {
  openDocId?: string;
  openDoc?: OpenDocument;
  totalUnits: number;
  /** Loaded chunks by chunk number (unit index / UNIT_CHUNK). */
  unitChunks: Record<number, UnitWithText[]>;
  readerError?: ErrorPayload;
  /** A request to scroll the reader to a unit; `seq` changes so that asking twice for the same unit scrolls again. */
  scrollTarget?: { unit: number; seq: number };
  /** The unit shown highlighted (a cited passage). */
  highlightUnit?: number;
  /** The words the answer quoted from the highlighted unit, when it quoted: the page view marks those. */
  highlightQuote?: string;
  pdfView: PdfView;
  setPdfView: (view: PdfView) => void;
  /** The first unit in view: drives the outline's current chapter and next/previous chapter shortcuts. */
  topUnit: number;
  setTopUnit: (unit: number) => void;
  openDocument: (id: string) => Promise<void>;
  closeDocument: () => void;
  ensureUnits: (from: number, to: number) => void;
  jumpToUnit: (unit: number, highlight?: boolean, quote?: string) => void;
}

const loading = new Set<string>();

export function rememberedDocument(): string | undefined {
  try {
    return localStorage.getItem(LAST_DOC_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function rememberedPdfView(): PdfView {
  try {
    return localStorage.getItem(PDF_VIEW_KEY) === 'text' ? 'text' : 'page';
  } catch {
    return 'page';
  }
}

function remember(id: string | undefined): void {
  try {
    if (id) localStorage.setItem(LAST_DOC_KEY, id);
    else localStorage.removeItem(LAST_DOC_KEY);
  } catch {
    // Storage can be unavailable (private mode); remembering is a convenience only.
  }
}

export const createReaderSlice: StateCreator<AppState, [], [], ReaderSlice> = (set, get) => {
  const fetchChunk = async (docId: string, chunk: number) => {
    const key = `${docId}:${chunk}`;
    if (loading.has(key)) return;
    loading.add(key);
    try {
      const result = await api().getDocument({ id: docId, offset: chunk * UNIT_CHUNK, limit: UNIT_CHUNK });
      if (get().openDocId !== docId) return;
      if (!result.ok) {
        set({ readerError: result.error });
        return;
      }
      set((s) => ({
        openDoc: s.openDoc ?? result.value.document,
        totalUnits: result.value.totalUnits,
        unitChunks: { ...s.unitChunks, [chunk]: result.value.units },
      }));
    } finally {
      loading.delete(key);
    }
  };

  return {
    totalUnits: 0,
    unitChunks: {},
    topUnit: 0,
    pdfView: rememberedPdfView(),
    setPdfView: (pdfView) => {
      try {
        localStorage.setItem(PDF_VIEW_KEY, pdfView);
      } catch {
        // Remembering the choice is a convenience only.
      }
      // The other view opens where this one was (without re-marking an old citation).
      set((s) => ({ pdfView, scrollTarget: { unit: s.topUnit, seq: (s.scrollTarget?.seq ?? 0) + 1 } }));
    },
    setTopUnit: (topUnit) => {
      if (get().topUnit !== topUnit) set({ topUnit });
    },
    openDocument: async (id) => {
      if (get().openDocId === id) return;
      remember(id);
      set({
        openDocId: id,
        openDoc: undefined,
        totalUnits: 0,
        unitChunks: {},
        readerError: undefined,
        scrollTarget: undefined,
        highlightUnit: undefined,
        highlightQuote: undefined,
        topUnit: 0,
      });
      void get().loadChapters(id);
      void get().loadConversation(id);
      await fetchChunk(id, 0);
    },
    closeDocument: () => {
      remember(undefined);
      set({ openDocId: undefined, openDoc: undefined, totalUnits: 0, unitChunks: {}, highlightUnit: undefined });
    },
    ensureUnits: (from, to) => {
      const { openDocId, unitChunks, totalUnits } = get();
      if (!openDocId) return;
      const last = Math.min(to, Math.max(totalUnits - 1, 0));
      for (let chunk = Math.floor(from / UNIT_CHUNK); chunk <= Math.floor(last / UNIT_CHUNK); chunk++) {
        if (!unitChunks[chunk]) void fetchChunk(openDocId, chunk);
      }
    },
    jumpToUnit: (unit, highlight = false, quote) =>
      set((s) => ({
        scrollTarget: { unit, seq: (s.scrollTarget?.seq ?? 0) + 1 },
        highlightUnit: highlight ? unit : undefined,
        highlightQuote: highlight ? quote : undefined,
      })),
  };
};
