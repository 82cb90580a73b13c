import type { OnnxModelInfo } from '../../../src-shared/domain/model';
import { discoverOnnxModels, type OnnxModelEntry } from '../onnx/discoverOnnxModels';
import type { OnnxModels } from '../onnx/OnnxModels';
import type { Handlers } from './types';

export interface OnnxDeps {
  models: OnnxModels;
  paths: { modelsDir: string };
}

function toInfo({ modelPath: _modelPath, ...entry }: OnnxModelEntry): OnnxModelInfo {
  return entry;
}

/** The optional ONNX models: list the folders in the models folder, load one of each kind, unload. */
export function onnxHandlers(
  deps: OnnxDeps,
): Pick<Handlers, 'listOnnxModels' | 'loadOnnxModel' | 'unloadOnnxModel' | 'getOnnxModels'> {
  return {
    listOnnxModels: async () => (await discoverOnnxModels(deps.paths.modelsDir).catch(() => [])).map(toInfo),
    loadOnnxModel: ({ dir }) => deps.models.load(dir),
    unloadOnnxModel: ({ kind }) => deps.models.unload(kind),
    getOnnxModels: () => deps.models.info(),
  };
}
