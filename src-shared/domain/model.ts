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

export type KvCacheType = 'f16' | 'q8_0' | 'q4_0';

export interface LoadModelOptions {
  /** Context size in tokens; `auto` fits the largest that free memory allows (up to the model's training context). */
  contextSize?: number | 'auto';
  /** GPU layers: `auto` offloads as many as fit; 0 keeps everything on the CPU. */
  gpuLayers?: number | 'auto';
  kvCacheType?: KvCacheType;
  flashAttention?: boolean;
}

/** The loaded model, as `getModelInfo` reports it. */
export interface LoadedModelInfo {
  model: ModelEntry;
  backend: 'cpu' | 'cuda' | 'vulkan' | 'metal';
  gpuLayers: number;
  contextSize: number;
  threads: number;
  kvCacheType: KvCacheType;
  flashAttention: boolean;
  /** Estimated KV cache bytes for the whole context, and what f16 would have needed (to show the saving). */
  kvCacheBytes: number;
  kvCacheBytesF16: number;
  loadMs: number;
}

export interface CatalogEntry {
  id: string;
  name: string;
  tier: 'small' | 'medium' | 'large';
  /** node-llama-cpp model URI (hf:owner/repo/file.gguf) or an https URL. */
  uri: string;
  fileName: string;
  sizeBytes: number;
  sha256?: string;
  license: string;
  description: string;
  /** True when the file is already in the models folder. */
  downloaded?: boolean;
}
