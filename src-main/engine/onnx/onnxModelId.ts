import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

const EDGE_BYTES = 1024 * 1024;

/**
 * A stable id for a model and the settings that shape its output: `<folder name>-<12 hex>`, hashed from the model
 * file's size, first and last MiB (as compression/hashModelFile.ts does, and for the same reason: hashing a 500 MB
 * file on every load is slow) and the settings. Unlike that hash it leaves out the mtime, because stored vectors
 * outlive copies and re-downloads of the same file, and re-embedding a library is costly; a changed model or a
 * changed pooling/prefix gives a new id, so vectors are re-computed exactly when they would differ.
 */
export async function onnxModelId(name: string, modelPath: string, settings: unknown): Promise<string> {
  const file = await open(modelPath, 'r');
  try {
    const { size } = await file.stat();
    const hash = createHash('sha256').update(JSON.stringify({ size, settings }));
    const head = Buffer.alloc(Math.min(EDGE_BYTES, size));
    await file.read(head, 0, head.length, 0);
    hash.update(head);
    const tailStart = Math.max(head.length, size - EDGE_BYTES);
    const tail = Buffer.alloc(size - tailStart);
    await file.read(tail, 0, tail.length, tailStart);
    hash.update(tail);
    const slug = name.replace(/[^\w.-]+/g, '-').slice(0, 60) || 'model';
    return `${slug}-${hash.digest('hex').slice(0, 12)}`;
  } finally {
    await file.close();
  }
}
