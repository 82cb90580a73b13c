import { LecternError, type ErrorCode } from '../../../src-shared/errors';

/** The error fields servers send, in the shapes the OpenAI API, llama.cpp, vLLM (old and new) and Ollama use. */
export interface ServerErrorBody {
  message: string;
  type?: string;
  code?: string | number;
  /** llama.cpp's `exceed_context_size_error` tells the prompt's real size and its context. */
  promptTokens?: number;
  contextLength?: number;
}

/**
 * Reads an error body: `{"error":{"message",...}}` (OpenAI, llama.cpp, vLLM ≥ 0.9, Ollama's /v1),
 * `{"object":"error","message",...}` (older vLLM), `{"error":"..."}` (Ollama's native API, vLLM's 401),
 * `{"code","message","type"}` (llama.cpp mid-stream), or plain text.
 */
export function readErrorBody(text: string): ServerErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { message: text.trim().slice(0, 500) };
  }
  const record = (v: unknown): Record<string, unknown> | undefined =>
    typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  const top = record(json);
  // llama.cpp's mid-stream `error:` line carries the error object itself, unwrapped.
  const inner = record(top?.error) ?? (top?.object === 'error' || typeof top?.message === 'string' ? top : undefined);
  if (inner) {
    const body: ServerErrorBody = { message: typeof inner.message === 'string' ? inner.message : '' };
    if (typeof inner.type === 'string') body.type = inner.type;
    if (typeof inner.code === 'string' || typeof inner.code === 'number') body.code = inner.code;
    if (typeof inner.n_prompt_tokens === 'number') body.promptTokens = inner.n_prompt_tokens;
    if (typeof inner.n_ctx === 'number') body.contextLength = inner.n_ctx;
    return body;
  }
  if (typeof top?.error === 'string') return { message: top.error };
  if (typeof top?.detail === 'string') return { message: top.detail };
  return { message: text.trim().slice(0, 500) };
}

const CONTEXT = /context (length|size|window)|maximum context|too many tokens|exceeds? the (available|max)/i;
const MODEL = /model/i;

/** The code for a server's error answer, from the HTTP status and the body's type and code where they tell more. */
export function codeFor(status: number, body: ServerErrorBody): ErrorCode {
  const kind = `${body.type ?? ''} ${body.code ?? ''}`;
  if (/exceed_context_size|context_length_exceeded/i.test(kind)) return 'SERVER_CONTEXT_EXCEEDED';
  if (status === 401 || status === 403 || /authentication|invalid_api_key/i.test(kind)) return 'SERVER_UNAUTHORIZED';
  if (status === 429 || /rate_limit/i.test(kind)) return 'SERVER_RATE_LIMITED';
  if (status === 404 && (MODEL.test(body.message) || /model_not_found|NotFound/i.test(kind)))
    return 'SERVER_MODEL_NOT_FOUND';
  if ((status === 400 || status === 413 || status === 422) && CONTEXT.test(body.message))
    return 'SERVER_CONTEXT_EXCEEDED';
  return 'SERVER_FAILED';
}

const ADVICE: Record<string, string> = {
  SERVER_UNAUTHORIZED: 'The server refused the API key.',
  SERVER_MODEL_NOT_FOUND: 'The server does not have that model.',
  SERVER_CONTEXT_EXCEEDED: 'The question and its document do not fit the server’s context: raise the ratio.',
  SERVER_RATE_LIMITED: 'The server is limiting requests; try again shortly.',
  SERVER_FAILED: 'The server failed.',
};

/** Replaces the API key wherever a server echoes it back (some quote the key they refused). */
export function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('[key]') : text;
}

/** A `LecternError` for a server's error answer, carrying the server's own message (never the key). */
export function serverError(status: number, text: string, secret?: string, retryAfter?: string | null): LecternError {
  const body = readErrorBody(redact(text, secret));
  const code = codeFor(status, body);
  const said = body.message ? ` The server said: ${body.message}` : '';
  const retry = code === 'SERVER_RATE_LIMITED' && retryAfter ? ` (retry after ${retryAfter} s)` : '';
  return new LecternError(code, `${ADVICE[code] ?? ''}${said}${retry} (HTTP ${status})`, {
    status,
    ...(body.type ? { type: body.type } : {}),
    ...(body.code !== undefined ? { serverCode: body.code } : {}),
    ...(body.promptTokens !== undefined ? { promptTokens: body.promptTokens } : {}),
    ...(body.contextLength !== undefined ? { contextLength: body.contextLength } : {}),
  });
}

/** A failed `fetch` (nothing answered): refused, unknown host, reset, TLS, timeout. Abort is a cancellation. */
export function transportError(error: unknown, url: string, signal?: AbortSignal): LecternError {
  if (signal?.aborted) return new LecternError('CANCELLED', 'Cancelled.');
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const detail = cause instanceof Error ? `${cause.message}${'code' in cause ? ` (${String(cause.code)})` : ''}` : '';
  return new LecternError(
    'SERVER_UNREACHABLE',
    `No answer from ${new URL(url).origin}${detail ? `: ${detail}` : ''}. Is the server running, and is the URL right?`,
  );
}
