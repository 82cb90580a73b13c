export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** True when a byte-order mark decided the encoding (it is not part of `text`). */
  bom: boolean;
  /** Lines of a UTF-8 file that held bytes that are not UTF-8 (each such byte became U+FFFD). */
  badLines?: number;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);
}

/**
 * TextDecoder has no UTF-32 (the WHATWG Encoding standard dropped it), so it is decoded by hand. Invalid code points
 * and a trailing partial unit become U+FFFD, as TextDecoder does for the other encodings.
 */
function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const whole = bytes.byteLength - (bytes.byteLength % 4);
  const parts: string[] = [];
  // Chunked so a large file does not build one huge argument list or millions of tiny strings.
  const chunk: number[] = [];
  for (let offset = 0; offset < whole; offset += 4) {
    const cp = view.getUint32(offset, littleEndian);
    chunk.push(cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp);
    if (chunk.length === 8192) {
      parts.push(String.fromCodePoint(...chunk));
      chunk.length = 0;
    }
  }
  if (whole < bytes.byteLength) chunk.push(0xfffd);
  if (chunk.length > 0) parts.push(String.fromCodePoint(...chunk));
  return parts.join('');
}

// windows-1252 bytes 0x80-0x9F (the rest of the code page equals Latin-1). Node builds without full ICU decode
// 'windows-1252' as plain Latin-1 and turn these into C1 control characters, so they are mapped here; the five bytes
// the code page leaves undefined keep their C1 value, as the WHATWG decoder does.
const CP1252_HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8DŽ\x8F\x90‘’“”•–—˜™š›œ\x9DžŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = new TextDecoder('latin1').decode(bytes);
  return latin1.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

/**
 * Bytes to string: a BOM decides (UTF-32 is checked before UTF-16 because FF FE 00 00 starts with the UTF-16LE BOM),
 * otherwise strict UTF-8, otherwise windows-1252, the usual encoding of old Western subtitle files. windows-1252
 * cannot fail, so this always returns text; deciding whether the text makes sense is the caller's job.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    return { text: decodeUtf32(bytes.subarray(4), false), encoding: 'utf-32be', bom: true };
  }
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00])) {
    return { text: decodeUtf32(bytes.subarray(4), true), encoding: 'utf-32le', bom: true };
  }
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    return {
      text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3)),
      encoding: 'utf-8',
      bom: true,
    };
  }
  if (startsWith(bytes, [0xff, 0xfe])) {
    return {
      text: new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes.subarray(2)),
      encoding: 'utf-16le',
      bom: true,
    };
  }
  if (startsWith(bytes, [0xfe, 0xff])) {
    return {
      text: new TextDecoder('utf-16be', { ignoreBOM: true }).decode(bytes.subarray(2)),
      encoding: 'utf-16be',
      bom: true,
    };
  }
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes),
      encoding: 'utf-8',
      bom: false,
    };
  } catch {
    const { valid, invalid } = countNonAsciiLines(bytes);
    // One stray byte in a UTF-8 file must not turn every "é" and "文" of it into mojibake: when most lines with
    // non-ASCII bytes are valid UTF-8, the file is UTF-8 and only the bad bytes are replaced.
    if (valid > invalid) {
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      return { text, encoding: 'utf-8', bom: false, badLines: invalid };
    }
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252', bom: false };
  }
}

/** Lines (split at LF) holding bytes >= 0x80, counted as valid or invalid UTF-8. */
function countNonAsciiLines(bytes: Uint8Array): { valid: number; invalid: number } {
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let valid = 0;
  let invalid = 0;
  let start = 0;
  let high = false;
  for (let i = 0; i <= bytes.length; i++) {
    const b = i < bytes.length ? bytes[i]! : 0x0a;
    if (b >= 0x80) high = true;
    else if (b === 0x0a) {
      if (high) {
        try {
          strict.decode(bytes.subarray(start, i));
          valid++;
        } catch {
          invalid++;
        }
      }
      start = i + 1;
      high = false;
    }
  }
  return { valid, invalid };
}

/** `decodeText` for parsers: returns the text and notes a windows-1252 fallback in the document's warnings. */
export function decodeTextNoting(bytes: Uint8Array, warnings: string[]): string {
  const decoded = decodeText(bytes);
  if (decoded.encoding === 'windows-1252') warnings.push('not valid UTF-8; decoded as windows-1252');
  if (decoded.badLines) warnings.push(`${decoded.badLines} line(s) held bytes that are not UTF-8 (shown as �)`);
  return decoded.text;
}
