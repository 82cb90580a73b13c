export type Backend = 'cpu' | 'cuda' | 'vulkan' | 'metal';

export interface EngineStatus {
  app: { name: 'Lectern'; version: string };
  versions: { node: string; nodeLlamaCpp: string; electron?: string; sqlite?: string };
  /** The compute backend llama.cpp would use; `cpu` when no GPU backend is usable. */
  backend: Backend;
  threads: number;
  paths: { libraryDir: string; modelsDir: string; cacheDir: string };
  /** Where the engine runs: in-process (CLI, serve, tests) or in an Electron utility process. */
  host: 'in-process' | 'utility-process';
  uptimeMs: number;
}
