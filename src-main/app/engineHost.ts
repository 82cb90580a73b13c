import { safeStorage, utilityProcess, type UtilityProcess } from 'electron';
import type { EventName, Events } from '../../src-shared/contract';
import type { FileGrant } from '../../src-shared/domain/fileGrant';
import type { Result } from '../../src-shared/result';
import type { HostMessage, EngineMessage, MediaSource } from './engineProtocol';

type EventListener = (event: EventName, payload: Events[EventName]) => void;

/**
 * Runs the engine in an Electron utility process, so a native crash in llama.cpp or a parser cannot take the window
 * down. Calls in flight when it dies fail with `ENGINE_CRASHED`, and the host starts a fresh engine (with backoff).
 */
export class EngineHost {
  #child?: UtilityProcess;
  #nextId = 1;
  readonly #pending = new Map<number, (result: Result<unknown>) => void>();
  readonly #listeners = new Set<EventListener>();
  #restarts: number[] = [];
  #stopping = false;

  constructor(
    private readonly entry: string,
    private readonly args: string[],
  ) {}

  start(): void {
    const child = utilityProcess.fork(this.entry, this.args, { serviceName: 'Lectern engine', stdio: 'inherit' });
    this.#child = child;
    child.on('message', (message: EngineMessage) => {
      if (message.type === 'result') {
        this.#pending.get(message.id)?.(message.result);
        this.#pending.delete(message.id);
      } else if (message.type === 'event') {
        for (const listener of this.#listeners) listener(message.event, message.payload);
      } else if (message.type === 'seal' || message.type === 'unseal') {
        child.postMessage({ type: 'sealed', id: message.id, result: sealWithSafeStorage(message.type, message.text) });
      }
    });
    child.on('exit', (code) => {
      if (this.#child === child) this.#child = undefined;
      for (const resolve of this.#pending.values()) {
        resolve({
          ok: false,
          error: {
            code: 'ENGINE_CRASHED',
            message: `The engine stopped unexpectedly (exit code ${code}). It is being restarted; please try again.`,
          },
        });
      }
      this.#pending.clear();
      if (this.#stopping) return;
      // Restart, but not in a tight loop: at most 3 restarts a minute.
      const now = Date.now();
      this.#restarts = this.#restarts.filter((t) => now - t < 60_000);
      if (this.#restarts.length >= 3) return;
      this.#restarts.push(now);
      setTimeout(() => this.start(), 500 * this.#restarts.length);
    });
  }

  call(name: string, input: unknown): Promise<Result<unknown>> {
    return this.#send((id) => ({ type: 'call', id, name, input }));
  }

  /**
   * Grants paths the person chose (main's dialog, a drop the preload resolved) in the engine, which answers their
   * opaque ids; only these ids reach the renderer. A restarted engine has no grants: the person chooses again.
   */
  grant(paths: string[]): Promise<Result<FileGrant[]>> {
    return this.#send((id) => ({ type: 'grant', id, paths })) as Promise<Result<FileGrant[]>>;
  }

  /** Where a document's recording is (null: none), for the media protocol; main streams it, the page never sees it. */
  media(docId: string): Promise<Result<MediaSource | null>> {
    return this.#send((id) => ({ type: 'media', id, docId })) as Promise<Result<MediaSource | null>>;
  }

  #send(message: (id: number) => HostMessage): Promise<Result<unknown>> {
    const child = this.#child;
    if (!child) {
      return Promise.resolve({
        ok: false,
        error: { code: 'ENGINE_CRASHED', message: 'The engine is not running. Restart Lectern.' },
      });
    }
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      child.postMessage(message(id));
    });
  }

  onEvent(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Asks the engine to cancel its jobs and dispose its resources, then waits for it to exit (killing it after 10 s). */
  async stop(): Promise<void> {
    this.#stopping = true;
    const child = this.#child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve();
      }, 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      const message: HostMessage = { type: 'dispose' };
      child.postMessage(message);
    });
  }
}

/**
 * The API key sealed with the OS keychain (Keychain, DPAPI, libsecret/kwallet), base64 for the JSON file. Refused,
 * not stored in the clear, where no protection is available (Linux without a secret service: `basic_text`).
 */
function sealWithSafeStorage(type: 'seal' | 'unseal', text: string): Result<string> {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text')
    return {
      ok: false,
      error: { code: 'KEY_STORAGE_UNAVAILABLE', message: 'The system offers no protected storage for the key.' },
    };
  try {
    const value =
      type === 'seal'
        ? safeStorage.encryptString(text).toString('base64')
        : safeStorage.decryptString(Buffer.from(text, 'base64'));
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: { code: 'KEY_STORAGE_UNAVAILABLE', message: (error as Error).message } };
  }
}
