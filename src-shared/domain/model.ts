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

/**
 * How the slider compresses for the loaded model. `kv`: low-scoring token ranges are erased from the KV cache (plain
 * attention, or sliding-window attention with a full-size cache). `text`: the model's memory cannot have ranges erased
 * (a recurrent or hybrid model, or a sliding-window one whose full cache does not fit), so the dropped words are left
 * out of the text before it is evaluated, as for a server.
 */
export interface CompressionMode {
  mode: 'kv' | 'text';
  /** What the GGUF header declares: plain attention, sliding-window attention, or recurrent/hybrid memory. */
  attention: 'full' | 'sliding-window' | 'recurrent' | 'hybrid';
  /** The sliding window in tokens, for sliding-window models. */
  swaSize?: number;
  /** For sliding-window models: the extra bytes a full-size cache needs over the windowed one at this context. */
  swaFullCacheExtraBytes?: number;
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
  compression: CompressionMode;
}

export interface CatalogEntry {
  id: string;
  name: string;
  /** What the model is for: a chat model (GGUF, the default) or an optional ONNX embedding or compressor model. */
  kind?: 'chat' | OnnxModelKind;
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

/** Optional ONNX models: sentence embeddings (hybrid retrieval, chapters) and an LLMLingua-2 token compressor. */
export type OnnxModelKind = 'embedding' | 'compressor';

/** An ONNX model folder found in the models folder, described from its files without loading it. */
export interface OnnxModelInfo {
  dir: string;
  name: string;
  kind: OnnxModelKind | 'unknown';
  /** Vector width of an embedding model (config.json `hidden_size`). */
  dims?: number;
  sizeBytes: number;
  hasTokenizer: boolean;
  catalogId?: string;
  /** Why the folder cannot be used as it is. */
  problem?: { code: string; message: string };
}

/** The ONNX models in use; each kind is optional and independent of the chat model. */
export interface LoadedOnnxModels {
  embedding?: { id: string; name: string; dir: string; dims: number };
  compressor?: { id: string; name: string; dir: string };
}
