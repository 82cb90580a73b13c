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
  /** An HTTP method that the `lectern serve` route does not answer. */
  'METHOD_NOT_ALLOWED',
  'ENGINE_CRASHED',
  // the machine: disk, library file, ports
  'DISK_FULL',
  'LIBRARY_BUSY',
  'LIBRARY_READ_ONLY',
  'PORT_IN_USE',
  'CACHE_WRITE_FAILED',
  // collections
  /** Another collection already has this name (names are unique, ignoring case). */
  'COLLECTION_NAME_TAKEN',
  // files and import
  'FILE_NOT_FOUND',
  /** A file id (`file:<uuid>`) this engine never granted: the renderer must name files by the id a dialog, drop or upload gave it. */
  'FILE_NOT_GRANTED',
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
  /** The system offers no protected storage (keychain) for the server's API key: it is kept in memory only. */
  'KEY_STORAGE_UNAVAILABLE',
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
 * Failures of the machine rather than of Lectern, recognised by the code Node or SQLite puts on the error: each is
 * an expected outcome with something the user can do about it, never `INTERNAL`.
 */
const SYSTEM_FAILURES: readonly { match: RegExp; code: ErrorCode; message: string }[] = [
  {
    match: /^(?:ENOSPC|EDQUOT|SQLITE_FULL)$/,
    code: 'DISK_FULL',
    message: 'The disk is full. Free some space on the drive that holds the library, then try again.',
  },
  {
    match: /^(?:SQLITE_BUSY|SQLITE_LOCKED)/,
    code: 'LIBRARY_BUSY',
    message:
      'Another Lectern process has been writing to the library for a long time. Wait for its import to finish, then try again.',
  },
  {
    match: /^(?:SQLITE_READONLY|EROFS)/,
    code: 'LIBRARY_READ_ONLY',
    message:
      'The library is read-only (its folder or file cannot be written). Documents can be read; to import or change them, make the library folder writable or choose another one.',
  },
  {
    match: /^EADDRINUSE$/,
    code: 'PORT_IN_USE',
    message: 'That port is already in use by another program. Choose another port (--port) or stop the other program.',
  },
];

/** The expected code and what-to-do message for a machine failure (disk full, busy or read-only library...). */
export function systemFailure(error: unknown): ErrorPayload | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error) || typeof error.code !== 'string') {
    return undefined;
  }
  const code = error.code;
  const known = SYSTEM_FAILURES.find((f) => f.match.test(code));
  if (known === undefined) return undefined;
  const original = 'message' in error && typeof error.message === 'string' ? error.message : code;
  return { code: known.code, message: `${known.message} (${original})` };
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
  const system = systemFailure(error);
  if (system !== undefined) return system;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Internal error: ${message}` };
}

/** Rebuilds a throwable error from a payload (used by clients that prefer exceptions, such as the CLI). */
export function fromErrorPayload(payload: ErrorPayload): LecternError {
  return new LecternError(payload.code, payload.message, payload.detail);
}
