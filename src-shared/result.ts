import type { ErrorPayload } from './errors';

/** What every contract call returns: a value, or an error that the caller branches on by `code`. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };
