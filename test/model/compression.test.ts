import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  getLlama,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticText } from '../../src-main/measure/synthetic/syntheticDocument';
import { buildCompressedState } from '../../src-main/engine/compression/buildCompressedState';
import { CompressedStateCache } from '../../src-main/engine/compression/CompressedStateCache';
import { hashModelFile } from '../../src-main/engine/compression/hashModelFile';
import { PrefixReuse } from '../../src-main/engine/compression/PrefixReuse';
import {
  compressedStateKeyFor,
  prepareCompressedState,
} from '../../src-main/engine/compression/prepareCompressedState';
import { evaluateWithSelfInformation } from '../../src-main/engine/compression/scoreSelfInformation';
import { keptTextOfTokens } from '../../src-main/engine/compression/textCompression';
import type { SegmentTokens } from '../../src-main/engine/compression/types';
import { ensureFixtureModel, TINY_SHAPE } from '../fixtures/gguf/fixtureModels';
import type { LlamaShape } from '../fixtures/gguf/writeLlamaGguf';

const THREADS = 1;
const ROPE_SHAPE: LlamaShape = {
  layers: 2,
  embedding: 512,
  heads: 8,
  kvHeads: 4,
  feedForward: 512,
  contextLength: 2048,
  seed: 4,
  name: 'lectern-fixture-rope',
};
const SEGMENT = 128;
const quiet = { signal: new AbortController().signal, onProgress: () => undefined };

let dir: string;
let modelPath: string;
let llama: Llama;
let model: LlamaModel;
let context: LlamaContext;
let docTokens: Token[];
let segments: SegmentTokens[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-compression-'));
  modelPath = await ensureFixtureModel(TINY_SHAPE);
  llama = await getLlama({ gpu: false, build: 'never' });
  model = await llama.loadModel({ modelPath });
  context = await model.createContext({
    contextSize: 1024,
    sequences: 2,
    threads: THREADS,
    flashAttention: true,
    batchSize: 512,
  });
  docTokens = model.tokenize(syntheticText(700, 3)).slice(0, 5 * SEGMENT);
  segments = [];
  for (let i = 0; i < docTokens.length; i += SEGMENT) segments.push({ tokens: docTokens.slice(i, i + SEGMENT) });
});

afterAll(async () => {
  await context?.dispose();
  await model?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A fresh empty sequence for each test: the context has two slots, disposed sequences give theirs back. */
async function withSequence<T>(fn: (sequence: LlamaContextSequence) => Promise<T>): Promise<T> {
  const sequence = context.getSequence();
  try {
    return await fn(sequence);
  } finally {
    await sequence.dispose();
  }
}

async function nextLogits(sequence: LlamaContextSequence, token: Token): Promise<Map<Token, number>> {
  const [result] = await sequence.controlledEvaluate([[token, { generateNext: { logits: true } }]]);
  if (!result?.next.logits) throw new Error('no logits returned');
  return result.next.logits;
}

function maxAbsDifference(a: Map<Token, number>, b: Map<Token, number>): number {
  let max = 0;
  for (const [token, value] of a) max = Math.max(max, Math.abs(value - (b.get(token) ?? Number.POSITIVE_INFINITY)));
  return max;
}

describe('self-information scoring', () => {
  it('equals -log of the probability the model gives each next token', async () => {
    await withSequence(async (sequence) => {
      const tokens = docTokens.slice(0, 24);
      await sequence.evaluateWithoutGeneratingNewTokens([model.tokens.bos!]);
      const scores = await evaluateWithSelfInformation(sequence, tokens);
      expect(Number.isNaN(scores[0])).toBe(true);

      await sequence.clearHistory();
      await sequence.evaluateWithoutGeneratingNewTokens([model.tokens.bos!]);
      const outputs = await sequence.controlledEvaluate(
        tokens.map(
          (token) => [token, { generateNext: { logits: true } }] as [Token, { generateNext: { logits: true } }],
        ),
      );
      for (let i = 1; i < tokens.length; i++) {
        const logits = outputs[i - 1]?.next.logits;
        expect(logits).toBeDefined();
        const values = [...logits!.values()];
        const max = Math.max(...values);
        const logSumExp = max + Math.log(values.reduce((sum, value) => sum + Math.exp(value - max), 0));
        expect(scores[i]).toBeCloseTo(logSumExp - logits!.get(tokens[i]!)!, 3);
      }
      // Random weights still give varied scores; a constant would make the ranking meaningless.
      const finite = [...scores].filter(Number.isFinite);
      expect(Math.max(...finite) - Math.min(...finite)).toBeGreaterThan(0.1);
    });
  });
});

describe('buildCompressedState', () => {
  it.each([1, 2, 4, 8])(
    'keeps about 1/%i of each segment, and the cache holds exactly the kept tokens',
    async (ratio) => {
      await withSequence(async (sequence) => {
        const progress: number[] = [];
        const layout = await buildCompressedState(
          { sequence, segments, ratio },
          { signal: new AbortController().signal, onProgress: (update) => progress.push(update.done) },
        );
        expect(progress).toEqual([0, 1, 2, 3, 4, 5]);
        expect(layout.evaluatedTokens).toBe(docTokens.length);
        for (const segment of layout.segments) {
          const target = Math.ceil(segment.totalTokens / ratio);
          expect(segment.keptTokens).toBeGreaterThanOrEqual(target);
          expect(segment.keptTokens).toBeLessThanOrEqual(target + 2); // at most half a 4-token chunk over
        }
        const expected: number[] = [model.tokens.bos!];
        layout.segments.forEach((segment, k) => {
          for (const { start, end } of segment.keptRanges) expected.push(...segments[k]!.tokens.slice(start, end));
        });
        expect(sequence.contextTokens).toEqual(expected);
        expect(layout.kvTokens).toBe(expected.length);
        // The kept ranges map back to the document's text (what citations and the text-level variant need).
        const text = keptTextOfTokens(model, segments[0]!.tokens as Token[], layout.segments[0]!.keptRanges).text;
        expect(model.tokenize(text, false, 'trimLeadingSpace').length).toBeGreaterThan(0);
      });
    },
  );

  it('never evicts protected tokens', async () => {
    await withSequence(async (sequence) => {
      const protectedSegments = segments.map((segment) => ({
        tokens: segment.tokens,
        protectedMask: segment.tokens.map((_, i) => i % 16 === 5),
      }));
      const layout = await buildCompressedState({ sequence, segments: protectedSegments, ratio: 8 }, quiet);
      layout.segments.forEach((segment) => {
        for (let i = 5; i < segment.totalTokens; i += 16) {
          expect(segment.keptRanges.some((range) => range.start <= i && i < range.end)).toBe(true);
        }
      });
    });
  });

  it('is cancelled between segments, and a cancelled prepare leaves no state file', async () => {
    await withSequence(async (sequence) => {
      const cache = new CompressedStateCache(path.join(dir, 'cancel'));
      const controller = new AbortController();
      const run = prepareCompressedState(
        { sequence, segments, ratio: 4, cache, modelHash: 'm', documentHash: 'cancel' },
        {
          signal: controller.signal,
          onProgress: (update) => {
            if (update.done === 2) controller.abort();
          },
        },
      );
      await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(await readdir(cache.dir).catch(() => [])).toEqual([]);
    });
  });
});

describe('CompressedStateCache', () => {
  it('saves a state whose loaded logits equal the in-memory ones (and shows the save-after-erase pitfall)', async () => {
    // A wider head than TINY_SHAPE's: with 16-dim heads and 0.02-scale random weights attention is almost uniform,
    // so keys rotated for the wrong positions barely change the output and the pitfall would hide.
    const ropeModel = await llama.loadModel({ modelPath: await ensureFixtureModel(ROPE_SHAPE) });
    const ropeContext = await ropeModel.createContext({
      contextSize: 1024,
      sequences: 2,
      threads: THREADS,
      flashAttention: true,
      batchSize: 512,
    });
    try {
      const tokens = ropeModel.tokenize(syntheticText(500, 5)).slice(0, 4 * SEGMENT);
      const ropeSegments = [0, 1, 2, 3].map((k) => ({ tokens: tokens.slice(k * SEGMENT, (k + 1) * SEGMENT) }));
      const probe = tokens[3]!;
      const cache = new CompressedStateCache(path.join(dir, 'roundtrip'));
      const rawPath = path.join(dir, 'raw-after-erase.kvstate');
      const built = ropeContext.getSequence();
      const layout = await buildCompressedState({ sequence: built, segments: ropeSegments, ratio: 4 }, quiet);
      // What the pitfall looks like: saving right after the erase, with the key rotation still pending.
      await built.saveStateToFile(rawPath);
      const key = compressedStateKeyFor({
        sequence: built,
        segments: ropeSegments,
        ratio: 4,
        cache,
        modelHash: 'm',
        documentHash: 'rt',
      });
      const sidecar = await cache.save(built, key, layout);
      expect(sidecar.kvTokens).toBe(layout.kvTokens); // the dummy token is gone again
      expect(built.contextTokens).toHaveLength(layout.kvTokens);
      const inMemory = await nextLogits(built, probe);
      await built.dispose();

      const loadedSequence = ropeContext.getSequence();
      expect(await cache.load(loadedSequence, key)).toMatchObject({ found: true });
      expect(loadedSequence.nextTokenIndex).toBe(sidecar.kvTokens);
      const loaded = maxAbsDifference(inMemory, await nextLogits(loadedSequence, probe));

      await loadedSequence.loadStateFromFile(rawPath, { acceptRisk: true });
      const stale = maxAbsDifference(inMemory, await nextLogits(loadedSequence, probe));
      await loadedSequence.clearHistory();
      const unrelated = maxAbsDifference(inMemory, await nextLogits(loadedSequence, probe));
      expect(loaded).toBeLessThan(5e-3); // f16 keys in a compacted cell order: close, not bit-equal
      // The same check fails without the dummy-token trick: the stale keys move the logits well beyond the noise.
      expect(stale).toBeGreaterThan(10 * loaded);
      expect(unrelated).toBeGreaterThan(10 * loaded);
    } finally {
      await ropeContext.dispose();
      await ropeModel.dispose();
    }
  });

  it('detects a corrupted state file, deletes it and rebuilds', async () => {
    const cache = new CompressedStateCache(path.join(dir, 'corrupt'));
    const modelHash = await hashModelFile(modelPath);
    await withSequence(async (sequence) => {
      const input = { sequence, segments, ratio: 4, cache, modelHash, documentHash: 'corrupt' };
      const first = await prepareCompressedState(input, quiet);
      expect(first.built).toBe(true);
      expect((await prepareCompressedState(input, quiet)).built).toBe(false);

      const statePath = cache.statePath(first.key);
      const bytes = await readFile(statePath);
      for (let i = bytes.length - 4096; i < bytes.length - 4000; i++) bytes[i] = (bytes[i] ?? 0) ^ 0xff;
      await writeFile(statePath, bytes);
      await sequence.clearHistory();
      expect(await cache.load(sequence, first.key)).toEqual({ found: false, reason: 'checksum-mismatch' });
      expect(sequence.nextTokenIndex).toBe(0); // llama.cpp never saw the damaged file
      expect(await readdir(cache.dir)).toEqual([]);

      const rebuilt = await prepareCompressedState(input, quiet);
      expect(rebuilt.built).toBe(true);
      expect(rebuilt.sidecar.checksum).toBe(first.sidecar.checksum); // deterministic build, same bytes
    });
  });

  it('refuses a truncated state whose checksum and size were recomputed, before llama.cpp reads it', async () => {
    const cache = new CompressedStateCache(path.join(dir, 'truncated'));
    await withSequence(async (sequence) => {
      const input = { sequence, segments, ratio: 4, cache, modelHash: 'm', documentHash: 'cut' };
      const first = await prepareCompressedState(input, quiet);
      const statePath = cache.statePath(first.key);
      const cut = (await readFile(statePath)).subarray(0, Math.floor(first.sidecar.stateBytes / 2));
      await writeFile(statePath, cut);
      const checksum = createHash('sha256').update(cut).digest('hex');
      await writeFile(
        cache.sidecarPath(first.key),
        JSON.stringify({ ...first.sidecar, stateBytes: cut.length, checksum }),
      );
      await sequence.clearHistory();
      expect(await cache.load(sequence, first.key)).toEqual({ found: false, reason: 'invalid' });
      expect(sequence.nextTokenIndex).toBe(0);
      expect((await prepareCompressedState(input, quiet)).built).toBe(true);
    });
  });

  it('keeps a built state in the sequence when saving it fails, and says CACHE_WRITE_FAILED', async () => {
    // A cache folder that is a file: every write under it fails, as on a full or read-only disk.
    const blocker = path.join(dir, 'not-a-folder');
    await writeFile(blocker, 'x');
    const cache = new CompressedStateCache(path.join(blocker, 'cache'));
    await withSequence(async (sequence) => {
      const prepared = await prepareCompressedState(
        { sequence, segments, ratio: 4, cache, modelHash: 'm', documentHash: 'full' },
        quiet,
      );
      expect(prepared.saveFailed?.code).toBe('CACHE_WRITE_FAILED');
      expect(prepared.sidecar.kvTokens).toBe(sequence.nextTokenIndex);
      expect(sequence.nextTokenIndex).toBeGreaterThan(0);
    });
  });

  it('says DISK_FULL behind CACHE_WRITE_FAILED when the disk is full, keeps the built state and leaves no files', async () => {
    // /dev/full fails every write with the kernel's own ENOSPC: a full disk without filling one.
    const cacheDir = path.join(dir, 'full-disk');
    const cache = new CompressedStateCache(cacheDir, { writeSidecar: (_file, data) => writeFile('/dev/full', data) });
    await withSequence(async (sequence) => {
      const prepared = await prepareCompressedState(
        { sequence, segments, ratio: 4, cache, modelHash: 'm', documentHash: 'disk-full' },
        quiet,
      );
      expect(prepared.saveFailed?.code).toBe('CACHE_WRITE_FAILED');
      expect(prepared.saveFailed?.message).toContain('the disk is full');
      expect(prepared.sidecar.kvTokens).toBe(sequence.nextTokenIndex);
      expect(sequence.nextTokenIndex).toBeGreaterThan(0);
      expect(await readdir(cacheDir)).toEqual([]);
    });
  });

  it('reports a state saved under another key as missing', async () => {
    const cache = new CompressedStateCache(path.join(dir, 'mismatch'));
    await withSequence(async (sequence) => {
      const input = { sequence, segments, ratio: 2, cache, modelHash: 'm', documentHash: 'a' };
      const { key } = await prepareCompressedState(input, quiet);
      const other = { ...key, documentHash: 'b' };
      // Simulate a sidecar whose recorded key differs from the one asked for (a stale or tampered entry).
      await writeFile(cache.sidecarPath(other), await readFile(cache.sidecarPath(key), 'utf8'));
      await writeFile(cache.statePath(other), await readFile(cache.statePath(key)));
      expect(await cache.load(sequence, other)).toEqual({ found: false, reason: 'key-mismatch' });
      expect(await cache.load(sequence, key)).toMatchObject({ found: true });
    });
  });
});

describe('PrefixReuse', () => {
  it('answers a follow-up question by evaluating only its own tail', async () => {
    await withSequence(async (sequence) => {
      const layout = await buildCompressedState({ sequence, segments, ratio: 4 }, quiet);
      const prefix = [...sequence.contextTokens];
      const reuse = new PrefixReuse(sequence);
      const first = model.tokenize('\nQuestion: what did the committee measure?\nAnswer:');
      const second = [
        ...segments[2]!.tokens,
        ...model.tokenize('\nQuestion: why did the farmer study the maps?\nAnswer:'),
      ];

      const a = await reuse.evaluateTail(first);
      expect(a.evaluatedTokens).toBe(first.length);
      const b = await reuse.evaluateTail(second as Token[]);
      expect(b.evaluatedTokens).toBe(second.length);
      expect(sequence.contextTokens.slice(0, layout.kvTokens)).toEqual(prefix);
      expect(sequence.nextTokenIndex).toBe(layout.kvTokens + second.length);

      // Same answer as evaluating the tail on a freshly loaded prefix: the erase left the prefix intact.
      const again = await reuse.evaluateTail(first);
      expect(again.firstToken).toBe(a.firstToken);
    });
  });
});
