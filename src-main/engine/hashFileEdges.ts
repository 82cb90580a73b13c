import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { open } from 'node:fs/promises';

const EDGE_BYTES = 1024 * 1024;

/**
 * sha256 (hex) of `describe(stat)` as JSON, then the file's first and last MiB: a cheap identity for a large model
 * file. Callers choose what of the file's stat counts (size, mtime) and add their own settings.
 */
export async function hashFileEdges(filePath: string, describe: (stat: Stats) => unknown): Promise<string> {
  const file = await open(filePath, 'r');
  try {
    const stat = await file.stat();
    const hash = createHash('sha256').update(JSON.stringify(describe(stat)));
    const head = Buffer.alloc(Math.min(EDGE_BYTES, stat.size));
    await file.read(head, 0, head.length, 0);
    hash.update(head);
    const tailStart = Math.max(head.length, stat.size - EDGE_BYTES);
    const tail = Buffer.alloc(stat.size - tailStart);
    await file.read(tail, 0, tail.length, tailStart);
    hash.update(tail);
    return hash.digest('hex');
  } finally {
    await file.close();
  }
}
