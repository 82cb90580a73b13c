import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LlamaContextSequence } from 'node-llama-cpp';
import type { CompressedStateLayout } from './buildCompressedState';
import { flushPendingShift } from './flushPendingShift';
import { sha256File } from './sha256File';
import { sameKey, stateKeyId, type CompressedStateKey } from './stateKey';
import type { CompressedSegment } from './types';

/** The JSON written next to a checkpoint's state file. */
export interface CheckpointSidecar {
  key: CompressedStateKey;
  /** Segments `0..segments.length-1` are in the state; the build continues with the next one. */
  segments: CompressedSegment[];
  evaluatedTokens: number;
  kvTokens: number;
  stateBytes: number;
  /** sha256 of the state file. */
  checksum: string;
  createdAt: string;
}

export type LoadCheckpointResult =
  | { found: true; sidecar: CheckpointSidecar }
  /** `absent`: none saved. The others: one existed but was not trusted and has been deleted. */
  | { found: false; reason: 'absent' | 'key-mismatch' | 'checksum-mismatch' | 'unloadable' };

const STATE_EXT = '.partial.kvstate';
const SIDECAR_EXT = '.partial.json';

/**
 * Partial builds of compressed states, so a build stopped by a quit, a crash or `kill -9` resumes from its last
 * checkpoint instead of segment 0. One checkpoint per key (the newest replaces the older), written beside the
 * finished states with the same rules as `CompressedStateCache`: the key must match exactly, the state file must
 * hash to the recorded checksum before llama.cpp sees it, and the sidecar is renamed into place last, so a save cut
 * short leaves the previous checkpoint (or none), never a half-written one that looks whole.
 */
export class BuildCheckpoints {
  constructor(readonly dir: string) {}

  statePath(key: CompressedStateKey): string {
    return path.join(this.dir, `${stateKeyId(key)}${STATE_EXT}`);
  }

  sidecarPath(key: CompressedStateKey): string {
    return path.join(this.dir, `${stateKeyId(key)}${SIDECAR_EXT}`);
  }

  /** Saves what the sequence holds after the segments of `layout`. The build may continue right after. */
  async save(sequence: LlamaContextSequence, key: CompressedStateKey, layout: CompressedStateLayout): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // The last segment's evictions are applied lazily: saved now, the keys would be rotated for old positions.
    await flushPendingShift(sequence, layout.prefix[0]);
    const suffix = `.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const tmpState = this.statePath(key) + suffix;
    const tmpSidecar = this.sidecarPath(key) + suffix;
    try {
      const { fileSize } = await sequence.saveStateToFile(tmpState);
      const sidecar: CheckpointSidecar = {
        key,
        segments: layout.segments,
        evaluatedTokens: layout.evaluatedTokens,
        kvTokens: sequence.nextTokenIndex,
        stateBytes: fileSize,
        checksum: await sha256File(tmpState),
        createdAt: new Date().toISOString(),
      };
      await writeFile(tmpSidecar, JSON.stringify(sidecar));
      // Sidecar out first: a state file and an older sidecar never pair up.
      await rm(this.sidecarPath(key), { force: true });
      await rename(tmpState, this.statePath(key));
      await rename(tmpSidecar, this.sidecarPath(key));
    } catch (error) {
      await Promise.all([rm(tmpState, { force: true }), rm(tmpSidecar, { force: true })]);
      throw error;
    }
  }

  /** Loads the checkpoint for `key` into `sequence` after verifying key and checksum; an untrusted one is deleted. */
  async load(sequence: LlamaContextSequence, key: CompressedStateKey): Promise<LoadCheckpointResult> {
    const sidecar = await this.#readSidecar(key);
    if (sidecar === undefined) return { found: false, reason: 'absent' };
    if (sidecar === 'corrupt') return this.#discard(key, 'checksum-mismatch');
    if (!sameKey(sidecar.key, key)) return this.#discard(key, 'key-mismatch');
    const statePath = this.statePath(key);
    const size = await stat(statePath).then(
      (info) => info.size,
      () => -1,
    );
    if (size !== sidecar.stateBytes || (await sha256File(statePath)) !== sidecar.checksum) {
      return this.#discard(key, 'checksum-mismatch');
    }
    if (sidecar.kvTokens >= sequence.contextSize) return this.#discard(key, 'unloadable');
    try {
      await sequence.loadStateFromFile(statePath, { acceptRisk: true });
    } catch {
      await sequence.clearHistory().catch(() => undefined);
      return this.#discard(key, 'unloadable');
    }
    if (sequence.nextTokenIndex !== sidecar.kvTokens) {
      await sequence.clearHistory();
      return this.#discard(key, 'unloadable');
    }
    return { found: true, sidecar };
  }

  async delete(key: CompressedStateKey): Promise<void> {
    await rm(this.sidecarPath(key), { force: true });
    await rm(this.statePath(key), { force: true });
  }

  async #readSidecar(key: CompressedStateKey): Promise<CheckpointSidecar | 'corrupt' | undefined> {
    let text: string;
    try {
      text = await readFile(this.sidecarPath(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const parsed = JSON.parse(text) as CheckpointSidecar;
      return typeof parsed.checksum === 'string' && Array.isArray(parsed.segments) ? parsed : 'corrupt';
    } catch {
      return 'corrupt';
    }
  }

  async #discard(
    key: CompressedStateKey,
    reason: 'key-mismatch' | 'checksum-mismatch' | 'unloadable',
  ): Promise<LoadCheckpointResult> {
    await this.delete(key);
    return { found: false, reason };
  }
}
