import type { StateCreator } from 'zustand';
import type { ErrorPayload, LoadedOnnxModels, OnnxModelInfo, OnnxModelKind } from '../../src-shared/contract';
import { api } from '../api/client';
import type { AppState } from './index';

/** The last failed ONNX action, kept with the folder it was about so the panel shows it on that row. */
export interface OnnxActionError {
  dir?: string;
  kind?: OnnxModelKind;
  error: ErrorPayload;
}

/** The optional ONNX helper models (embeddings, LLMLingua-2 compressor): the folders found and the ones in use. */
export interface OnnxSlice {
  onnxModels: OnnxModelInfo[];
  /** False until the first listing answered (so the empty state is not shown while asking). */
  onnxListed: boolean;
  onnxListError?: ErrorPayload;
  /** undefined: not asked yet. */
  onnxLoaded?: LoadedOnnxModels;
  onnxLoadedError?: ErrorPayload;
  /** The folder being loaded or the kind being unloaded: loads are plain calls, not jobs, so this is the only sign. */
  onnxBusy?: string;
  onnxActionError?: OnnxActionError;
  refreshOnnx: () => Promise<void>;
  loadOnnxModel: (dir: string) => Promise<void>;
  unloadOnnxModel: (kind: OnnxModelKind) => Promise<void>;
}

export const createOnnxSlice: StateCreator<AppState, [], [], OnnxSlice> = (set) => ({
  onnxModels: [],
  onnxListed: false,
  refreshOnnx: async () => {
    const client = api();
    const [list, loaded] = await Promise.all([client.listOnnxModels({}), client.getOnnxModels({})]);
    set({
      onnxModels: list.ok ? list.value : [],
      onnxListError: list.ok ? undefined : list.error,
      onnxListed: true,
      onnxLoaded: loaded.ok ? loaded.value : undefined,
      onnxLoadedError: loaded.ok ? undefined : loaded.error,
    });
  },
  loadOnnxModel: async (dir) => {
    set({ onnxBusy: dir, onnxActionError: undefined });
    const result = await api().loadOnnxModel({ dir });
    set(
      result.ok
        ? { onnxBusy: undefined, onnxLoaded: result.value }
        : { onnxBusy: undefined, onnxActionError: { dir, error: result.error } },
    );
  },
  unloadOnnxModel: async (kind) => {
    set({ onnxBusy: kind, onnxActionError: undefined });
    const result = await api().unloadOnnxModel({ kind });
    set(
      result.ok
        ? { onnxBusy: undefined, onnxLoaded: result.value }
        : { onnxBusy: undefined, onnxActionError: { kind, error: result.error } },
    );
  },
});
