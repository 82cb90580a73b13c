import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import type { Result } from '../../src-shared/result';

/** Largest file the browser build may upload (the app reads files from disk and has no such limit). */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;

/**
 * The browser build cannot hand the engine a file path, so a file picked or dropped in the page is streamed here and
 * saved under the cache folder; the engine then imports that path like any other. The original name is kept.
 */
export async function handleUpload(req: http.IncomingMessage, cacheDir: string): Promise<Result<{ path: string }>> {
  const rawName = req.headers['x-file-name'];
  const name = path
    .basename(decodeURIComponent(typeof rawName === 'string' ? rawName : 'upload.bin'))
    .replace(/[\\/:*?"<>|]/g, '_');
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > MAX_UPLOAD_BYTES)
    return { ok: false, error: { code: 'FILE_TOO_LARGE', message: `${name} is larger than 2 GB.` } };
  const dir = path.join(cacheDir, 'uploads', randomUUID());
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name || 'upload.bin');
  await pipeline(req, createWriteStream(file));
  return { ok: true, value: { path: file } };
}
