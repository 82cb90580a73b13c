import { existsSync } from 'node:fs';
import path from 'node:path';
import type { JobRunner } from '../jobs/JobRunner';
import { catalogEntry, listCatalog } from '../llm/catalog';
import { listModels, resolveModelRef, type HostEnvironment, type ListModelsOptions } from '../llm/discoverModels';
import type { ModelManager } from '../llm/ModelManager';
import { pullCatalogModel, type PullOptions } from '../llm/pullModel';
import { approxCatalogBytes, ONNX_CATALOG } from '../onnx/onnxCatalog';
import { pullOnnxModel, type PullOnnxOptions } from '../onnx/pullOnnxModel';
import type { Handlers } from './types';

export interface ModelDeps {
  manager: ModelManager;
  jobs: JobRunner;
  paths: { modelsDir: string };
  /** llama.cpp threads, decided by the engine (explicit: the library default oversubscribes small machines). */
  threads: () => number;
  extraModelDirs?: string[];
  /** Whose other-app folders to search; `false` skips them (tests). Default: this machine's. */
  host?: HostEnvironment | false;
  /** For tests: where downloads come from instead of the catalog's URI. */
  pull?: PullOptions;
  pullOnnx?: PullOnnxOptions;
}

/** List, load, unload and download models. Loading and downloading are jobs with progress and cancel. */
export function modelHandlers(
  deps: ModelDeps,
): Pick<Handlers, 'listModels' | 'loadModel' | 'unloadModel' | 'getModelInfo' | 'listCatalog' | 'downloadModel'> {
  const listOptions = (): ListModelsOptions => ({
    modelsDir: deps.paths.modelsDir,
    ...(deps.extraModelDirs ? { extraDirs: deps.extraModelDirs } : {}),
    ...(deps.host !== undefined ? { host: deps.host } : {}),
  });
  return {
    listModels: () => listModels(listOptions()),
    loadModel: async ({ ref, ...options }) => {
      // The job's title names the model, not the id (a hash) it was asked for by; the job itself reports a bad ref.
      const named = await resolveModelRef(ref, listOptions()).catch(() => undefined);
      // Loading the same ref twice joins; a different ref queues behind it in the manager and replaces it.
      return deps.jobs.start('loadModel', ref, `Loading ${named?.name ?? path.basename(ref)}`, async (ctx) => {
        const entry = await resolveModelRef(ref, listOptions());
        ctx.onProgress({ phase: 'loading', done: 0, total: 100, message: entry.name });
        return deps.manager.load(entry, {
          ...options,
          threads: deps.threads(),
          signal: ctx.signal,
          onProgress: (fraction) =>
            ctx.onProgress({ phase: 'loading', done: Math.round(fraction * 100), total: 100, message: entry.name }),
        });
      });
    },
    unloadModel: async () => ({ unloaded: await deps.manager.unload() }),
    getModelInfo: () => deps.manager.info(),
    listCatalog: () => [
      ...listCatalog(deps.paths.modelsDir).map((entry) => ({ ...entry, kind: 'chat' as const })),
      ...ONNX_CATALOG.map((entry) => ({
        id: entry.id,
        name: entry.name,
        kind: entry.kind,
        tier: 'small' as const,
        uri: `https://huggingface.co/${entry.repo}`,
        fileName: entry.id,
        sizeBytes: approxCatalogBytes(entry),
        license: entry.license,
        description: entry.description,
        downloaded: existsSync(path.join(deps.paths.modelsDir, entry.id, 'lectern.json')),
      })),
    ],
    downloadModel: ({ catalogId }) => {
      const onnx = ONNX_CATALOG.find((e) => e.id === catalogId);
      if (onnx)
        return deps.jobs.start('downloadModel', catalogId, `Downloading ${onnx.name}`, (ctx) =>
          pullOnnxModel(onnx, deps.paths.modelsDir, ctx, deps.pullOnnx),
        );
      const entry = catalogEntry(catalogId);
      return deps.jobs.start('downloadModel', catalogId, `Downloading ${entry.name}`, (ctx) =>
        pullCatalogModel(entry, deps.paths.modelsDir, ctx, deps.pull),
      );
    },
  };
}
