import { describe, expect, it } from 'vitest';
import { parseTimestampedText } from '../../../src-main/engine/ingest/transcript/parseTimestampedText';
import { parseWhisperJson } from '../../../src-main/engine/ingest/transcript/parseWhisperJson';
import { parseYoutubeXml } from '../../../src-main/engine/ingest/transcript/parseYoutubeXml';
import { ctx, expectConsistent, expectLecternError, fixture, input, unitTexts } from './ingestTestKit';

describe('parseWhisperJson', () => {
  it('reads segments with WhisperX speakers and optional words, skipping bad segments', async () => {
    const doc = await parseWhisperJson(fixture('whisperx.json'), ctx());
    expectConsistent(doc);
    expect(unitTexts(doc)).toEqual(['Welcome to the meeting.', 'Thanks for having me.', 'No speaker on this one.']);
    expect(doc.units.map((u) => u.anchor)).toEqual([
      { type: 'time', start: 0.5, end: 2.25, speaker: 'SPEAKER_00' },
      { type: 'time', start: 2.5, end: 4, speaker: 'SPEAKER_01' },
      { type: 'time', start: 5, end: 6.5 },
    ]);
    expect(doc.meta).toMatchObject({ format: 'whisper-json', durationSec: 6.5 });
    expect(doc.meta.warnings).toEqual(['skipped 1 segment without start/end/text (segments 2)']);
  });

  it('throws TRANSCRIPT_MALFORMED for an empty run', async () => {
    await expectLecternError(
      parseWhisperJson(input('{"text": "", "segments": []}', 'w.json'), ctx()),
      'TRANSCRIPT_MALFORMED',
    );
    await expectLecternError(parseWhisperJson(input('{"segments": 3}', 'w.json'), ctx()), 'TRANSCRIPT_MALFORMED');
  });
});

describe('parseYoutubeXml', () => {
  it('reads the classic <transcript><text start dur> format, decoding escaped markup', async () => {
    const xml =
      '<?xml version="1.0" encoding="utf-8" ?><transcript><text start="0" dur="1.5">Hi &amp;amp; welcome</text>' +
      '<text start="1.5" dur="2">this is &lt;i&gt;not&lt;/i&gt; it &amp;#39;s</text><text start="4" dur="1"></text></transcript>';
    const doc = await parseYoutubeXml(input(xml, 'yt.xml'), ctx());
    expect(unitTexts(doc)).toEqual(['Hi & welcome', "this is not it 's"]);
    expect(doc.units.map((u) => u.anchor)).toEqual([
      { type: 'time', start: 0, end: 1.5 },
      { type: 'time', start: 1.5, end: 3.5 },
    ]);
  });

  it('reads format 3 <p t d> in milliseconds with word spans and line breaks', async () => {
    const doc = await parseYoutubeXml(fixture('youtube-format3.xml'), ctx());
    expectConsistent(doc);
    expect(unitTexts(doc)).toEqual(['Hello there', "rock & roll 'n' more", 'two\nlines']);
    expect(doc.units.map((u) => u.anchor)).toEqual([
      { type: 'time', start: 1.2, end: 4.6 },
      { type: 'time', start: 4.6, end: 5.6 },
      { type: 'time', start: 6, end: 8.5 },
    ]);
  });

  it('throws TRANSCRIPT_MALFORMED when there are no timed entries', async () => {
    await expectLecternError(
      parseYoutubeXml(input('<transcript></transcript>', 'yt.xml'), ctx()),
      'TRANSCRIPT_MALFORMED',
    );
  });
});

describe('parseTimestampedText', () => {
  it('reads [hh:mm:ss], (mm:ss) and bare marks with speakers; ends at the next start', async () => {
    const doc = await parseTimestampedText(fixture('timestamped.txt'), ctx());
    expectConsistent(doc);
    expect(unitTexts(doc)).toEqual([
      'Episode 12: Tides\nRecorded on a windy day.',
      'Welcome to the show.',
      'Thanks. Today we talk about tides,\nand why they matter.',
      "Let's start with the moon.",
      'The moon pulls the oceans.',
      'The end.',
    ]);
    expect(doc.units.map((u) => u.anchor)).toEqual([
      { type: 'time', start: 0, end: 5 },
      { type: 'time', start: 5, end: 12, speaker: 'Ada' },
      { type: 'time', start: 12, end: 45, speaker: 'Grace' },
      { type: 'time', start: 45, end: 90, speaker: 'Ada' },
      { type: 'time', start: 90, end: 130, speaker: 'Grace' },
      { type: 'time', start: 130, end: 130 },
    ]);
    expect(doc.meta).toMatchObject({ format: 'timestamped-text', durationSec: 130 });
  });

  it('throws TRANSCRIPT_MALFORMED without any time mark', async () => {
    await expectLecternError(parseTimestampedText(input('no marks here\n'), ctx()), 'TRANSCRIPT_MALFORMED');
  });
});
