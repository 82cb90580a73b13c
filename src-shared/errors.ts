/**
 * Error codes that cross process boundaries. The renderer and the CLI branch on `code`, never on message text.
 * Expected outcomes (a bad file, a missing model, a cancelled job) have their own code; `INTERNAL` means a bug.
 */
export const ERROR_CODES = [
  // generic
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'CANCELLED',
  'INTERNAL',
  'UNAUTHORIZED',
  'NOT_IMPLEMENTED',
  'ENGINE_CRASHED',
  // files and import
  'FILE_NOT_FOUND',
  'FILE_TOO_LARGE',
  'UNSUPPORTED_FORMAT',
  'PDF_ENCRYPTED',
  'PDF_PASSWORD_WRONG',
  'PDF_CORRUPT',
  'PDF_NO_TEXT',
  'TRANSCRIPT_MALFORMED',
  // models
  'MODEL_NOT_FOUND',
  'MODEL_INCOMPATIBLE',
  'NO_MODEL_LOADED',
  'INSUFFICIENT_MEMORY',
  'CONTEXT_TOO_SMALL',
  'NETWORK_UNAVAILABLE',
  'DOWNLOAD_FAILED',
  'CHECKSUM_MISMATCH',
  'ONNX_MODEL_INVALID',
  'TOKENIZER_MISSING',
  // an OpenAI-compatible server (llama.cpp server, vLLM, Ollama, LM Studio); the message carries the server's own
  'SERVER_NOT_CONFIGURED',
  'SERVER_UNREACHABLE',
  'SERVER_UNAUTHORIZED',
  'SERVER_MODEL_NOT_FOUND',
  'SERVER_CONTEXT_EXCEEDED',
  'SERVER_RATE_LIMITED',
  /** The server answered with another error, or with a body that does not follow the protocol. */
  'SERVER_FAILED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  detail?: unknown;
}

/** An error with a contract code. Throw it anywhere in the engine; the boundary turns it into an `ErrorPayload`. */
export class LecternError extends Error {
  override readonly name = 'LecternError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'name' in error &&
    (error.name === 'AbortError' || (error.name === 'LecternError' && 'code' in error && error.code === 'CANCELLED'))
  );
}

/**
 * Maps anything thrown to the payload that crosses the boundary. Cancellation is an outcome (`CANCELLED`), not a
 * failure; anything that is not a `LecternError` is a bug and becomes `INTERNAL` with the original message kept.
 */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof LecternError) {
    return error.detail === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, detail: error.detail };
  }
  if (isAbortError(error)) return { code: 'CANCELLED', message: 'Cancelled.' };
  if (typeof error === 'object' && error !== null && 'code' in error && isErrorCode(error.code)) {
    const message = 'message' in error && typeof error.message === 'string' ? error.message : error.code;
    return { code: error.code, message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Internal error: ${message}` };
}

/** Rebuilds a throwable error from a payload (used by clients that prefer exceptions, such as the CLI). */
export function fromErrorPayload(payload: ErrorPayload): LecternError {
  return new LecternError(payload.code, payload.message, payload.detail);
}
