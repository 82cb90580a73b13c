import type { ErrorPayload, OnnxModelInfo } from '../../../src-shared/contract';

/**
 * What went wrong with a helper (ONNX) model folder and what to do about it, in words. The engine's own message
 * (with the file path) stays available as the detail; the summary is what a user reads first.
 */
export interface OnnxHelp {
  summary: string;
  detail?: string;
}

/** Problems found when listing a folder and errors from `loadOnnxModel`, by code (never by message text). */
export function onnxProblemHelp(problem: { code: string; message: string }): OnnxHelp {
  const detail = problem.message;
  switch (problem.code as ErrorPayload['code']) {
    case 'TOKENIZER_MISSING':
      return { summary: 'No tokenizer — add tokenizer.json or vocab.txt to this folder.', detail };
    case 'ONNX_MODEL_INVALID':
      return {
        summary:
          'The model files cannot be read: model.onnx or a settings file is damaged, incomplete or not ONNX. ' +
          'Download the model again or replace the file.',
        detail,
      };
    case 'MODEL_INCOMPATIBLE':
      return {
        summary:
          'Lectern cannot use this model: it is neither a sentence-embedding model nor an LLMLingua-2 compressor. ' +
          'If it is one, add a lectern.json with "kind": "embedding" or "compressor" to its folder.',
        detail,
      };
    case 'MODEL_NOT_FOUND':
      return {
        summary: 'The folder is no longer there (moved or deleted). Put it back in the models folder and refresh.',
        detail,
      };
    case 'INSUFFICIENT_MEMORY':
      return { summary: 'Not enough memory to load this model. Unload another model and try again.', detail };
    default:
      return { summary: detail };
  }
}

/** Why a listed folder cannot be used, or undefined when it can. */
export function onnxFolderHelp(model: OnnxModelInfo): OnnxHelp | undefined {
  if (model.problem) return onnxProblemHelp(model.problem);
  if (model.kind === 'unknown') {
    return {
      summary:
        'Not recognised as an embedding or compressor model. If it is one, add a lectern.json with ' +
        '"kind": "embedding" or "compressor" to its folder.',
    };
  }
  return undefined;
}

/** What kind of helper a folder or catalog entry holds, e.g. "Embeddings · 384 dims" (the caller adds the size). */
export function onnxKindLabel(model: Pick<OnnxModelInfo, 'kind' | 'dims'>): string {
  if (model.kind === 'embedding') return model.dims ? `Embeddings · ${model.dims} dims` : 'Embeddings';
  if (model.kind === 'compressor') return 'Compressor (LLMLingua-2)';
  return 'Unknown kind';
}
