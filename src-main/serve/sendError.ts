import type http from 'node:http';
import { toErrorPayload, type ErrorCode } from '../../src-shared/errors';

const STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_ARGUMENT: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  FILE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  COLLECTION_NAME_TAKEN: 409,
  FILE_TOO_LARGE: 413,
};

/** The HTTP status that goes with an error code: 500 for `INTERNAL` and for any code without a closer match. */
export function httpStatusOf(code: ErrorCode): number {
  return STATUS[code] ?? 500;
}

/** Answers with an error as every call answers one (`{ ok: false, error }`), mapped by `toErrorPayload`. */
export function sendError(res: http.ServerResponse, error: unknown): void {
  const payload = toErrorPayload(error);
  res.writeHead(httpStatusOf(payload.code), {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify({ ok: false, error: payload }));
}
