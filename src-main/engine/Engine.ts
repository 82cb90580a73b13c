import os from 'node:os';
import path from 'node:path';
import { calls, isCallName, type CallInput, type CallName, type CallOutput } from '../../src-shared/contract';
import type { EngineStatus } from '../../src-shared/domain/status';
import { LecternError, toErrorPayload } from '../../src-shared/errors';
import type { Result } from '../../src-shared/result';
import { EventBus } from './events/EventBus';
import type { Handlers } from './handlers/types';
import { askHandlers } from './handlers/askHandlers';
import { chapterHandlers } from './handlers/chapterHandlers';
import { collectionHandlers } from './handlers/collectionHandlers';
import { libraryHandlers } from './handlers/libraryHandlers';
import { mediaHandlers } from './handlers/mediaHandlers';
import { onnxHandlers } from './handlers/onnxHandlers';
import { modelHandlers } from './handlers/modelHandlers';
import { serverHandlers } from './handlers/serverHandlers';
import { JobRunner } from './jobs/JobRunner';
import { backendOf, LlamaRuntime } from './llm/llamaRuntime';
import { ModelManager } from './llm/ModelManager';
import { OnnxModels } from './onnx/OnnxModels';
import { chooseAsker, type Asker } from './qa/Asker';
import { LocalModelAsker } from './qa/LocalModelAsker';
import { ServerConnection, type ServerSettings } from './remote/ServerConnection';
import { StoredServer, type KeySealer } from './remote/StoredServer';
import { enginePaths, type EnginePaths } from './paths';
import { FileGrants } from './files/FileGrants';
import { ChapterSummaries } from './store/ChapterSummaries';
import { DocumentMedia } from './store/DocumentMedia';
import { Library } from './store/Library';
import { SegmentVectors } from './store/SegmentVectors';
import { appVersion, packageVersion } from './version';

export interface EngineOptions extends Partial<EnginePaths> {
  /** Threads for llama.cpp. Default: the physical core count llama.cpp detects. Set it explicitly on small machines. */
  threads?: number;
  gpu?: 'auto' | false;
  host?: EngineStatus['host'];
  /** Extra folders to look for GGUF files in (besides the models folder and other apps' folders). */
  extraModelDirs?: string[];
  /**
   * Seals the server's API key with the operating system's protection (the app relays Electron's `safeStorage`);
   * with it the server settings are kept across restarts. Without it (CLI, serve) they live in memory only.
   */
  keySealer?: KeySealer;
  /**
   * Prompt-lookup drafting while answering (node-llama-cpp's InputLookupTokenPredictor): answers that quote the
   * document decode faster where the drafts are accepted. Off by default until `lectern bench ask` shows a win.
   */
  inputLookup?: boolean;
}

/**
 * Implements the contract in plain Node. The CLI, the serve bridge and tests run it in-process; the Electron app runs
 * it in a utility process. It owns every resource (database, llama.cpp, models, jobs) and disposes them in order.
 */
export class Engine {
  readonly events = new EventBus();
  readonly jobs: JobRunner;
  readonly paths: EnginePaths;
  /** Files chosen on the host side (dialog, drop, upload), by the opaque id the renderer holds. */
  readonly grants = new FileGrants();
  readonly llama: LlamaRuntime;
  readonly #startedAt = Date.now();
  readonly #handlers: Handlers;
  #disposed = false;
  #library?: Library;
  readonly models: ModelManager;
  /** Optional ONNX models (embeddings, compressor), with the same explicit thread count as llama.cpp. */
  readonly onnx = new OnnxModels(() => this.threads());
  #asker?: LocalModelAsker;
  /** The OpenAI-compatible server in use, if one is set: it answers instead of the local model. */
  #server?: ServerConnection;
  #summaries?: ChapterSummaries;
  #vectors?: SegmentVectors;
  #media?: DocumentMedia;

  constructor(private readonly options: EngineOptions = {}) {
    this.paths = enginePaths(options);
    this.jobs = new JobRunner(this.events);
    this.llama = new LlamaRuntime({ gpu: options.gpu });
    this.models = new ModelManager({ llama: () => this.llama.get() });
    const connect = (settings: ServerSettings) =>
      new ServerConnection(settings, { summaries: () => (this.#summaries ??= new ChapterSummaries(this.library.db)) });
    const stored = options.keySealer ? new StoredServer(this.paths.libraryDir, options.keySealer) : undefined;
    // A key that cannot be unsealed (another user, a reset keychain) leaves no server set: the person sets it again.
    const restored = stored
      ?.load()
      .then((settings) => {
        if (settings && !this.#server) this.#server = connect(settings);
      })
      .catch(() => undefined);
    this.#handlers = {
      getStatus: () => this.status(),
      listJobs: () => this.jobs.list(),
      cancelJob: ({ jobId }) => ({ cancelled: this.jobs.cancel(jobId) }),
      pauseJob: ({ jobId }) => ({ paused: this.jobs.pause(jobId) }),
      resumeJob: ({ jobId }) => ({ resumed: this.jobs.resume(jobId) }),
      ...libraryHandlers({ library: () => this.library, jobs: this.jobs, grants: this.grants }),
      ...collectionHandlers({ library: () => this.library }),
      ...chapterHandlers({
        library: () => this.library,
        jobs: this.jobs,
        // The backend that answers writes the titles too: a configured server wins over the loaded model.
        chapterModel: () => this.#server?.asker ?? this.#localAsker(),
        mediaDuration: (docId) => this.media.get(docId)?.durationSec,
      }),
      ...askHandlers({
        library: () => this.library,
        jobs: this.jobs,
        events: this.events,
        asker: () => this.asker,
        embedding: () => this.onnx.embedding,
        vectors: () => (this.#vectors ??= new SegmentVectors(this.library.db)),
      }),
      ...modelHandlers({
        manager: this.models,
        jobs: this.jobs,
        paths: this.paths,
        threads: () => this.threads(),
        grants: this.grants,
        ...(options.extraModelDirs ? { extraModelDirs: options.extraModelDirs } : {}),
      }),
      ...onnxHandlers({ models: this.onnx, paths: this.paths }),
      ...mediaHandlers({ library: () => this.library, media: () => this.media, grants: this.grants }),
      ...serverHandlers({
        current: () => this.#server,
        set: (connection) => (this.#server = connection),
        connect,
        ...(stored ? { stored, restored } : {}),
      }),
    };
  }

  /** Validates `input` against the call's schema, runs it, and never throws: errors come back as data. */
  async call(name: string, input: unknown): Promise<Result<unknown>> {
    if (!isCallName(name)) return { ok: false, error: { code: 'NOT_FOUND', message: `No such call: ${name}` } };
    if (this.#disposed) return { ok: false, error: { code: 'CANCELLED', message: 'The engine is shutting down.' } };
    const parsed = calls[name].input.safeParse(input ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'INVALID_ARGUMENT',
          message: `Invalid arguments for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ')}`,
          detail: parsed.error.issues,
        },
      };
    }
    try {
      const handler = this.#handlers[name] as (args: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      return { ok: false, error: toErrorPayload(error) };
    }
  }

  /**
   * The in-process seam for files named by path (the CLI, tests, benchmarks): grants each path, then runs the same
   * `importFiles` call a renderer makes with ids. Never exposed over IPC or HTTP, where only the host that owns the
   * picker grants files.
   */
  importPaths(input: { paths: string[]; password?: string; ocr?: boolean }): Promise<CallOutput<'importFiles'>> {
    const { paths, ...rest } = input;
    return this.invoke('importFiles', { ...rest, files: paths.map((p) => this.grants.grant(p).id) });
  }

  /** Calls and unwraps, throwing a `LecternError` on failure. For the CLI and tests. */
  async invoke<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
    const result = await this.call(name, input);
    if (!result.ok) throw new LecternError(result.error.code, result.error.message, result.error.detail);
    return result.value as CallOutput<K>;
  }

  async status(): Promise<EngineStatus> {
    const llama = await this.llama.get();
    return {
      app: { name: 'Lectern', version: appVersion() },
      versions: {
        node: process.versions.node,
        nodeLlamaCpp: packageVersion('node-llama-cpp'),
        ...(process.versions.electron ? { electron: process.versions.electron } : {}),
      },
      backend: backendOf(llama),
      threads: this.threads(llama.cpuMathCores),
      paths: { ...this.paths },
      host: this.options.host ?? 'in-process',
      uptimeMs: Date.now() - this.#startedAt,
    };
  }

  /**
   * The question answerer: the configured server's, else the loaded chat model's, else undefined (answers are then
   * passages). The local one follows the model manager: a new model gets a new asker, and the old one gives its
   * sequence back.
   */
  get asker(): Asker | undefined {
    return chooseAsker(this.#server?.asker, this.#localAsker());
  }

  /** The loaded chat model's asker (chapter titles and summaries borrow its sequence), whatever answers questions. */
  get localAsker(): LocalModelAsker | undefined {
    return this.#localAsker();
  }

  #localAsker(): LocalModelAsker | undefined {
    const loaded = this.models.current;
    if (this.#asker && this.#asker.loaded !== loaded) {
      this.#asker.dispose();
      this.#asker = undefined;
    }
    if (loaded && !this.#asker)
      this.#asker = new LocalModelAsker({
        loaded,
        cacheDir: path.join(this.paths.cacheDir, 'kv'),
        summaries: () => (this.#summaries ??= new ChapterSummaries(this.library.db)),
        compressor: () => this.onnx.compressor,
        ...(this.options.inputLookup ? { tokenPredictor: () => this.llama.inputLookupPredictor() } : {}),
      });
    return this.#asker;
  }

  /** Which recording belongs to which transcript, in the library database. */
  get media(): DocumentMedia {
    this.#media ??= new DocumentMedia(this.library.db);
    return this.#media;
  }

  /** The library database, opened on first use. */
  get library(): Library {
    if (this.#disposed) throw new LecternError('CANCELLED', 'The engine is shutting down.');
    this.#library ??= new Library(this.paths.libraryDir);
    return this.#library;
  }

  threads(physicalCores = os.availableParallelism()): number {
    return Math.max(1, this.options.threads ?? physicalCores);
  }

  /** Cancels running jobs, then releases models, llama.cpp and the database, in that order. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.jobs.dispose();
    this.#asker?.dispose();
    await this.models.dispose();
    await this.onnx.dispose();
    await this.llama.dispose();
    this.#library?.close();
  }
}
