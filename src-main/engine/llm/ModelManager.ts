import type { GgufInsights, Llama, LlamaContext, LlamaModel } from 'node-llama-cpp';
import type { KvCacheType, LoadedModelInfo, LoadModelOptions, ModelEntry } from '../../../src-shared/domain/model';
import { LecternError } from '../../../src-shared/errors';
import { attentionLayout, compressionModeOf } from './compressionMode';
import { describeModel } from './discoverModels';
import { KV_GGML_TYPE, kvCacheBytes, kvShapeFromMetadata, kvTypeProblem } from './ggmlTypes';
import { backendOf } from './llamaRuntime';
import { inspectGguf } from './readModelMeta';

/** The smallest context a chat model is useful with here: a question, a few retrieved segments and an answer. */
export const DEFAULT_MIN_CONTEXT = 2048;

export interface LoadRequest extends LoadModelOptions {
  /** llama.cpp threads for the context. Always explicit: the default oversubscribes small machines (6x slower). */
  threads: number;
  /** Refuse (CONTEXT_TOO_SMALL) unless at least this many tokens fit. Default 2048, or the training context if less. */
  minContextSize?: number;
  /** Parallel sequences in the context (the compressor and QA may want more than one). Default 1. */
  sequences?: number;
  signal?: AbortSignal;
  /** 0..1 while the weights are read. */
  onProgress?: (fraction: number) => void;
}

/** Free memory as llama.cpp sees it; injectable so tests can simulate a small machine. */
export interface MemoryState {
  ramFree: number;
  vramFree: number;
}

export interface ModelManagerOptions {
  /** The llama.cpp bindings (e.g. `() => engine.llama.get()`). */
  llama: () => Promise<Llama>;
  memory?: (llama: Llama) => Promise<MemoryState>;
}

/** A loaded model with its one context: what generation and compression use. */
export interface LoadedModel {
  entry: ModelEntry;
  model: LlamaModel;
  context: LlamaContext;
  info: LoadedModelInfo;
}

/** The context a sliding-window model's full-size cache must reach to be chosen over its windowed cache. */
export const SWA_FULL_CONTEXT = 16_384;

const KV_OPTION: Record<KvCacheType, 'F16' | 'Q8_0' | 'Q4_0'> = { f16: 'F16', q8_0: 'Q8_0', q4_0: 'Q4_0' };

async function defaultMemory(llama: Llama): Promise<MemoryState> {
  const ram = await llama.getRamState();
  const vram = llama.supportsGpuOffloading ? await llama.getVramState() : { free: 0 };
  return { ramFree: ram.free, vramFree: vram.free };
}

const isAbort = (error: unknown, signal?: AbortSignal): boolean =>
  signal?.aborted === true || (error instanceof Error && error.name === 'AbortError');

const mb = (bytes: number): string => `${Math.round(bytes / 1e6)} MB`;

/**
 * Owns the one loaded model and its context. Loads are serialised and a load disposes the previous model first, so
 * two models never sit in memory together. Every file is checked from its header before llama.cpp opens it, and the
 * memory it needs is checked against node-llama-cpp's estimate first, because llama.cpp can abort the process on a
 * malformed file or a failed allocation instead of returning an error.
 */
export class ModelManager {
  #current?: LoadedModel;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ModelManagerOptions) {}

  info(): LoadedModelInfo | null {
    return this.#current ? { ...this.#current.info } : null;
  }

  /** The loaded model, or undefined. */
  get current(): LoadedModel | undefined {
    return this.#current;
  }

  /** The loaded model, or NO_MODEL_LOADED. */
  require(): LoadedModel {
    if (!this.#current) throw new LecternError('NO_MODEL_LOADED', 'No model is loaded. Load one first.');
    return this.#current;
  }

  /** Loads a model (an entry from `listModels` or a path), replacing the loaded one. */
  load(ref: ModelEntry | string, request: LoadRequest): Promise<LoadedModelInfo> {
    return this.#serial(() => this.#load(ref, request));
  }

  unload(): Promise<boolean> {
    return this.#serial(() => this.#unload());
  }

  dispose(): Promise<boolean> {
    return this.unload();
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #unload(): Promise<boolean> {
    const current = this.#current;
    if (!current) return false;
    this.#current = undefined;
    await current.context.dispose();
    await current.model.dispose();
    return true;
  }

  async #load(ref: ModelEntry | string, request: LoadRequest): Promise<LoadedModelInfo> {
    const { signal } = request;
    const throwIfAborted = () => {
      if (signal?.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
    };
    const started = performance.now();
    const entry = typeof ref === 'string' ? await describeModel(ref, 'user') : ref;
    const inspected = await inspectGguf(entry.path);
    if (!inspected.ok) throw new LecternError('MODEL_INCOMPATIBLE', inspected.error.message, { path: entry.path });
    const { meta, fileInfo } = inspected.value;
    throwIfAborted();

    // Free the old model before measuring memory for the new one: it is going either way.
    await this.#unload();

    const llama = await this.options.llama();
    const { GgufInsights, InsufficientMemoryError } = await import('node-llama-cpp');
    const insights: GgufInsights = await GgufInsights.from(fileInfo, llama);
    const kvType = request.kvCacheType ?? 'f16';
    const flashAttention = (request.flashAttention ?? true) && insights.flashAttentionSupported;
    // llama.cpp needs flash attention to store V quantized; without it the context creation fails late.
    if (kvType !== 'f16' && !flashAttention)
      throw new LecternError(
        'INVALID_ARGUMENT',
        `A ${kvType} KV cache needs flash attention, which ${request.flashAttention === false ? 'was turned off' : 'this model does not support'}.`,
      );
    const shape = kvShapeFromMetadata(
      (fileInfo.metadata as Record<string, unknown> | undefined)?.[meta.architecture] as Record<string, unknown>,
    );
    const kvProblem = shape && kvType !== 'f16' ? kvTypeProblem(shape, kvType) : undefined;
    if (kvProblem) throw new LecternError('INVALID_ARGUMENT', kvProblem);
    const kvGgml = { kvCacheKeyType: KV_GGML_TYPE[kvType], kvCacheValueType: KV_GGML_TYPE[kvType] };

    const gpuLayers = await this.#gpuLayers(llama, insights, request, flashAttention, kvGgml);
    const train = meta.contextLength ?? insights.trainContextSize ?? 4096;
    const requested = request.contextSize ?? 'auto';
    const minContext = Math.min(
      request.minContextSize ?? DEFAULT_MIN_CONTEXT,
      requested === 'auto' ? train : requested,
    );
    const maxContext = requested === 'auto' ? train : requested;

    // Memory check before llama.cpp allocates anything, from node-llama-cpp's own estimates.
    const memory = await (this.options.memory ?? defaultMemory)(llama);
    const modelNeeds = insights.estimateModelResourceRequirements({ gpuLayers });
    const contextNeeds = insights.estimateContextResourceRequirements({
      contextSize: minContext,
      modelGpuLayers: gpuLayers,
      flashAttention,
      ...kvGgml,
    });
    const vramShort = gpuLayers > 0 && modelNeeds.gpuVram > memory.vramFree;
    if (modelNeeds.cpuRam > memory.ramFree || vramShort)
      throw new LecternError(
        'INSUFFICIENT_MEMORY',
        `${entry.name} needs about ${mb(modelNeeds.cpuRam)} of RAM${gpuLayers > 0 ? ` and ${mb(modelNeeds.gpuVram)} of GPU memory (${mb(memory.vramFree)} free)` : ''}; ${mb(memory.ramFree)} of RAM is free. Close other programs or pick a smaller model.`,
        { modelNeeds, memory },
      );
    const resolveContextSize = (swaFullCache: boolean, min = minContext) =>
      insights.configurationResolver.resolveContextContextSize(
        { min, max: maxContext },
        {
          modelGpuLayers: gpuLayers,
          // An explicit size above the training context is honoured (llama.cpp allows it; quality is the caller's call).
          modelTrainContextSize: Math.max(train, maxContext),
          flashAttention,
          swaFullCache,
          ...kvGgml,
          sequences: request.sequences ?? 1,
          getRamState: () =>
            Promise.resolve({
              total: memory.ramFree + modelNeeds.cpuRam,
              free: memory.ramFree - modelNeeds.cpuRam,
            }),
          getVramState: () =>
            Promise.resolve({
              total: memory.vramFree,
              free: Math.max(0, memory.vramFree - modelNeeds.gpuVram),
              unifiedSize: 0,
            }),
          getSwapState: () => Promise.resolve({ total: 0, free: 0 }),
          llamaGpu: llama.gpu,
        },
      );
    const layout = attentionLayout(insights);
    let swaFullCache = false;
    let contextSize: number;
    try {
      contextSize = await resolveContextSize(false);
    } catch (error) {
      if (!(error instanceof InsufficientMemoryError)) throw error;
      throw new LecternError(
        'CONTEXT_TOO_SMALL',
        `${entry.name} fits, but not with a context of ${minContext} tokens (about ${mb(contextNeeds.cpuRam + contextNeeds.gpuVram)} more). Try a quantized KV cache, a smaller model, or free memory.`,
        { minContext, contextNeeds, memory },
      );
    }
    // A sliding-window model keeps a full-size cache, so that token ranges can be erased (KV compression), when that
    // still gives the context the windowed cache would (up to SWA_FULL_CONTEXT: past it, a full cache at a shorter
    // context beats a longer windowed one). Otherwise the window stays and the slider compresses the text.
    if (layout.attention === 'sliding-window') {
      try {
        contextSize = await resolveContextSize(true, Math.min(contextSize, Math.max(minContext, SWA_FULL_CONTEXT)));
        swaFullCache = true;
      } catch (error) {
        if (!(error instanceof InsufficientMemoryError)) throw error;
      }
    }
    const swaExtra =
      layout.attention === 'sliding-window'
        ? await swaFullCacheExtraBytes(insights, contextSize, gpuLayers, flashAttention, kvGgml)
        : undefined;
    const compression = compressionModeOf(layout, swaFullCache, swaExtra);
    throwIfAborted();

    let model: LlamaModel | undefined;
    let context: LlamaContext | undefined;
    try {
      model = await llama.loadModel({
        modelPath: entry.path,
        gpuLayers,
        defaultContextFlashAttention: flashAttention,
        ...(signal ? { loadSignal: signal } : {}),
        ...(request.onProgress ? { onLoadProgress: request.onProgress } : {}),
      });
      throwIfAborted();
      context = await model.createContext({
        contextSize,
        threads: request.threads,
        flashAttention,
        sequences: request.sequences ?? 1,
        swaFullCache,
        ...(kvType !== 'f16'
          ? { experimentalKvCacheKeyType: KV_OPTION[kvType], experimentalKvCacheValueType: KV_OPTION[kvType] }
          : {}),
        ...(signal ? { createSignal: signal } : {}),
        failedCreationRemedy: false,
      });
      throwIfAborted();
    } catch (error) {
      await context?.dispose().catch(() => undefined);
      await model?.dispose().catch(() => undefined);
      if (error instanceof LecternError) throw error;
      if (isAbort(error, signal)) throw new LecternError('CANCELLED', 'Cancelled.');
      if (error instanceof InsufficientMemoryError)
        throw new LecternError('INSUFFICIENT_MEMORY', `Not enough memory to load ${entry.name}: ${error.message}`);
      throw new LecternError(
        'MODEL_INCOMPATIBLE',
        `llama.cpp could not load ${entry.name}: ${(error as Error).message}`,
        {
          path: entry.path,
        },
      );
    }

    const info: LoadedModelInfo = {
      model: { ...entry, meta },
      // With no layer offloaded the GPU build still computes on the CPU.
      backend: model.gpuLayers > 0 ? backendOf(llama) : 'cpu',
      gpuLayers: model.gpuLayers,
      contextSize: context.contextSize,
      threads: request.threads,
      kvCacheType: kvType,
      flashAttention: context.flashAttention === true,
      kvCacheBytes: shape ? kvCacheBytes(shape, context.contextSize, kvType) : 0,
      kvCacheBytesF16: shape ? kvCacheBytes(shape, context.contextSize, 'f16') : 0,
      loadMs: Math.round(performance.now() - started),
      compression,
    };
    this.#current = { entry: info.model, model, context, info };
    return { ...info };
  }

  async #gpuLayers(
    llama: Llama,
    insights: GgufInsights,
    request: LoadRequest,
    flashAttention: boolean,
    kv: { kvCacheKeyType: number; kvCacheValueType: number },
  ): Promise<number> {
    if (!llama.supportsGpuOffloading) return 0;
    const wanted = request.gpuLayers ?? 'auto';
    if (wanted !== 'auto') return Math.min(wanted, insights.totalLayers);
    // node-llama-cpp's own choice: as many layers as fit with room for a context.
    const resolved = await insights.configurationResolver.resolveModelGpuLayersV2('auto', {
      defaultContextFlashAttention: flashAttention,
      defaultContextKvCacheKeyType: kv.kvCacheKeyType,
      defaultContextKvCacheValueType: kv.kvCacheValueType,
      ...(request.signal ? { signal: request.signal } : {}),
    });
    return resolved.gpuLayers;
  }
}

/** What a full-size cache costs over the windowed one (node-llama-cpp's estimate, RAM and GPU memory together). */
async function swaFullCacheExtraBytes(
  insights: GgufInsights,
  contextSize: number,
  modelGpuLayers: number,
  flashAttention: boolean,
  kv: { kvCacheKeyType: number; kvCacheValueType: number },
): Promise<number> {
  const needs = async (swaFullCache: boolean) => {
    const r = await insights.estimateContextResourceRequirementsV2({
      contextSize,
      modelGpuLayers,
      flashAttention,
      swaFullCache,
      ...kv,
    });
    return r.cpuRam + r.gpuVram;
  };
  return Math.max(0, Math.round((await needs(true)) - (await needs(false))));
}
