import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { ErrorPayload } from '../../src-shared/errors';
import type { Result } from '../../src-shared/result';
import { parseByteRange } from '../serve/byteRange';
import type { MediaSource } from './engineProtocol';

const STATUS: Record<string, number> = {
  NOT_FOUND: 404,
  FILE_NOT_FOUND: 404,
  INVALID_ARGUMENT: 400,
  METHOD_NOT_ALLOWED: 405,
};

const MEDIA_PATH = /^\/([^/]+)$/;

function errorResponse(error: ErrorPayload): Response {
  return new Response(JSON.stringify({ ok: false, error }), {
    status: STATUS[error.code] ?? 500,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/** The document id of `lectern-media://media/<docId>`; undefined for any other URL. */
export function mediaDocId(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.host !== 'media') return undefined;
  const id = MEDIA_PATH.exec(parsed.pathname)?.[1];
  if (id === undefined) return undefined;
  try {
    return decodeURIComponent(id);
  } catch {
    return undefined;
  }
}

/**
 * The answer of the desktop app's media protocol: the same bytes, ranges and errors as `lectern serve`'s media route
 * (a media element seeks by asking for byte ranges; an hour of audio is never read into memory). Written as a fetch
 * `Response` for Electron's `protocol.handle`, without Electron, so it is tested in plain Node.
 */
export function mediaResponse(
  request: { method: string; url: string; headers: { get(name: string): string | null } },
  lookup: Result<MediaSource | null>,
): Response {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return errorResponse({ code: 'METHOD_NOT_ALLOWED', message: `${request.method} is not allowed here.` });
  }
  if (!lookup.ok) return errorResponse(lookup.error);
  const media = lookup.value;
  if (!media) return errorResponse({ code: 'NOT_FOUND', message: 'This document has no recording.' });
  const size = media.bytes;
  const range = parseByteRange(request.headers.get('range') ?? undefined, size);
  const headers: Record<string, string> = {
    'content-type': media.contentType,
    'accept-ranges': 'bytes',
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
  };
  if (range === 'unsatisfiable') {
    return new Response(null, { status: 416, headers: { ...headers, 'content-range': `bytes */${size}` } });
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  headers['content-length'] = String(size === 0 ? 0 : end - start + 1);
  if (range) headers['content-range'] = `bytes ${start}-${end}/${size}`;
  const body =
    request.method === 'HEAD' || size === 0
      ? null
      : (Readable.toWeb(createReadStream(media.path, { start, end })) as ReadableStream<Uint8Array>);
  return new Response(body, { status: range ? 206 : 200, headers });
}
