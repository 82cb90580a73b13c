import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

const EDGE_BYTES = 1024 * 1024;

/**
 * A cheap identity for a model file: sha256 of (size, mtime, first MiB, last MiB) instead of the whole file.
 *
 * Why not the whole file: models are 1-8 GB, and hashing one takes seconds to tens of seconds of disk and CPU on every
 * start, only to look up a cache entry. Why this is enough: a compressed state is only valid for the exact weights
 * (loading it into another model can crash llama.cpp), and any realistic change of the file (a different quant, a
 * re-download, a different model under the same name) changes the size, the mtime, the GGUF header and tensor infos
 * (first MiB), or the last tensors (last MiB). A copy of the same file elsewhere gets a new mtime and so a new hash:
 * that only costs a rebuild, never a wrong state.
 */
export async function hashModelFile(filePath: string): Promise<string> {
  const file = await open(filePath, 'r');
  try {
    const { size, mtimeMs } = await file.stat();
    const hash = createHash('sha256').update(JSON.stringify({ size, mtimeMs }));
    const head = Buffer.alloc(Math.min(EDGE_BYTES, size));
    await file.read(head, 0, head.length, 0);
    hash.update(head);
    const tailStart = Math.max(head.length, size - EDGE_BYTES);
    const tail = Buffer.alloc(size - tailStart);
    await file.read(tail, 0, tail.length, tailStart);
    hash.update(tail);
    return hash.digest('hex');
  } finally {
    await file.close();
  }
}
