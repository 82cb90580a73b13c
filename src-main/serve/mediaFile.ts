import { createReadStream } from 'node:fs';
import type http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { toErrorPayload } from '../../src-shared/errors';
import type { Engine } from '../engine/Engine';
import { resolveMedia } from '../engine/media/mediaSource';
import { parseByteRange } from './byteRange';

/** `/api/documents/<docId>/media`: a transcript's recording, streamed from where the user keeps it. */
export const MEDIA_FILE_ROUTE = /^\/api\/documents\/([^/]+)\/media$/;

const STATUS: Record<string, number> = { NOT_FOUND: 404, FILE_NOT_FOUND: 404, INVALID_ARGUMENT: 400 };

function sendError(res: http.ServerResponse, code: string, message: string): void {
  res.writeHead(STATUS[code] ?? 500, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify({ ok: false, error: { code, message } }));
}

/**
 * Streams the recording with HTTP range requests (a media element seeks by asking for the bytes it needs, and an
 * hour of audio is not read into memory). Errors are the contract's JSON errors with a matching status.
 */
export async function sendMediaFile(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  engine: Engine,
  docId: string,
): Promise<void> {
  let media;
  try {
    media = await resolveMedia(engine.library, engine.media, docId);
  } catch (error) {
    const payload = toErrorPayload(error);
    return sendError(res, payload.code, payload.message);
  }
  if (!media) return sendError(res, 'NOT_FOUND', 'This document has no recording.');
  const size = media.info.bytes;
  const range = parseByteRange(req.headers.range, size);
  const headers = {
    'content-type': media.info.contentType,
    'accept-ranges': 'bytes',
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
  };
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${size}` });
    return void res.end();
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  res.writeHead(range ? 206 : 200, {
    ...headers,
    'content-length': size === 0 ? 0 : end - start + 1,
    ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === 'HEAD' || size === 0) return void res.end();
  // A player that seeks drops the connection mid-stream: that ends the pipeline, and is not an error.
  await pipeline(createReadStream(media.path, { start, end }), res).catch(() => undefined);
}
