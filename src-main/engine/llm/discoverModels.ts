import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ModelEntry, ModelSource } from '../../../src-shared/domain/model';
import { readModelMeta } from './readModelMeta';

export interface ModelFolder {
  dir: string;
  source: ModelSource;
}

export interface ListModelsOptions {
  modelsDir: string;
  extraDirs?: string[];
  /** How deep to look below each folder. Default 3 (LM Studio nests publisher/model/file). */
  maxDepth?: number;
}

export function modelId(filePath: string): string {
  return createHash('sha256').update(path.resolve(filePath)).digest('hex').slice(0, 16);
}

async function findGgufFiles(dir: string, depth: number): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return []; // A folder that does not exist simply has no models.
  }
  const found: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && depth > 0 && !entry.name.startsWith('.'))
      found.push(...(await findGgufFiles(full, depth - 1)));
    // Partial downloads end in .partial or similar and must never show as models.
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.gguf')) found.push(full);
  }
  return found;
}

/** GGUF files in the given folders, with metadata from their headers. Nothing is copied or loaded. */
export async function listModels(options: ListModelsOptions): Promise<ModelEntry[]> {
  const folders: ModelFolder[] = [
    { dir: options.modelsDir, source: 'lectern' },
    ...(options.extraDirs ?? []).map((dir) => ({ dir, source: 'user' as const })),
  ];
  const seen = new Set<string>();
  const models: ModelEntry[] = [];
  for (const folder of folders) {
    for (const file of await findGgufFiles(folder.dir, options.maxDepth ?? 3)) {
      const resolved = path.resolve(file);
      if (seen.has(resolved)) continue;
      seen.add(resolved);
      models.push(await describeModel(resolved, folder.source));
    }
  }
  return models.sort((a, b) => a.name.localeCompare(b.name));
}

export async function describeModel(filePath: string, source: ModelSource): Promise<ModelEntry> {
  const info = await stat(filePath);
  const entry: ModelEntry = {
    id: modelId(filePath),
    path: filePath,
    name: path.basename(filePath, path.extname(filePath)),
    source,
    sizeBytes: info.size,
  };
  const meta = await readModelMeta(filePath);
  if (meta.ok) entry.meta = meta.value;
  else entry.problem = meta.error;
  return entry;
}
