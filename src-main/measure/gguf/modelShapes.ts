import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeLlamaGguf, type LlamaShape } from './writeLlamaGguf';

/** Fast enough to generate in every test run (about 0.8M parameters, 3 MB). */
export const TINY_SHAPE: LlamaShape = {
  layers: 2,
  embedding: 64,
  heads: 4,
  kvHeads: 2,
  feedForward: 128,
  contextLength: 2048,
  seed: 1,
  name: 'lectern-fixture-tiny',
};

/**
 * The "random-weight 8-layer 58M llama Q8_0" of ARCHITECTURE.md's measured facts: 8 layers of n_embd 512 with 4 KV
 * heads of 64 give 8 × 2 × 256 × 2 bytes = 8,192 bytes of f16 KV cache per token (8,208 in a saved state), and a
 * llama-2-sized 32,000-token vocabulary brings the parameters to about 58M.
 */
export const BENCH_SHAPE: LlamaShape = {
  layers: 8,
  embedding: 512,
  heads: 8,
  kvHeads: 4,
  feedForward: 1536,
  contextLength: 32768,
  vocabSize: 32000,
  tensorType: 'q8_0',
  seed: 1,
  name: 'lectern-fixture-bench',
};

// Bump when the writer's output changes, so cached files from an older writer are not reused.
const WRITER_VERSION = 1;
const pending = new Map<string, Promise<string>>();

/**
 * The path of a GGUF file for `shape`, written once into the cache folder `dir`
 * under a name derived from a hash of the shape. The file is written under a temporary name and renamed into place,
 * so a concurrent reader, in this process or another, sees either no file or the whole file.
 */
export async function ensureGeneratedModel(shape: LlamaShape, dir: string): Promise<string> {
  const filePath = path.join(dir, `${shape.name ?? 'llama'}-${shapeHash(shape)}.gguf`);
  const inFlight = pending.get(filePath);
  if (inFlight) return inFlight;
  const job = writeOnce(filePath, shape).finally(() => pending.delete(filePath));
  pending.set(filePath, job);
  return job;
}

export function shapeHash(shape: LlamaShape): string {
  const canonical = JSON.stringify({ WRITER_VERSION, ...shape }, Object.keys({ WRITER_VERSION, ...shape }).sort());
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

async function writeOnce(filePath: string, shape: LlamaShape): Promise<string> {
  if (await exists(filePath)) return filePath;
  await mkdir(path.dirname(filePath), { recursive: true });
  const temporary = `${filePath}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeLlamaGguf(temporary, shape);
    await rename(temporary, filePath); // atomic on one file system; a racing writer renames identical bytes
  } catch (error) {
    await rm(temporary, { force: true });
    // Windows refuses to rename over a file another process has open; that file is a finished copy of the same bytes.
    if (await exists(filePath)) return filePath;
    throw error;
  }
  return filePath;
}

async function exists(filePath: string): Promise<boolean> {
  try {
    return (await stat(filePath)).isFile();
  } catch {
    return false;
  }
}
