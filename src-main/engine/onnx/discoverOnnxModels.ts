import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { LecternError, toErrorPayload } from '../../../src-shared/errors';
import { listOnnxFiles, readOnnxFolder, type OnnxFolder } from './readOnnxFolder';

export type OnnxModelKind = 'embedding' | 'compressor';

/** One ONNX model folder as a model list shows it, read without loading the model. */
export interface OnnxModelEntry {
  dir: string;
  name: string;
  /** From lectern.json, else config.json `architectures` (`*ForTokenClassification` = compressor). */
  kind: OnnxModelKind | 'unknown';
  modelPath: string;
  /** config.json `hidden_size`: the vector width of an embedding model. */
  dims?: number;
  /** All files in the folder, in bytes. */
  sizeBytes: number;
  hasTokenizer: boolean;
  catalogId?: string;
  /** Why the folder cannot be used as it is (no tokenizer, unreadable JSON, ...). */
  problem?: { code: string; message: string };
}

export interface DiscoverOnnxOptions {
  /** How deep below `root` to look. Default 3 (models/<publisher>/<model>/onnx). */
  maxDepth?: number;
}

/** The kind a folder's files claim, without running the model (loading checks the actual graph). */
export function onnxModelKind(folder: OnnxFolder): OnnxModelKind | 'unknown' {
  if (folder.settings.kind) return folder.settings.kind;
  const architectures = folder.config.architectures ?? [];
  if (architectures.some((a) => a.endsWith('ForTokenClassification'))) return 'compressor';
  if (architectures.some((a) => /(Model|ForMaskedLM)$/.test(a)) || folder.pooling !== undefined) return 'embedding';
  return 'unknown';
}

async function folderSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    try {
      total += (await stat(path.join(entry.parentPath, entry.name))).size;
    } catch {
      // Deleted while listing: it no longer counts.
    }
  }
  return total;
}

/** Describes one folder as `discoverOnnxModels` lists it; undefined when it holds no ONNX model at all. */
export async function describeOnnxFolder(dir: string): Promise<OnnxModelEntry | undefined> {
  if ((await listOnnxFiles(dir)).length === 0) return undefined;
  let folder: OnnxFolder;
  try {
    folder = await readOnnxFolder(dir);
  } catch (error) {
    const payload = toErrorPayload(error);
    return {
      dir: path.resolve(dir),
      name: path.basename(dir),
      kind: 'unknown',
      modelPath: '',
      sizeBytes: await folderSize(dir),
      hasTokenizer: false,
      problem: { code: payload.code, message: payload.message },
    };
  }
  const hasTokenizer = folder.tokenizerJsonPath !== undefined || folder.vocabPath !== undefined;
  const entry: OnnxModelEntry = {
    dir: folder.dir,
    name: folder.name,
    kind: onnxModelKind(folder),
    modelPath: folder.modelPath,
    sizeBytes: await folderSize(folder.dir),
    hasTokenizer,
  };
  if (folder.config.hidden_size !== undefined) entry.dims = folder.config.hidden_size;
  if (folder.settings.catalogId) entry.catalogId = folder.settings.catalogId;
  if (!hasTokenizer) {
    const missing = new LecternError('TOKENIZER_MISSING', `${folder.dir} has no tokenizer.json or vocab.txt.`);
    entry.problem = { code: missing.code, message: missing.message };
  }
  return entry;
}

/**
 * Finds ONNX model folders under `root` (a folder holding model.onnx or onnx/model.onnx, or a single .onnx file),
 * and describes each without loading it. A model folder is not searched further; unreadable folders are skipped.
 */
export async function discoverOnnxModels(root: string, options: DiscoverOnnxOptions = {}): Promise<OnnxModelEntry[]> {
  const maxDepth = options.maxDepth ?? 3;
  const found: OnnxModelEntry[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    const entry = await describeOnnxFolder(dir).catch(() => undefined);
    if (entry) {
      found.push(entry);
      return;
    }
    if (depth >= maxDepth) return;
    const children = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const child of children.sort((a, b) => a.name.localeCompare(b.name)))
      if (child.isDirectory() && !child.name.startsWith('.')) await visit(path.join(dir, child.name), depth + 1);
  };
  await visit(path.resolve(root), 0);
  return found;
}
