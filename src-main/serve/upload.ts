import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileGrant } from '../../src-shared/domain/fileGrant';
import type { Result } from '../../src-shared/result';

/** Largest file the browser build may upload (the app reads files from disk and has no such limit). */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;
/** An upload folder older than this was never imported (a closed tab, a crash): it is removed. */
const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000;

/** `decodeURIComponent` that answers undefined for malformed percent-encoding (`%`, `%E0%A4%A`) instead of throwing. */
export function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

export function uploadsDir(cacheDir: string): string {
  return path.join(cacheDir, 'uploads');
}

/** Whether `file` is an upload (so the bridge may delete it once imported). */
export function isUpload(cacheDir: string, file: string): boolean {
  const relative = path.relative(uploadsDir(cacheDir), path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Removes the folder of one upload (each upload has its own). */
export async function removeUpload(cacheDir: string, file: string): Promise<void> {
  if (isUpload(cacheDir, file)) await rm(path.dirname(path.resolve(file)), { recursive: true, force: true });
}

/** Removes upload folders older than a day. */
export async function sweepUploads(cacheDir: string, now = Date.now()): Promise<void> {
  const dir = uploadsDir(cacheDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const full = path.join(dir, name);
    const info = await stat(full).catch(() => undefined);
    if (info && now - info.mtimeMs > STALE_UPLOAD_MS) await rm(full, { recursive: true, force: true });
  }
}

type UploadResult = Result<FileGrant> & { status: number };

const refuse = (status: number, code: 'INVALID_ARGUMENT' | 'FILE_TOO_LARGE', message: string): UploadResult => ({
  ok: false,
  status,
  error: { code, message },
});

/**
 * The browser build cannot hand the engine a file path, so a file picked or dropped in the page is streamed here and
 * saved in its own folder under `<cache>/uploads` and granted (`grant`, the engine's `FileGrants`): the page gets
 * only the file's id, never its path, and the bridge removes the folder once the import is done. The original name is kept. The size cap counts the bytes as they
 * arrive, so a chunked upload (no Content-Length) is held to it too; an aborted or refused upload leaves nothing.
 */
export async function handleUpload(
  req: http.IncomingMessage,
  cacheDir: string,
  grant: (file: string) => FileGrant,
  maxBytes = MAX_UPLOAD_BYTES,
): Promise<UploadResult> {
  const rawName = req.headers['x-file-name'];
  const decoded = safeDecode(typeof rawName === 'string' ? rawName : 'upload.bin');
  if (decoded === undefined) return refuse(400, 'INVALID_ARGUMENT', 'The file name is not valid percent-encoding.');
  const name = path.basename(decoded).replace(/[\\/:*?"<>|\p{Cc}]/gu, '_');
  if (name === '' || name === '.' || name === '..') return refuse(400, 'INVALID_ARGUMENT', 'That is not a file name.');
  const tooLarge = refuse(413, 'FILE_TOO_LARGE', `${name} is larger than ${Math.round(maxBytes / 2 ** 30)} GB.`);
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) return tooLarge;
  await sweepUploads(cacheDir);
  const dir = path.join(uploadsDir(cacheDir), randomUUID());
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  let received = 0;
  let over = false;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > maxBytes) {
        over = true;
        done(new Error('upload over the size cap'));
      } else done(null, chunk);
    },
  });
  try {
    await pipeline(req, cap, createWriteStream(file));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if (over) return tooLarge;
    throw error;
  }
  return { ok: true, status: 200, value: grant(file) };
}

/** A name in `dir` that no file has yet: `model.gguf`, else `model (2).gguf`, `model (3).gguf`, ... */
async function freeName(dir: string, name: string): Promise<string> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n += 1) {
    const candidate = path.join(dir, n === 1 ? name : `${stem} (${n})${ext}`);
    if (!(await stat(candidate).catch(() => undefined))) return candidate;
  }
}

/**
 * A GGUF picked in the browser build is already a copy on the engine's disk once uploaded; it moves into the models
 * folder (where downloads go and a rescan finds it) rather than staying in the upload cache, which is swept after a
 * day while the model is still listed. A rename when both folders share a disk, else a copy. Not a GGUF by name:
 * refused and removed, so the models folder only ever holds complete `.gguf` files.
 */
export async function moveUploadIntoModels(
  cacheDir: string,
  file: string,
  modelsDir: string,
): Promise<Result<{ path: string }> & { status: number }> {
  if (!isUpload(cacheDir, file)) throw new Error(`${file} is not an upload`);
  if (!file.toLowerCase().endsWith('.gguf')) {
    await removeUpload(cacheDir, file);
    const message = `${path.basename(file)} is not a GGUF model. Choose a .gguf chat model file.`;
    return { ok: false, status: 415, error: { code: 'UNSUPPORTED_FORMAT', message } };
  }
  await mkdir(modelsDir, { recursive: true });
  const target = await freeName(modelsDir, path.basename(file));
  try {
    await rename(file, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(file, target);
  }
  await removeUpload(cacheDir, file);
  return { ok: true, status: 200, value: { path: target } };
}
