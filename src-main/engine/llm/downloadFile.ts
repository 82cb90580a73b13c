import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LecternError } from '../../../src-shared/errors';

/**
 * Why not node-llama-cpp's `createModelDownloader` (ipull): measured here, against an unreachable host it kept
 * retrying for well over a minute without reporting anything, so "you are offline" could not be said in time; and
 * after a dropped connection it re-fetches whole 5 MB chunks over parallel connections instead of continuing at the
 * byte where it stopped. This is one sequential stream with `Range` resume, which is all a single GGUF needs.
 */

export interface DownloadProgress {
  downloadedBytes: number;
  totalBytes: number;
}

export interface DownloadFileOptions {
  /** `https://`, `http://` or `hf:<owner>/<repo>/<path/file.gguf>[#branch]`. */
  uri: string;
  /** The final path; the data goes to `<destination>.partial` until it is complete and verified. */
  destination: string;
  /** Lower-case hex sha256 of the whole file, when known. */
  sha256?: string;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Attempts after a failed or dropped connection. Default 4. */
  retries?: number;
  /** First retry delay in ms, doubled each time. Default 500. */
  retryDelayMs?: number;
  /** Shown in the offline message ("You can also put a .gguf file into <modelsDir>"). */
  modelsDir?: string;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  sha256: string;
  /** The byte offsets each request started from (0 first; more entries mean resumed transfers). */
  requestOffsets: number[];
}

export const PARTIAL_SUFFIX = '.partial';

/** `hf:owner/repo/dir/file.gguf#branch` → the Hugging Face download URL; other URIs unchanged. */
export function resolveDownloadUrl(uri: string): string {
  if (!uri.startsWith('hf:')) return uri;
  const [location = '', branch = 'main'] = uri.slice(3).split('#');
  const [owner, repo, ...file] = location.split('/');
  if (!owner || !repo || file.length === 0) throw new LecternError('INVALID_ARGUMENT', `Not a file URI: ${uri}`);
  return `https://huggingface.co/${owner}/${repo}/resolve/${encodeURIComponent(branch)}/${file.join('/')}`;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

function networkCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as never, i++)
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
  return undefined;
}

async function fileSize(filePath: string): Promise<number> {
  try {
    return (await stat(filePath)).size;
  } catch {
    return 0;
  }
}

export async function sha256File(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(filePath), hash);
  return hash.digest('hex');
}

const cancelled = () => new LecternError('CANCELLED', 'Download cancelled; starting it again resumes it.');

/**
 * Downloads into `<destination>.partial`, resuming from whatever that file holds, retrying dropped connections from
 * the byte where they stopped, then checks the sha256 (when known) and renames into place. A cancelled download keeps
 * its partial file for the next attempt; a checksum mismatch deletes it.
 */
export async function downloadFile(options: DownloadFileOptions): Promise<DownloadResult> {
  const url = resolveDownloadUrl(options.uri);
  const partial = options.destination + PARTIAL_SUFFIX;
  const retries = options.retries ?? 4;
  const { signal } = options;
  await mkdir(path.dirname(options.destination), { recursive: true });
  const requestOffsets: number[] = [];
  let total = 0;
  let failures = 0;

  for (;;) {
    if (signal?.aborted) throw cancelled();
    const offset = await fileSize(partial);
    if (total > 0 && offset >= total) break;
    requestOffsets.push(offset);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: offset > 0 ? { Range: `bytes=${offset}-` } : {},
        redirect: 'follow',
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw cancelled();
      if (++failures > retries) throw offline(url, error, options.modelsDir);
      await delay(failures, options.retryDelayMs, signal);
      continue;
    }
    if (response.status === 416 && offset > 0) {
      // The partial file already holds everything the server has.
      await response.body?.cancel();
      total = offset;
      break;
    }
    if (!response.ok) {
      await response.body?.cancel();
      if (response.status >= 500 && ++failures <= retries) {
        await delay(failures, options.retryDelayMs, signal);
        continue;
      }
      throw new LecternError('DOWNLOAD_FAILED', `The server answered ${response.status} for ${url}.`, {
        status: response.status,
      });
    }
    const resumed = response.status === 206;
    const range = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
    const length = Number(response.headers.get('content-length') ?? NaN);
    total = range ? Number(range[1]) : Number.isFinite(length) ? length + (resumed ? offset : 0) : 0;
    // A server that ignores Range sends the whole file again: start over rather than append a second copy.
    let written = resumed ? offset : 0;
    const out = createWriteStream(partial, { flags: resumed ? 'a' : 'w' });
    try {
      if (!response.body) throw new Error('empty response body');
      const body = Readable.fromWeb(response.body as never);
      body.on('data', (chunk: Buffer) => {
        written += chunk.length;
        options.onProgress?.({ downloadedBytes: written, totalBytes: total });
      });
      await pipeline(body, out);
    } catch (error) {
      if (signal?.aborted) throw cancelled();
      // A dropped connection: keep what arrived and continue from there.
      if (++failures > retries)
        throw new LecternError(
          'DOWNLOAD_FAILED',
          `The download of ${url} kept breaking off: ${(error as Error).message}`,
        );
      await delay(failures, options.retryDelayMs, signal);
      continue;
    }
    if (total === 0) total = written; // no length announced: what arrived is the file
    if (written >= total) break;
  }

  const bytes = await fileSize(partial);
  if (bytes !== total) throw new LecternError('DOWNLOAD_FAILED', `Received ${bytes} bytes of ${total} from ${url}.`);
  const digest = await sha256File(partial);
  if (options.sha256 && digest !== options.sha256.toLowerCase()) {
    await rm(partial, { force: true });
    throw new LecternError(
      'CHECKSUM_MISMATCH',
      `The downloaded file is not the expected one (sha256 ${digest}, expected ${options.sha256}); it was deleted.`,
    );
  }
  await rename(partial, options.destination);
  return { path: options.destination, bytes, sha256: digest, requestOffsets };
}

function offline(url: string, error: unknown, modelsDir: string | undefined): LecternError {
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    /* keep the URL as it is */
  }
  const drop = modelsDir
    ? ` You can also put a .gguf file into ${modelsDir}.`
    : ' You can also open a .gguf file you already have.';
  return new LecternError(
    'NETWORK_UNAVAILABLE',
    `Lectern could not reach ${host} — you are offline or the host is blocked.${drop}`,
    { cause: networkCode(error) ?? (error as Error).message },
  );
}

function delay(attempt: number, baseMs = 500, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, baseMs * 2 ** (attempt - 1));
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(cancelled());
      },
      { once: true },
    );
  });
}
