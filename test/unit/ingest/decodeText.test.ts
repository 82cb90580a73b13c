import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../src-main/engine/ingest/decodeText';

const sample = 'Zoë says “hi” 😀\n';

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfeff, littleEndian);
  for (let i = 0; i < text.length; i++) view.setUint16(2 + i * 2, text.charCodeAt(i), littleEndian);
  return out;
}

function utf32(text: string, littleEndian: boolean): Uint8Array {
  const cps = [0xfeff, ...[...text].map((c) => c.codePointAt(0) ?? 0)];
  const out = new Uint8Array(cps.length * 4);
  const view = new DataView(out.buffer);
  cps.forEach((cp, i) => view.setUint32(i * 4, cp, littleEndian));
  return out;
}

describe('decodeText', () => {
  it('decodes plain UTF-8 without a BOM', () => {
    expect(decodeText(new TextEncoder().encode(sample))).toEqual({ text: sample, encoding: 'utf-8', bom: false });
  });

  it('strips a UTF-8 BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(sample)]);
    expect(decodeText(bytes)).toEqual({ text: sample, encoding: 'utf-8', bom: true });
  });

  it.each([
    ['utf-16le', utf16(sample, true)],
    ['utf-16be', utf16(sample, false)],
    ['utf-32le', utf32(sample, true)],
    ['utf-32be', utf32(sample, false)],
  ] as const)('decodes %s by its BOM', (encoding, bytes) => {
    expect(decodeText(bytes)).toEqual({ text: sample, encoding, bom: true });
  });

  it('falls back to windows-1252 when the bytes are not UTF-8', () => {
    // "café – 20€" in windows-1252: é = E9, en dash = 96, euro = 80.
    const bytes = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x96, 0x20, 0x32, 0x30, 0x80]);
    expect(decodeText(bytes)).toEqual({ text: 'café – 20€', encoding: 'windows-1252', bom: false });
  });

  it('marks a truncated UTF-32 unit instead of throwing', () => {
    const bytes = new Uint8Array([...utf32('ab', true), 0x41]);
    expect(decodeText(bytes).text).toBe('ab\ufffd');
  });
});
