import type http from 'node:http';

export interface RangeResponseOptions {
  /** Send this many bytes per 10 ms, so a test can cancel mid-way (undefined: all at once). */
  throttle?: number;
  /** Send only this many bytes, then drop the connection as a flaky network would. */
  cutAt?: number;
  /** Bytes handed to the socket so far. */
  onSent?: (bytes: number) => void;
}

/** Answers a GET for `body` as a download server does: `Range: bytes=N-` gets a 206 with the rest of the file. */
export function sendRangeResponse(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: Buffer,
  options: RangeResponseOptions = {},
): void {
  const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const start = match ? Number(match[1]) : 0;
  const slice = body.subarray(start);
  res.writeHead(match ? 206 : 200, {
    'content-length': slice.length,
    'accept-ranges': 'bytes',
    ...(match ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
  });
  if (options.cutAt !== undefined) {
    res.write(slice.subarray(0, options.cutAt), () => setTimeout(() => res.destroy(), 20));
    options.onSent?.(options.cutAt);
    return;
  }
  const step = options.throttle;
  if (step === undefined) {
    options.onSent?.(slice.length);
    res.end(slice);
    return;
  }
  let offset = 0;
  const tick = () => {
    if (res.destroyed) return;
    const chunk = slice.subarray(offset, offset + step);
    offset += chunk.length;
    options.onSent?.(offset);
    if (offset >= slice.length) res.end(chunk);
    else res.write(chunk, () => setTimeout(tick, 10));
  };
  tick();
}
