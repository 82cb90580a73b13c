import type { AskResult } from '../../../src-shared/domain/answer';
import { LecternError, toErrorPayload } from '../../../src-shared/errors';

/**
 * Settles with `work`, or rejects with CANCELLED as soon as `signal` aborts, whichever comes first: a stopped
 * question ends at once even while the model finishes evaluating a batch (it stops at its next token and frees the
 * sequence for the next question on its own).
 */
export function untilCancelled<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(new LecternError('CANCELLED', 'Cancelled.'));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      work.catch(() => undefined);
      reject(new LecternError('CANCELLED', 'Cancelled.'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** The turn kept for a question that was stopped or failed: what it had generated, and a note saying what happened. */
export function unfinishedResult(partial: string, ratio: number, error: unknown): AskResult {
  const payload = toErrorPayload(error);
  const stopped = payload.code === 'CANCELLED';
  const had = partial.trim() ? '' : ' before any answer';
  return {
    mode: 'generated',
    answer: partial.trim(),
    citations: [],
    passages: [],
    noEvidence: false,
    timings: { prepareMs: 0, ttftMs: 0, decodeTokPerS: 0 },
    promptTokens: 0,
    kvTokens: 0,
    stateBytes: 0,
    ratio,
    outcome: stopped ? 'stopped' : 'failed',
    note: stopped ? `Stopped${had}.` : `Failed${had}: ${payload.message}`,
  };
}
