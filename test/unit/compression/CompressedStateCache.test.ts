import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LlamaContextSequence } from 'node-llama-cpp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CompressedStateCache,
  type CompressedStateSidecar,
} from '../../../src-main/engine/compression/CompressedStateCache';
import { hashModelFile } from '../../../src-main/engine/compression/hashModelFile';
import { stateKeyId, type CompressedStateKey } from '../../../src-main/engine/compression/stateKey';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-state-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const keyFor = (documentHash: string): CompressedStateKey => ({
  modelHash: 'model',
  documentHash,
  ratio: 4,
  kvCacheType: 'f16/f16',
  algorithmVersion: 1,
  buildHash: 'build',
});

/** A sequence-state file as llama.cpp writes one: magic 'ggsq', version, token count, tokens, then `payload`. */
function stateFile(payload: Buffer, tokens = 10): Buffer {
  const header = Buffer.alloc(12 + 4 * tokens);
  header.writeUInt32LE(0x67677371, 0);
  header.writeUInt32LE(3, 4);
  header.writeUInt32LE(tokens, 8);
  return Buffer.concat([header, payload]);
}

/** Writes an entry as `save` would, without llama.cpp: the cache logic under test is all file handling. */
async function writeEntry(
  cache: CompressedStateCache,
  key: CompressedStateKey,
  payload: Buffer,
  usedAt: Date,
  edit: (s: CompressedStateSidecar) => CompressedStateSidecar = (s) => s,
) {
  const bytes = stateFile(payload);
  const sidecar: CompressedStateSidecar = edit({
    key,
    prefixLength: 1,
    segments: [{ totalTokens: 30, keptRanges: [{ start: 2, end: 11 }] }],
    kvTokens: 10,
    stateBytes: bytes.length,
    checksum: createHash('sha256').update(bytes).digest('hex'),
    createdAt: usedAt.toISOString(),
  });
  await writeFile(cache.statePath(key), bytes);
  await writeFile(cache.sidecarPath(key), JSON.stringify(sidecar));
  await utimes(cache.sidecarPath(key), usedAt, usedAt);
}

function fakeSequence(load: () => Promise<void> = () => Promise.resolve()) {
  const state = { nextTokenIndex: 0, loads: 0 };
  const sequence = {
    contextSize: 100,
    get nextTokenIndex() {
      return state.nextTokenIndex;
    },
    async loadStateFromFile() {
      state.loads++;
      await load();
      state.nextTokenIndex = 10;
    },
    clearHistory() {
      state.nextTokenIndex = 0;
      return Promise.resolve();
    },
  };
  return { sequence: sequence as unknown as LlamaContextSequence, state };
}

describe('CompressedStateCache', () => {
  it('loads a verified entry and touches it', async () => {
    const cache = new CompressedStateCache(dir);
    const key = keyFor('a');
    await writeEntry(cache, key, Buffer.from('state bytes'), new Date(2020, 0, 1));
    const { sequence, state } = fakeSequence();
    expect(await cache.load(sequence, key)).toMatchObject({ found: true, sidecar: { kvTokens: 10 } });
    expect(state.loads).toBe(1);
    expect((await stat(cache.sidecarPath(key))).mtime.getFullYear()).toBeGreaterThan(2020);
  });

  it('reports a damaged state as missing without handing it to llama.cpp, and deletes it', async () => {
    const cache = new CompressedStateCache(dir);
    const key = keyFor('a');
    await writeEntry(cache, key, Buffer.from('state bytes'), new Date());
    await writeFile(cache.statePath(key), stateFile(Buffer.from('state bytez')));
    const { sequence, state } = fakeSequence();
    expect(await cache.load(sequence, key)).toEqual({ found: false, reason: 'checksum-mismatch' });
    expect(state.loads).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('treats an unreadable sidecar, an orphan state and a state llama.cpp rejects as missing', async () => {
    const cache = new CompressedStateCache(dir);
    const key = keyFor('a');
    await writeFile(cache.sidecarPath(key), '{ not json');
    await writeFile(cache.statePath(key), 'x');
    expect(await cache.load(fakeSequence().sequence, key)).toEqual({ found: false, reason: 'checksum-mismatch' });
    expect(await readdir(dir)).toEqual([]);

    await writeFile(cache.statePath(key), 'orphan');
    expect(await cache.load(fakeSequence().sequence, key)).toEqual({ found: false, reason: 'absent' });
    expect(await readdir(dir)).toEqual([]);

    await writeEntry(cache, key, Buffer.from('state'), new Date());
    const failing = fakeSequence(() => Promise.reject(new Error('llama_state_seq_load_file failed')));
    expect(await cache.load(failing.sequence, key)).toEqual({ found: false, reason: 'unloadable' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('never hands llama.cpp a state whose counts disagree with its header or sidecar, even with a valid checksum', async () => {
    const cache = new CompressedStateCache(dir);
    const { sequence, state } = fakeSequence();
    const lying = [
      (s: CompressedStateSidecar) => ({ ...s, kvTokens: 1_000_000_000 }),
      (s: CompressedStateSidecar) => ({ ...s, segments: [{ totalTokens: 5, keptRanges: [{ start: 0, end: 9 }] }] }),
    ];
    for (const [i, edit] of lying.entries()) {
      const key = keyFor(`lie${i}`);
      await writeEntry(cache, key, Buffer.from('state bytes'), new Date(), edit);
      expect(await cache.load(sequence, key)).toEqual({ found: false, reason: 'invalid' });
    }
    // A truncated state, its checksum and size recomputed: the header still counts the tokens it lost.
    const key = keyFor('cut');
    await writeEntry(cache, key, Buffer.from('state bytes'), new Date());
    const cut = stateFile(Buffer.alloc(0)).subarray(0, 30);
    await writeFile(cache.statePath(key), cut);
    const sidecar = JSON.parse((await readFile(cache.sidecarPath(key))).toString()) as CompressedStateSidecar;
    const checksum = createHash('sha256').update(cut).digest('hex');
    await writeFile(cache.sidecarPath(key), JSON.stringify({ ...sidecar, stateBytes: cut.length, checksum }));
    expect(await cache.load(sequence, key)).toEqual({ found: false, reason: 'invalid' });
    expect(state.loads).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('evicts an entry whose load died in llama.cpp twice, without a third try', async () => {
    const cache = new CompressedStateCache(dir);
    const key = keyFor('a');
    await writeEntry(cache, key, Buffer.from('state bytes'), new Date());
    // A load that never returns stands for the process dying inside llama.cpp: its marker stays behind.
    const dying = () => fakeSequence(() => new Promise<void>(() => undefined));
    for (let i = 0; i < 2; i++) {
      void cache.load(dying().sequence, key);
      await new Promise((r) => setTimeout(r, 150));
    }
    const next = fakeSequence();
    expect(await cache.load(next.sequence, key)).toEqual({ found: false, reason: 'unloadable' });
    expect(next.state.loads).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('evicts least-recently-used entries beyond the size cap, never the one just written', async () => {
    const cache = new CompressedStateCache(dir, { maxBytes: 3000 });
    const bytes = Buffer.alloc(1000, 1); // + about 300 bytes of sidecar: three entries exceed the cap, two do not
    await writeEntry(cache, keyFor('old'), bytes, new Date(2020, 0, 1));
    await writeEntry(cache, keyFor('recent'), bytes, new Date(2021, 0, 1));
    await writeEntry(cache, keyFor('new'), bytes, new Date(2019, 0, 1));
    await cache.enforceLimit(stateKeyId(keyFor('new')));
    const left = await readdir(dir);
    expect(left).not.toContain(path.basename(cache.statePath(keyFor('old'))));
    expect(left).toContain(path.basename(cache.statePath(keyFor('recent'))));
    expect(left).toContain(path.basename(cache.statePath(keyFor('new'))));
  });

  it('keys every field: a different ratio or model is another entry', () => {
    const key = keyFor('a');
    expect(stateKeyId({ ...key, ratio: 8 })).not.toBe(stateKeyId(key));
    expect(stateKeyId({ ...key, modelHash: 'other' })).not.toBe(stateKeyId(key));
    expect(stateKeyId({ ...key })).toBe(stateKeyId(key));
  });
});

describe('hashModelFile', () => {
  it('changes when the head, the tail or the size changes, and not otherwise', async () => {
    const file = path.join(dir, 'model.gguf');
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    const when = new Date(2024, 0, 1);
    const write = async (bytes: Buffer) => {
      await writeFile(file, bytes);
      await utimes(file, when, when);
      return hashModelFile(file);
    };
    const base = await write(big);
    expect(await write(big)).toBe(base);
    const head = Buffer.from(big);
    head[10] = 0;
    expect(await write(head)).not.toBe(base);
    const tail = Buffer.from(big);
    tail[tail.length - 10] = 0;
    expect(await write(tail)).not.toBe(base);
    expect(await write(big.subarray(1))).not.toBe(base);
    expect(await write(Buffer.from('tiny file'))).toMatch(/^[0-9a-f]{64}$/);
  });
});
