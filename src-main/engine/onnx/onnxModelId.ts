import { hashFileEdges } from '../hashFileEdges';

/**
 * A stable id for a model and the settings that shape its output: `<folder name>-<12 hex>`, hashed from the model
 * file's size, first and last MiB (as compression/hashModelFile.ts does, and for the same reason: hashing a 500 MB
 * file on every load is slow) and the settings. Unlike that hash it leaves out the mtime, because stored vectors
 * outlive copies and re-downloads of the same file, and re-embedding a library is costly; a changed model or a
 * changed pooling/prefix gives a new id, so vectors are re-computed exactly when they would differ.
 */
export async function onnxModelId(name: string, modelPath: string, settings: unknown): Promise<string> {
  const hash = await hashFileEdges(modelPath, ({ size }) => ({ size, settings }));
  const slug = name.replace(/[^\w.-]+/g, '-').slice(0, 60) || 'model';
  return `${slug}-${hash.slice(0, 12)}`;
}
