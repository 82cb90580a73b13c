import { existsSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LecternError } from '../../../src-shared/errors';
import type { StageContext } from '../jobs/JobRunner';
import { downloadFile } from '../llm/downloadFile';
import { describeOnnxFolder, type OnnxModelEntry } from './discoverOnnxModels';
import { type OnnxCatalogEntry, onnxFileUrl } from './onnxCatalog';

export interface PullOnnxOptions {
  /** Download from here instead of https://huggingface.co (tests serve the files from 127.0.0.1). */
  baseUrl?: string;
  retries?: number;
  retryDelayMs?: number;
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

const isNotFound = (error: unknown) =>
  error instanceof LecternError &&
  error.code === 'DOWNLOAD_FAILED' &&
  (error.detail as { status?: number } | undefined)?.status === 404;

/**
 * Downloads a catalog model's files into `<modelsDir>/<entry.id>/` one by one with `downloadFile` (progress, cancel,
 * resume from the partial file), skips files already there and optional files the repository lacks, writes the
 * entry's lectern.json, and describes the folder as `discoverOnnxModels` would.
 */
export async function pullOnnxModel(
  entry: OnnxCatalogEntry,
  modelsDir: string,
  ctx: StageContext,
  options: PullOnnxOptions = {},
): Promise<OnnxModelEntry> {
  const folder = path.join(modelsDir, entry.id);
  // Real sizes replace the catalog's estimates as they become known, so the total firms up while downloading.
  const sizes = entry.files.map((file) => file.approxBytes);
  const finished = entry.files.map(() => 0);
  const total = () => sizes.reduce((a, b) => a + b, 0);
  const done = () => finished.reduce((a, b) => a + b, 0);
  ctx.onProgress({ phase: 'connecting', done: 0, total: total(), message: entry.name });

  for (const [i, file] of entry.files.entries()) {
    const destination = path.join(folder, file.fileName);
    if (existsSync(destination)) {
      sizes[i] = finished[i] = (await stat(destination)).size;
      continue;
    }
    try {
      const result = await downloadFile({
        uri: onnxFileUrl(entry, file, options.baseUrl),
        destination,
        modelsDir,
        signal: ctx.signal,
        onProgress: ({ downloadedBytes, totalBytes }) => {
          if (totalBytes > 0) sizes[i] = totalBytes;
          finished[i] = downloadedBytes;
          ctx.onProgress({
            phase: 'downloading',
            done: done(),
            total: total(),
            message: `${file.fileName}: ${mb(done())} of ${mb(total())}`,
          });
        },
        ...(options.retries !== undefined ? { retries: options.retries } : {}),
        ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
      });
      sizes[i] = finished[i] = result.bytes;
    } catch (error) {
      if (file.optional && isNotFound(error)) {
        sizes[i] = finished[i] = 0;
        continue;
      }
      throw error;
    }
  }

  ctx.onProgress({ phase: 'verifying', done: done(), total: done() });
  await writeFile(
    path.join(folder, 'lectern.json'),
    JSON.stringify({ ...entry.settings, catalogId: entry.id }, null, 2) + '\n',
  );
  const described = await describeOnnxFolder(folder);
  if (!described) throw new LecternError('DOWNLOAD_FAILED', `${folder} has no model.onnx after the download.`);
  return described;
}
