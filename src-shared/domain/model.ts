/** Where a model file was found. */
export type ModelSource = 'lectern' | 'lm-studio' | 'ollama' | 'jan' | 'gpt4all' | 'user';

export interface ModelEntry {
  /** Stable id for the file (a hash of its absolute path). */
  id: string;
  path: string;
  name: string;
  source: ModelSource;
  sizeBytes: number;
  /** Metadata from the GGUF header, when it could be read. */
  meta?: ModelMeta;
  /** Why the file cannot be used, when it cannot (vocab-only, truncated, ...). */
  problem?: { code: string; message: string };
}

export interface ModelMeta {
  architecture: string;
  name?: string;
  parameterCount?: number;
  quantization?: string;
  contextLength?: number;
  layers?: number;
  embeddingLength?: number;
  hasChatTemplate: boolean;
}
