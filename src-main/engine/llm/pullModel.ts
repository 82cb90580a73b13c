import path from 'node:path';
import type { CatalogEntry, ModelEntry } from '../../../src-shared/domain/model';
import type { StageContext } from '../jobs/JobRunner';
import { describeModel } from './discoverModels';
import { downloadFile, type DownloadFileOptions } from './downloadFile';

export interface PullOptions {
  /** Download from here instead of the catalog URI (tests serve the file from 127.0.0.1). */
  uri?: string;
  retryDelayMs?: number;
  retries?: number;
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

/**
 * Downloads a catalog model into the models folder (resuming a partial download, checking the sha256 when the
 * catalog has one) and describes the finished file as `listModels` would.
 */
export async function pullCatalogModel(
  entry: CatalogEntry,
  modelsDir: string,
  ctx: StageContext,
  options: PullOptions = {},
): Promise<ModelEntry> {
  const request: DownloadFileOptions = {
    uri: options.uri ?? entry.uri,
    destination: path.join(modelsDir, entry.fileName),
    modelsDir,
    signal: ctx.signal,
    onProgress: ({ downloadedBytes, totalBytes }) =>
      ctx.onProgress({
        phase: 'downloading',
        done: downloadedBytes,
        total: totalBytes || entry.sizeBytes,
        message: `${mb(downloadedBytes)} of ${mb(totalBytes || entry.sizeBytes)}`,
      }),
    ...(entry.sha256 ? { sha256: entry.sha256 } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
  };
  ctx.onProgress({ phase: 'connecting', done: 0, total: entry.sizeBytes, message: entry.name });
  const result = await downloadFile(request);
  ctx.onProgress({ phase: 'verifying', done: result.bytes, total: result.bytes });
  return describeModel(result.path, 'lectern');
}
