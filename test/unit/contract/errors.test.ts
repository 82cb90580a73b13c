import { describe, expect, it } from 'vitest';
import { LecternError, fromErrorPayload, toErrorPayload } from '../../../src-shared/errors';

describe('toErrorPayload', () => {
  it('keeps the code, message and detail of a LecternError', () => {
    expect(toErrorPayload(new LecternError('PDF_ENCRYPTED', 'Needs a password.', { page: 1 }))).toEqual({
      code: 'PDF_ENCRYPTED',
      message: 'Needs a password.',
      detail: { page: 1 },
    });
  });

  it('treats an AbortError as a cancellation, not a failure', () => {
    const abort = new DOMException('The operation was aborted.', 'AbortError');
    expect(toErrorPayload(abort).code).toBe('CANCELLED');
  });

  it('turns anything else into INTERNAL and keeps the original message', () => {
    const payload = toErrorPayload(new TypeError('x is undefined'));
    expect(payload.code).toBe('INTERNAL');
    expect(payload.message).toContain('x is undefined');
    expect(toErrorPayload('a string').code).toBe('INTERNAL');
  });

  it('recognises a foreign error that carries a known code', () => {
    expect(toErrorPayload({ code: 'MODEL_NOT_FOUND', message: 'gone' })).toEqual({
      code: 'MODEL_NOT_FOUND',
      message: 'gone',
    });
    expect(toErrorPayload({ code: 'ENOENT', message: 'gone' }).code).toBe('INTERNAL');
  });

  it('round-trips through fromErrorPayload', () => {
    const back = fromErrorPayload({ code: 'CONTEXT_TOO_SMALL', message: 'too small', detail: 42 });
    expect(back).toBeInstanceOf(LecternError);
    expect(toErrorPayload(back)).toEqual({ code: 'CONTEXT_TOO_SMALL', message: 'too small', detail: 42 });
  });
});
