import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { getLlama, type LlamaContext, type LlamaModel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildCheckpoints } from '../../src-main/engine/compression/BuildCheckpoints';
import {
  compressedStateKeyFor,
  prepareCompressedState,
} from '../../src-main/engine/compression/prepareCompressedState';
import { ensureFixtureModel, TINY_SHAPE } from '../fixtures/gguf/fixtureModels';
import { CHECKPOINT_EVERY, CHECKPOINT_SEGMENTS, checkpointBuildInput } from './support/checkpointBuild';

const CHILD = path.join(import.meta.dirname, 'support', 'checkpointBuildChild.ts');
const TSX = path.join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');

let modelPath: string;
let model: LlamaModel;
let context: LlamaContext;
const dirs: string[] = [];

beforeAll(async () => {
  modelPath = await ensureFixtureModel(TINY_SHAPE);
  const llama = await getLlama({ gpu: false, build: 'never' });
  model = await llama.loadModel({ modelPath });
  context = await model.createContext({
    contextSize: 1024,
    sequences: 2,
    threads: 1,
    flashAttention: true,
    batchSize: 512,
  });
});

afterAll(async () => {
  await context?.dispose();
  await model?.dispose();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-checkpoint-'));
  dirs.push(dir);
  return dir;
}

/** Runs the child build and SIGKILLs it once it has passed segment boundary `killAfter`. */
function buildAndKill(dir: string, killAfter: number): Promise<{ boundaries: number[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [CHILD, modelPath, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const boundaries: number[] = [];
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^boundary (\d+)$/.exec(line);
        if (!match) continue;
        boundaries.push(Number(match[1]));
        if (Number(match[1]) >= killAfter) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ boundaries, signal }));
  });
}

describe('build checkpoints', () => {
  it('resumes a build killed with SIGKILL from its last checkpoint and ends with the same state', async () => {
    const dir = await tempDir();
    const killed = await buildAndKill(dir, 6);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.boundaries.at(-1)).toBeGreaterThanOrEqual(6);

    const sequence = context.getSequence();
    try {
      const input = checkpointBuildInput(model, sequence, dir);
      const key = compressedStateKeyFor(input);
      expect(existsSync(new BuildCheckpoints(dir).sidecarPath(key))).toBe(true);
      const progress: number[] = [];
      const resumed = await prepareCompressedState(input, {
        signal: new AbortController().signal,
        onProgress: (update) => progress.push(update.done),
      });
      expect(resumed.built).toBe(true);
      // The checkpoint at boundary 6 was written before the child announced it.
      expect(resumed.resumedSegments).toBeGreaterThanOrEqual(6);
      expect(resumed.resumedSegments % CHECKPOINT_EVERY).toBe(0);
      expect(progress[0]).toBe(resumed.resumedSegments);
      expect(progress.at(-1)).toBe(CHECKPOINT_SEGMENTS);
      // A finished build leaves no checkpoint behind.
      expect(existsSync(new BuildCheckpoints(dir).sidecarPath(key))).toBe(false);

      // From zero in another folder: the same kept tokens and the same next token after a question.
      const fresh = await tempDir();
      const other = context.getSequence();
      try {
        const scratch = await prepareCompressedState(checkpointBuildInput(model, other, fresh), {
          signal: new AbortController().signal,
          onProgress: () => undefined,
        });
        expect(scratch.resumedSegments).toBe(0);
        expect(resumed.sidecar.segments).toEqual(scratch.sidecar.segments);
        expect(resumed.sidecar.kvTokens).toBe(scratch.sidecar.kvTokens);
        const question = model.tokenize(' What happened next?');
        const next = async (s: typeof sequence) => {
          const it = s.evaluate(question, { temperature: 0 });
          const first = await it.next();
          await it.return?.(undefined);
          return first.value;
        };
        expect(await next(sequence)).toBe(await next(other));
      } finally {
        await other.dispose();
      }
    } finally {
      await sequence.dispose();
    }
  });

  it('discards a checkpoint whose state fails its checksum, and builds from zero', async () => {
    const dir = await tempDir();
    const sequence = context.getSequence();
    try {
      const full = checkpointBuildInput(model, sequence, dir);
      const key = compressedStateKeyFor(full);
      const checkpoints = new BuildCheckpoints(dir);
      // Save a real checkpoint for the full input by stopping its build at boundary 4.
      let boundaries = 0;
      await prepareCompressedState(
        {
          ...full,
          yieldPoint: () => (++boundaries === 4 ? Promise.reject(new Error('interrupted')) : Promise.resolve()),
        },
        { signal: new AbortController().signal, onProgress: () => undefined },
      ).catch((error: unknown) => expect(String(error)).toContain('interrupted'));
      expect(existsSync(checkpoints.statePath(key))).toBe(true);
      const bytes = await readFile(checkpoints.statePath(key));
      bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
      await writeFile(checkpoints.statePath(key), bytes);

      const loaded = await checkpoints.load(sequence, key);
      expect(loaded).toEqual({ found: false, reason: 'checksum-mismatch' });
      expect(existsSync(checkpoints.statePath(key))).toBe(false);
      expect(existsSync(checkpoints.sidecarPath(key))).toBe(false);

      const rebuilt = await prepareCompressedState(full, {
        signal: new AbortController().signal,
        onProgress: () => undefined,
      });
      expect(rebuilt.resumedSegments).toBe(0);
      expect(rebuilt.sidecar.segments).toHaveLength(CHECKPOINT_SEGMENTS);
    } finally {
      await sequence.dispose();
    }
  });
});
