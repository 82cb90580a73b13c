import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ServerSettings } from './ServerConnection';

/**
 * Encrypts and decrypts the API key with the operating system's protection (Electron's `safeStorage` in the app,
 * relayed from the main process: the engine's utility process cannot reach it). Injected, so the engine stays plain
 * Node; without one (CLI, serve, tests) nothing is stored and the key comes from an environment variable.
 */
export interface KeySealer {
  seal(plain: string): Promise<string>;
  unseal(sealed: string): Promise<string>;
}

/** What is written to disk: the key only sealed, never in the clear. */
interface StoredFile {
  baseUrl: string;
  model?: string;
  sealedApiKey?: string;
}

/** The server settings kept across restarts in `<dir>/server.json`, the key sealed by a `KeySealer`. */
export class StoredServer {
  readonly file: string;

  constructor(
    dir: string,
    private readonly sealer: KeySealer,
  ) {
    this.file = path.join(dir, 'server.json');
  }

  async save(settings: ServerSettings): Promise<void> {
    const stored: StoredFile = {
      baseUrl: settings.baseUrl,
      ...(settings.model ? { model: settings.model } : {}),
      ...(settings.apiKey ? { sealedApiKey: await this.sealer.seal(settings.apiKey) } : {}),
    };
    await mkdir(path.dirname(this.file), { recursive: true });
    await writeFile(this.file, JSON.stringify(stored), { mode: 0o600 });
  }

  /** The stored settings with the key unsealed; undefined when none are stored (or they cannot be read). */
  async load(): Promise<ServerSettings | undefined> {
    let stored: StoredFile;
    try {
      stored = JSON.parse(await readFile(this.file, 'utf8')) as StoredFile;
    } catch {
      return undefined;
    }
    if (typeof stored.baseUrl !== 'string') return undefined;
    const apiKey = stored.sealedApiKey ? await this.sealer.unseal(stored.sealedApiKey) : undefined;
    return {
      baseUrl: stored.baseUrl,
      ...(stored.model ? { model: stored.model } : {}),
      ...(apiKey ? { apiKey } : {}),
    };
  }

  clear(): Promise<void> {
    return rm(this.file, { force: true });
  }
}
