import type { Llama, TokenPredictor } from 'node-llama-cpp';
import type { Backend } from '../../../src-shared/domain/status';
import { LecternError } from '../../../src-shared/errors';

export interface LlamaRuntimeOptions {
  /** `auto` picks CUDA, Vulkan or Metal when a usable GPU is present, else CPU. Default `auto`. */
  gpu?: 'auto' | false;
}

/**
 * The llama.cpp bindings, loaded once on first use. Loading them takes a moment and, with a GPU, some memory, so
 * nothing that does not need a model (status, import, search) pays for it.
 */
export class LlamaRuntime {
  #llama?: Promise<Llama>;
  #inputLookup?: () => TokenPredictor;

  constructor(private readonly options: LlamaRuntimeOptions = {}) {}

  get loaded(): boolean {
    return this.#llama !== undefined;
  }

  get(): Promise<Llama> {
    this.#llama ??= this.#load();
    return this.#llama;
  }

  async #load(): Promise<Llama> {
    const { getLlama, LlamaLogLevel, InputLookupTokenPredictor } = await import('node-llama-cpp');
    this.#inputLookup = () => new InputLookupTokenPredictor();
    try {
      // `build: 'never'`: only the prebuilt binaries that ship in the npm package; never compile or download at run time.
      return await getLlama({
        gpu: this.options.gpu ?? 'auto',
        build: 'never',
        progressLogs: false,
        logLevel: LlamaLogLevel.error,
      });
    } catch (error) {
      this.#llama = undefined;
      throw new LecternError('INTERNAL', `Could not load llama.cpp: ${(error as Error).message}`);
    }
  }

  /**
   * A new prompt-lookup drafter (node-llama-cpp's InputLookupTokenPredictor: drafts the tokens that followed the
   * last few generated ones in the input, so quoting decodes several tokens per step). Needs the bindings loaded,
   * as every loaded model has them.
   */
  inputLookupPredictor(): TokenPredictor {
    if (!this.#inputLookup) throw new LecternError('INTERNAL', 'llama.cpp is not loaded yet.');
    return this.#inputLookup();
  }

  async dispose(): Promise<void> {
    const llama = this.#llama;
    this.#llama = undefined;
    if (llama) await (await llama).dispose();
  }
}

export function backendOf(llama: Llama): Backend {
  const gpu = llama.gpu;
  return gpu === false ? 'cpu' : gpu;
}
