/** One server-sent event: its `event:` name (default `message`) and its `data:` lines joined by newlines. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Reads a `text/event-stream` body as the WHATWG HTML spec defines it: events end at a blank line; `data:` lines
 * join with `\n`; one space after the colon is dropped; `:` lines are comments (llama.cpp and proxies send them as
 * keep-alives); CRLF, LF and CR all end a line. One addition: an `error:` line is read as an `error` event's data. Chunks may split a line or a UTF-8 character anywhere.
 */
export async function* parseSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  let event = '';
  const line = (text: string): SseEvent | undefined => {
    if (text === '') {
      const done = data.length > 0 ? { event: event || 'message', data: data.join('\n') } : undefined;
      data = [];
      event = '';
      return done;
    }
    if (text.startsWith(':')) return undefined;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    // Not an SSE field: llama.cpp's server writes an error met mid-stream as an `error: {...}` line.
    else if (field === 'error') {
      data.push(value);
      event = 'error';
    }
    return undefined;
  };
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    for (;;) {
      const end = buffer.search(/\r\n|\r|\n/);
      // A lone CR at the end of a chunk may be the first half of CRLF: wait for the next chunk.
      if (end < 0 || (end === buffer.length - 1 && buffer[end] === '\r')) break;
      const text = buffer.slice(0, end);
      buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
      const done = line(text);
      if (done) yield done;
    }
  }
  buffer += decoder.decode();
  for (const text of buffer.split(/\r\n|\r|\n/)) {
    const done = line(text);
    if (done) yield done;
  }
  // A stream that ends without the final blank line still delivers its last event.
  const last = line('');
  if (last) yield last;
}

/**
 * A fetch body as chunks, read through its reader: the DOM typings the renderer-side tests compile with do not make
 * a ReadableStream async-iterable, and the reader works in Node and browsers alike.
 */
export async function* streamChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
