/**
 * An OpenAI-compatible server that answers instead of a local model (llama.cpp `llama-server`, vLLM, Ollama,
 * LM Studio). What crosses the boundary never includes the API key: only whether one is set.
 */
export interface ServerSettingsView {
  /** Normalised base URL, ending in the API root (`http://host:8080/v1`). */
  baseUrl: string;
  /** The model requests name; undefined until one is chosen (the server's first model is then used). */
  model?: string;
  hasApiKey: boolean;
}

export interface ServerModel {
  id: string;
  /** Context length when the server tells it (vLLM `max_model_len`, llama.cpp `/props` `n_ctx`). */
  contextLength?: number;
  ownedBy?: string;
}

/** What "Test connection" found: how long `GET /v1/models` took and what the server offers. */
export interface ServerTestResult {
  baseUrl: string;
  latencyMs: number;
  models: ServerModel[];
  /** The chosen (or first) model's context length, where the server tells it. */
  contextLength?: number;
  /** Which server it looks like, from `owned_by` and its extra fields: decides llama.cpp-only request fields. */
  kind: ServerKind;
}

export type ServerKind = 'llama.cpp' | 'vllm' | 'ollama' | 'unknown';
