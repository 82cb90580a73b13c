import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LlamaContextSequence } from 'node-llama-cpp';
import { LecternError } from '../../../src-shared/errors';
import { throwIfCancelled } from '../jobs/JobRunner';
import type { CompressedStateLayout } from './buildCompressedState';
import { flushPendingShift } from './flushPendingShift';
import { sha256File } from './sha256File';
import { sameKey, stateKeyId, type CompressedStateKey } from './stateKey';
import type { TokenRange } from './types';
import { stateFileProblem } from './validateStateFile';
import { isProcessAlive, temporaryOwner } from '../processAlive';

/** The JSON written next to each state file. */
export interface CompressedStateSidecar {
  key: CompressedStateKey;
  prefixLength: number;
  /** Per segment: its length in tokens and the token ranges it kept (segment-relative), for citations and text. */
  segments: { totalTokens: number; keptRanges: TokenRange[] }[];
  kvTokens: number;
  stateBytes: number;
  /** sha256 of the state file. */
  checksum: string;
  createdAt: string;
}

export type LoadCompressedStateResult =
  | { found: true; sidecar: CompressedStateSidecar }
  /** `absent`: never built. The others: an entry existed but was not trusted; it has been deleted. */
  | { found: false; reason: 'absent' | 'key-mismatch' | 'checksum-mismatch' | 'invalid' | 'unloadable' };

export interface CompressedStateCacheOptions {
  /** Least-recently-used states beyond this many bytes are deleted after each save. Default 4 GiB. */
  maxBytes?: number;
  /**
   * Writes the sidecar (default `fs.writeFile`). A seam for fault injection: a test points it at `/dev/full`, whose
   * writes fail with the kernel's own ENOSPC, to see a full disk handled as the app handles it.
   */
  writeSidecar?: (file: string, data: string) => Promise<void>;
}

const STATE_EXT = '.kvstate';
const SIDECAR_EXT = '.json';
const TMP_EXT = '.tmp';
/** Written before llama.cpp reads a state and removed after: found on the next load, the last one died in there. */
const LOADING_EXT = '.loading';
/** Loads that may die in llama.cpp before the entry is evicted without another try. */
const MAX_DIED_LOADS = 2;
// A temporary file older than this belongs to a process that died mid-save.
const STALE_TMP_MS = 60 * 60 * 1000;

/**
 * The on-disk cache of compressed document states: one `<id>.kvstate` (llama.cpp sequence state) and one
 * `<id>.json` sidecar per key. The sidecar is renamed into place last, so its presence means a complete entry; a
 * cancelled or crashed save leaves only a `.tmp` file that is removed. Nothing is trusted on load: the key must match
 * and the state file must hash to the recorded checksum before llama.cpp sees it (a foreign or damaged state can
 * crash the native code), and anything that fails is deleted and reported missing, so the caller rebuilds.
 */
export class CompressedStateCache {
  readonly #maxBytes: number;
  readonly #writeSidecar: (file: string, data: string) => Promise<void>;

  constructor(
    readonly dir: string,
    options: CompressedStateCacheOptions = {},
  ) {
    this.#maxBytes = options.maxBytes ?? 4 * 1024 ** 3;
    this.#writeSidecar = options.writeSidecar ?? ((file, data) => writeFile(file, data));
  }

  statePath(key: CompressedStateKey): string {
    return path.join(this.dir, `${stateKeyId(key)}${STATE_EXT}`);
  }

  sidecarPath(key: CompressedStateKey): string {
    return path.join(this.dir, `${stateKeyId(key)}${SIDECAR_EXT}`);
  }

  /** Saves the sequence's current state (as left by `buildCompressedState`) under `key`, atomically. */
  async save(
    sequence: LlamaContextSequence,
    key: CompressedStateKey,
    layout: CompressedStateLayout,
    signal?: AbortSignal,
  ): Promise<CompressedStateSidecar> {
    await mkdir(this.dir, { recursive: true });
    await flushPendingShift(sequence, layout.prefix[0]);
    const suffix = `.${process.pid}.${randomBytes(4).toString('hex')}${TMP_EXT}`;
    const finalState = this.statePath(key);
    const finalSidecar = this.sidecarPath(key);
    const tmpState = finalState + suffix;
    const tmpSidecar = finalSidecar + suffix;
    try {
      throwIfCancelled(signal);
      const { fileSize } = await sequence.saveStateToFile(tmpState);
      const sidecar: CompressedStateSidecar = {
        key,
        prefixLength: layout.prefix.length,
        segments: layout.segments.map(({ totalTokens, keptRanges }) => ({ totalTokens, keptRanges })),
        kvTokens: sequence.nextTokenIndex,
        stateBytes: fileSize,
        checksum: await sha256File(tmpState),
        createdAt: new Date().toISOString(),
      };
      await this.#writeSidecar(tmpSidecar, JSON.stringify(sidecar));
      throwIfCancelled(signal);
      await rename(tmpState, finalState);
      await rename(tmpSidecar, finalSidecar);
      await rm(this.#loadingPath(key), { force: true });
      await this.enforceLimit(stateKeyId(key));
      return sidecar;
    } catch (error) {
      await Promise.all([rm(tmpState, { force: true }), rm(tmpSidecar, { force: true })]);
      throw error;
    }
  }

  /**
   * Loads the state for `key` into `sequence` (replacing what it holds) after verifying key and checksum.
   * Touches the entry, so the LRU cap keeps what is used.
   */
  async load(sequence: LlamaContextSequence, key: CompressedStateKey): Promise<LoadCompressedStateResult> {
    const sidecar = await this.#readSidecar(key);
    if (sidecar === 'corrupt') return this.#invalidate(key, 'checksum-mismatch');
    if (!sidecar) {
      // A state without its sidecar is the trace of an interrupted save or delete (or the folder is unusable, and
      // the save will say so).
      await rm(this.statePath(key), { force: true }).catch(() => undefined);
      return { found: false, reason: 'absent' };
    }
    if (!sameKey(sidecar.key, key)) return this.#invalidate(key, 'key-mismatch');
    const statePath = this.statePath(key);
    const size = await stat(statePath).then(
      (info) => info.size,
      () => -1,
    );
    if (size !== sidecar.stateBytes || (await sha256File(statePath)) !== sidecar.checksum) {
      return this.#invalidate(key, 'checksum-mismatch');
    }
    // A checksum only says the file is the one the sidecar describes, and both can be rewritten together: the
    // counts must also agree with each other, the file's header and the model, or llama.cpp aborts the process.
    if ((await stateFileProblem(statePath, sidecar, sequence)) !== undefined) return this.#invalidate(key, 'invalid');
    if (sidecar.kvTokens >= sequence.contextSize) {
      throw new LecternError(
        'CONTEXT_TOO_SMALL',
        `The compressed state needs a context of more than ${sidecar.kvTokens} tokens.`,
      );
    }
    const marker = this.#loadingPath(key);
    const died = Number(await readFile(marker, 'utf8').catch(() => '0')) || 0;
    if (died >= MAX_DIED_LOADS) return this.#invalidate(key, 'unloadable');
    await writeFile(marker, String(died + 1)).catch(() => undefined);
    try {
      await sequence.loadStateFromFile(statePath, { acceptRisk: true });
    } catch {
      await sequence.clearHistory().catch(() => undefined);
      return this.#invalidate(key, 'unloadable');
    }
    await rm(marker, { force: true });
    if (sequence.nextTokenIndex !== sidecar.kvTokens) {
      await sequence.clearHistory();
      return this.#invalidate(key, 'unloadable');
    }
    const now = new Date();
    await Promise.all([utimes(statePath, now, now), utimes(this.sidecarPath(key), now, now)]).catch(() => undefined);
    return { found: true, sidecar };
  }

  async delete(key: CompressedStateKey): Promise<void> {
    // Sidecar first: without it the entry is already "absent" should we stop half-way.
    await rm(this.sidecarPath(key), { force: true });
    await rm(this.statePath(key), { force: true });
    await rm(this.#loadingPath(key), { force: true });
  }

  #loadingPath(key: CompressedStateKey): string {
    return path.join(this.dir, `${stateKeyId(key)}${LOADING_EXT}`);
  }

  /** Deletes least-recently-used entries until the folder holds at most `maxBytes`; never the entry `keepId`. */
  async enforceLimit(keepId?: string): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    const entries: { id: string; bytes: number; usedAt: number }[] = [];
    const now = Date.now();
    for (const name of names) {
      const full = path.join(this.dir, name);
      const info = await stat(full).catch(() => undefined);
      if (!info) continue;
      if (name.endsWith(TMP_EXT)) {
        if (now - info.mtimeMs > STALE_TMP_MS || isDeadWritersTemporary(name)) await rm(full, { force: true });
        continue;
      }
      if (!name.endsWith(SIDECAR_EXT)) continue;
      const id = name.slice(0, -SIDECAR_EXT.length);
      const state = await stat(path.join(this.dir, id + STATE_EXT)).catch(() => undefined);
      entries.push({ id, bytes: info.size + (state?.size ?? 0), usedAt: info.mtimeMs });
    }
    let total = entries.reduce((sum, entry) => sum + entry.bytes, 0);
    entries.sort((a, b) => a.usedAt - b.usedAt);
    for (const entry of entries) {
      if (total <= this.#maxBytes) break;
      if (entry.id === keepId) continue;
      await rm(path.join(this.dir, entry.id + SIDECAR_EXT), { force: true });
      await rm(path.join(this.dir, entry.id + STATE_EXT), { force: true });
      total -= entry.bytes;
    }
  }

  async #readSidecar(key: CompressedStateKey): Promise<CompressedStateSidecar | 'corrupt' | undefined> {
    let text: string;
    try {
      text = await readFile(this.sidecarPath(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const parsed = JSON.parse(text) as CompressedStateSidecar;
      return typeof parsed.checksum === 'string' && typeof parsed.key === 'object' ? parsed : 'corrupt';
    } catch {
      return 'corrupt';
    }
  }

  async #invalidate(
    key: CompressedStateKey,
    reason: 'key-mismatch' | 'checksum-mismatch' | 'invalid' | 'unloadable',
  ): Promise<LoadCompressedStateResult> {
    await this.delete(key);
    return { found: false, reason };
  }
}

/** A `.tmp` of a save whose process is gone (killed mid-save): removed at the next start rather than in an hour. */
function isDeadWritersTemporary(name: string): boolean {
  const owner = temporaryOwner(name);
  return owner !== undefined && !isProcessAlive(owner);
}
