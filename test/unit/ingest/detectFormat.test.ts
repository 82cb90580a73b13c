import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src-main/engine/ingest/detectFormat';
import { expectLecternError, fixture } from './ingestTestKit';
import { makeDocx } from './makeDocx';

const enc = (text: string) => new TextEncoder().encode(text);

describe('detectFormat', () => {
  it.each([
    ['basic.srt', 'srt'],
    ['partial.srt', 'srt'],
    ['voices.vtt', 'vtt'],
    ['whisperx.json', 'whisper-json'],
    ['youtube-format3.xml', 'youtube-xml'],
    ['timestamped.txt', 'timestamped-text'],
    ['notes.md', 'markdown'],
  ])('detects %s as %s', (name, format) => {
    expect(detectFormat(fixture(name).bytes, name)).toBe(format);
  });

  it('decides by content, not by the extension', () => {
    expect(detectFormat(fixture('basic.srt').bytes, 'subtitles.txt')).toBe('srt');
    expect(detectFormat(fixture('voices.vtt').bytes, 'captions.srt')).toBe('vtt');
    expect(detectFormat(enc('<transcript><text start="1" dur="2">hi</text></transcript>'), 'x.txt')).toBe(
      'youtube-xml',
    );
  });

  it('uses the extension only as a tie-breaker', () => {
    const prose = enc('Just a note.\n\nAnother paragraph.\n');
    expect(detectFormat(prose, 'a.txt')).toBe('text');
    expect(detectFormat(prose, 'a.md')).toBe('markdown');
    // A broken subtitle file goes to its parser, which can say which line is wrong.
    expect(detectFormat(prose, 'a.srt')).toBe('srt');
  });

  it('detects PDF and DOCX by magic bytes', () => {
    expect(detectFormat(enc('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'x.bin')).toBe('pdf');
    expect(detectFormat(enc('\n\n%PDF-1.4 after some junk'), 'x')).toBe('pdf');
    expect(detectFormat(makeDocx('<w:p><w:r><w:t>Hi</w:t></w:r></w:p>'), 'x.zip')).toBe('docx');
  });

  it('detects a WEBVTT header, timestamped lines and Markdown headings', () => {
    expect(detectFormat(enc('WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n'))).toBe('vtt');
    expect(detectFormat(enc('00:00:01 Ann: hi\n00:00:05 Bob: hello\n'))).toBe('timestamped-text');
    expect(detectFormat(enc('# Title\n\nBody text with a [link](http://x.y).\n'))).toBe('markdown');
    expect(detectFormat(enc('Plain words.\nMore plain words at 10:30 today.\n'))).toBe('text');
  });

  it.each([
    [
      'a PNG image',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
    ],
    ['a JPEG image', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46])],
    ['an ELF executable', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0])],
    ['a ZIP archive', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 0, 0, ...enc('notes/readme.txt')])],
  ])('rejects %s with UNSUPPORTED_FORMAT naming it', async (looksLike, bytes) => {
    const error = await expectLecternError(() => detectFormat(bytes, 'file.srt'), 'UNSUPPORTED_FORMAT');
    expect(error.message).toContain(looksLike);
  });

  it('rejects random bytes as binary data', async () => {
    let seed = 42;
    const bytes = Uint8Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff);
    const error = await expectLecternError(() => detectFormat(bytes, 'noise.txt'), 'UNSUPPORTED_FORMAT');
    expect(error.message).toContain('binary');
  });

  it('rejects JSON that is not a Whisper transcript, and empty files', async () => {
    const json = await expectLecternError(
      () => detectFormat(enc('{"name":"lectern","version":"1.0.0"}'), 'p.json'),
      'UNSUPPORTED_FORMAT',
    );
    expect(json.message).toContain('JSON');
    await expectLecternError(() => detectFormat(enc('{"segments": [1, 2]}'), 'x.json'), 'UNSUPPORTED_FORMAT');
    await expectLecternError(() => detectFormat(enc('{ broken'), 'x.json'), 'UNSUPPORTED_FORMAT');
    await expectLecternError(() => detectFormat(enc(' \n\t\n'), 'x.txt'), 'UNSUPPORTED_FORMAT');
    await expectLecternError(() => detectFormat(enc('<html><body>hi</body></html>'), 'x.html'), 'UNSUPPORTED_FORMAT');
  });

  it('keeps text that merely starts with a printable signature ("MZ", "ID3")', () => {
    expect(detectFormat(enc('MZ is the IATA code we talked about.\n'), 'a.txt')).toBe('text');
    expect(detectFormat(enc('ID3 tags store song titles.\n'), 'a.txt')).toBe('text');
  });
});
