import { hashFileEdges } from '../hashFileEdges';

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
export function hashModelFile(filePath: string): Promise<string> {
  return hashFileEdges(filePath, ({ size, mtimeMs }) => ({ size, mtimeMs }));
}
