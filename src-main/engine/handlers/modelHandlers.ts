import { existsSync } from 'node:fs';
import path from 'node:path';
import { FILE_ID_PATTERN } from '../../../src-shared/domain/fileGrant';
import { LecternError } from '../../../src-shared/errors';
import type { FileGrants } from '../files/FileGrants';
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
  /** Files the person chose (a dialog, an upload): `loadModel` takes their ids. */
  grants: FileGrants;
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
  // GGUF files chosen outside the searched folders stay listed for the engine's life (as long as their grants), so
  // the list shows what was loaded from a dialog with the same name, size and quantization as the found ones.
  const chosen = new Set<string>();
  const listOptions = (): ListModelsOptions => ({
    modelsDir: deps.paths.modelsDir,
    ...(deps.extraModelDirs ? { extraDirs: deps.extraModelDirs } : {}),
    ...(chosen.size > 0 ? { extraFiles: [...chosen] } : {}),
    ...(deps.host !== undefined ? { host: deps.host } : {}),
  });
  return {
    listModels: () => listModels(listOptions()),
    loadModel: async ({ ref: asked, ...options }) => {
      const ref = FILE_ID_PATTERN.test(asked) ? chosenGguf(deps.grants.resolve(asked)) : asked;
      // The job's title names the model, not the id (a hash) it was asked for by; the job itself reports a bad ref.
      const named = await resolveModelRef(ref, listOptions()).catch(() => undefined);
      // Loading the same ref twice joins; a different ref queues behind it in the manager and replaces it.
      return deps.jobs.start('loadModel', ref, `Loading ${named?.name ?? path.basename(ref)}`, async (ctx) => {
        const entry = await resolveModelRef(ref, listOptions());
        if (ref !== asked) chosen.add(entry.path);
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

/** A chosen file's path, once it is known to be a GGUF by name (its header is checked when it loads). */
function chosenGguf(file: string): string {
  if (!file.toLowerCase().endsWith('.gguf')) {
    throw new LecternError(
      'UNSUPPORTED_FORMAT',
      `${path.basename(file)} is not a GGUF model. Choose a .gguf chat model file.`,
    );
  }
  return file;
}
