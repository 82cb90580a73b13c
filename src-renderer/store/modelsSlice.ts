import type { StateCreator } from 'zustand';
import type { CatalogEntry, ErrorPayload, LoadedModelInfo, ModelEntry } from '../../src-shared/contract';
import { api } from '../api/client';
import type { AppState } from './index';

export interface ModelsSlice {
  models: ModelEntry[];
  modelsLoaded: boolean;
  modelsError?: ErrorPayload;
  /** undefined: not asked yet; null: no model loaded. */
  modelInfo?: LoadedModelInfo | null;
  modelInfoError?: ErrorPayload;
  catalog: CatalogEntry[];
  catalogError?: ErrorPayload;
  /** The last error of a model action (load, unload, download), shown in the models panel. */
  modelActionError?: ErrorPayload;
  refreshModels: () => Promise<void>;
  loadModel: (ref: string) => Promise<void>;
  unloadModel: () => Promise<void>;
  downloadModel: (catalogId: string) => Promise<void>;
}

export const createModelsSlice: StateCreator<AppState, [], [], ModelsSlice> = (set) => ({
  models: [],
  modelsLoaded: false,
  catalog: [],
  refreshModels: async () => {
    const client = api();
    const [models, info, catalog] = await Promise.all([
      client.listModels({}),
      client.getModelInfo({}),
      client.listCatalog({}),
    ]);
    set({
      models: models.ok ? models.value : [],
      modelsError: models.ok ? undefined : models.error,
      modelsLoaded: true,
      modelInfo: info.ok ? info.value : undefined,
      modelInfoError: info.ok ? undefined : info.error,
      catalog: catalog.ok ? catalog.value : [],
      catalogError: catalog.ok ? undefined : catalog.error,
    });
  },
  loadModel: async (ref) => {
    const result = await api().loadModel({ ref });
    set({ modelActionError: result.ok ? undefined : result.error });
  },
  unloadModel: async () => {
    const result = await api().unloadModel({});
    set(result.ok ? { modelInfo: null, modelActionError: undefined } : { modelActionError: result.error });
  },
  downloadModel: async (catalogId) => {
    const result = await api().downloadModel({ catalogId });
    set({ modelActionError: result.ok ? undefined : result.error });
  },
});
