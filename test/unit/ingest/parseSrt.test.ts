import { describe, expect, it } from 'vitest';
import { parseSrt } from '../../../src-main/engine/ingest/transcript/parseSrt';
import { ctx, expectConsistent, expectLecternError, fixture, input, unitTexts } from './ingestTestKit';

function encodeUtf16(text: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfeff, littleEndian);
  for (let i = 0; i < text.length; i++) view.setUint16(2 + i * 2, text.charCodeAt(i), littleEndian);
  return out;
}

function encodeUtf32le(text: string): Uint8Array {
  const cps = [0xfeff, ...[...text].map((c) => c.codePointAt(0) ?? 0)];
  const out = new Uint8Array(cps.length * 4);
  cps.forEach((cp, i) => new DataView(out.buffer).setUint32(i * 4, cp, true));
  return out;
}

const small = '1\n00:00:01,000 --> 00:00:02,000\nÇa va? “Oui”\n\n2\n00:00:03,000 --> 00:00:04,000\nTrès bien.\n';

describe('parseSrt', () => {
  it('parses CRLF, tags, ASS overrides, "." milliseconds, missing and wrong indexes, missing blank lines', async () => {
    const doc = await parseSrt(fixture('basic.srt'), ctx());
    expectConsistent(doc);
    expect(unitTexts(doc)).toEqual([
      'Welcome back to the show.',
      'Signs at the top\nsecond line',
      '- Are you coming?\n- In a minute.',
      'No blank line before this cue & its index.',
    ]);
    expect(doc.units.map((u) => u.anchor)).toEqual([
      { type: 'time', start: 1, end: 3.5 },
      { type: 'time', start: 4, end: 6.25 },
      { type: 'time', start: 7, end: 9 },
      { type: 'time', start: 10, end: 12 },
    ]);
    expect(doc).toMatchObject({ kind: 'transcript', title: 'basic' });
    expect(doc.meta).toEqual({
      fileName: 'basic.srt',
      sizeBytes: fixture('basic.srt').bytes.byteLength,
      format: 'srt',
      durationSec: 12,
    });
  });

  it.each([
    ['UTF-8 BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(small)])],
    ['UTF-16LE BOM', encodeUtf16(small, true)],
    ['UTF-16BE BOM', encodeUtf16(small, false)],
    ['UTF-32LE BOM', encodeUtf32le(small)],
  ])('reads a file with a %s', async (_name, bytes) => {
    const doc = await parseSrt({ bytes, fileName: 'x.srt' }, ctx());
    expect(unitTexts(doc)).toEqual(['Ça va? “Oui”', 'Très bien.']);
    expect(doc.meta.warnings).toBeUndefined();
  });

  it('reads windows-1252 and says so', async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('1\n00:00:01,000 --> 00:00:02,000\nCaf'),
      0xe9,
      0x20,
      0x93,
      0x6f,
      0x6b,
      0x94,
      0x0a,
    ]);
    const doc = await parseSrt({ bytes, fileName: 'x.srt' }, ctx());
    expect(doc.text).toBe('Café “ok”');
    expect(doc.meta.warnings).toEqual(['not valid UTF-8; decoded as windows-1252']);
  });

  it('takes "Name:" prefixes as speakers when most cues have one', async () => {
    const doc = await parseSrt(fixture('speakers.srt'), ctx());
    expect(unitTexts(doc)).toEqual(['Shall we begin?', "Yes, let's start\nwith the budget.", 'Good.']);
    expect(doc.units.map((u) => (u.anchor.type === 'time' ? u.anchor.speaker : null))).toEqual([
      'ALICE',
      'Bob Smith',
      'ALICE',
    ]);
  });

  it('leaves a lone "Note:" line as text', async () => {
    const text =
      '1\n00:00:01,000 --> 00:00:02,000\nNote: this is text.\n\n2\n00:00:03,000 --> 00:00:04,000\nPlain.\n\n3\n00:00:05,000 --> 00:00:06,000\nMore.\n';
    const doc = await parseSrt(input(text, 'x.srt'), ctx());
    expect(unitTexts(doc)[0]).toBe('Note: this is text.');
    expect(doc.units[0]?.anchor).toEqual({ type: 'time', start: 1, end: 2 });
  });

  it('skips bad cues with a warning that names their lines', async () => {
    const doc = await parseSrt(fixture('partial.srt'), ctx());
    expect(unitTexts(doc)).toEqual(['First good cue.', 'Second good cue.', 'Third good cue.']);
    expect(doc.meta.warnings).toEqual([
      'skipped 2 cues with invalid timestamps at lines 6, 18',
      'ignored 2 lines outside any cue at lines 14, 15',
    ]);
  });

  it('accepts timings without milliseconds and hours', async () => {
    const doc = await parseSrt(
      input('1\n00:00:01 --> 00:00:10\nNo ms.\n\n2\n01:02.5 --> 01:04.250\nNo hours.\n', 'x.srt'),
      ctx(),
    );
    expect(doc.units.map((u) => u.anchor)).toEqual([
      { type: 'time', start: 1, end: 10 },
      { type: 'time', start: 62.5, end: 64.25 },
    ]);
  });

  it('throws TRANSCRIPT_MALFORMED with the first bad line when nothing parses', async () => {
    const error = await expectLecternError(parseSrt(fixture('unreadable.srt'), ctx()), 'TRANSCRIPT_MALFORMED');
    expect(error.message).toContain('line 3');
    expect(error.detail).toMatchObject({ line: 3 });
    const none = await expectLecternError(
      parseSrt(input('just words\nmore words\n', 'x.srt'), ctx()),
      'TRANSCRIPT_MALFORMED',
    );
    expect(none.detail).toMatchObject({ line: 1 });
  });

  it('throws TRANSCRIPT_MALFORMED when every cue is empty', async () => {
    await expectLecternError(
      parseSrt(input('1\n00:00:01,000 --> 00:00:02,000\n<i> </i>\n', 'x.srt'), ctx()),
      'TRANSCRIPT_MALFORMED',
    );
  });

  it('sorts out-of-order cues and fixes cues that end before they start', async () => {
    const text = '1\n00:00:05,000 --> 00:00:06,000\nSecond\n\n2\n00:00:01,000 --> 00:00:00,500\nFirst\n';
    const doc = await parseSrt(input(text, 'x.srt'), ctx());
    expect(unitTexts(doc)).toEqual(['First', 'Second']);
    expect(doc.units[0]?.anchor).toEqual({ type: 'time', start: 1, end: 1 });
    expect(doc.meta.warnings).toEqual([
      '1 cue ended before starting; end set to start',
      'cues were out of order and were sorted by start time',
    ]);
  });

  it('stops with CANCELLED when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expectLecternError(parseSrt(fixture('basic.srt'), ctx(controller.signal)), 'CANCELLED');
  });
});
