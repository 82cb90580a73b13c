import { describe, expect, it } from 'vitest';
import { parseSse } from '../../../src-main/engine/remote/parseSse';

async function events(parts: string[]) {
  const body = (async function* () {
    for (const part of parts) {
      await Promise.resolve();
      yield new TextEncoder().encode(part);
    }
  })();
  const out = [];
  for await (const event of parseSse(body)) out.push(event);
  return out;
}

describe('parseSse', () => {
  it('joins data lines, skips comments, honours event names and every line ending, split anywhere', async () => {
    const stream = ': keep-alive\r\ndata: a\r\ndata:b\r\n\r\nevent: ping\rdata: {"x":1}\r\rdata: é\n\ndata: last';
    const whole = await events([stream]);
    expect(whole).toEqual([
      { event: 'message', data: 'a\nb' },
      { event: 'ping', data: '{"x":1}' },
      { event: 'message', data: 'é' },
      { event: 'message', data: 'last' },
    ]);
    // Byte by byte (a CRLF and the two bytes of é split across chunks): the same events.
    const bytes = [...new TextEncoder().encode(stream)].map((b) => String.fromCharCode(b));
    const body = (async function* () {
      for (const b of bytes) {
        await Promise.resolve();
        yield new Uint8Array([b.charCodeAt(0)]);
      }
    })();
    const split = [];
    for await (const event of parseSse(body)) split.push(event);
    expect(split).toEqual(whole);
  });

  it('reads llama.cpp’s `error:` line as an error event', async () => {
    expect(await events(['error: {"code":500}\n\n'])).toEqual([{ event: 'error', data: '{"code":500}' }]);
  });
});
