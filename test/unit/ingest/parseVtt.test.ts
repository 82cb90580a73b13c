import { describe, expect, it } from 'vitest';
import { parseVtt } from '../../../src-main/engine/ingest/transcript/parseVtt';
import { ctx, expectConsistent, expectLecternError, fixture, input, unitTexts } from './ingestTestKit';

describe('parseVtt', () => {
  it('skips STYLE, REGION and NOTE blocks, reads identifiers, settings, voices, tags and entities', async () => {
    const doc = await parseVtt(fixture('voices.vtt'), ctx());
    expectConsistent(doc);
    expect(unitTexts(doc)).toEqual([
      "Hello & welcome, it's great to be here.",
      // &nbsp; is decoded, then folded into a plain space so search and quoting match.
      'Thank you, Ada.\nGlad to join you <really>.',
      '漢kan plain bold under \u200eend',
    ]);
    expect(doc.units.map((u) => u.anchor)).toEqual([
      { type: 'time', start: 1, end: 4, speaker: 'Ada' },
      { type: 'time', start: 4, end: 7.5, speaker: 'Grace Hopper' },
      { type: 'time', start: 3600, end: 3602 },
    ]);
    expect(doc.meta).toMatchObject({ format: 'vtt', durationSec: 3602, warnings: ['skipped 1 empty cue'] });
  });

  it('treats a payload line containing "-->" as the next cue, as the spec does', async () => {
    const doc = await parseVtt(
      input('WEBVTT\n\n00:00.000 --> 00:02.000\nOne\n00:02.000 --> 00:04.000\nTwo\n', 'x.vtt'),
      ctx(),
    );
    expect(unitTexts(doc)).toEqual(['One', 'Two']);
  });

  it('accepts blank lines before the header and a cue right after it, with warnings', async () => {
    const doc = await parseVtt(input('\n\nWEBVTT\n00:01.000 --> 00:02.000\nHi\n', 'x.vtt'), ctx());
    expect(unitTexts(doc)).toEqual(['Hi']);
    expect(doc.meta.warnings).toEqual([
      'blank lines before the WEBVTT header were ignored',
      'no blank line after the header; line 4 read as a cue',
    ]);
  });

  it('skips cues with bad timings and reports their lines', async () => {
    const doc = await parseVtt(
      input('WEBVTT\n\n00:01.00 --> 00:02.000\nBad\n\n00:03.000 --> 00:04.000\nGood\n', 'x.vtt'),
      ctx(),
    );
    expect(unitTexts(doc)).toEqual(['Good']);
    expect(doc.meta.warnings).toEqual(['skipped 1 cue with invalid timestamps at lines 3']);
  });

  it('throws TRANSCRIPT_MALFORMED without a header or without any valid cue', async () => {
    const noHeader = await expectLecternError(
      parseVtt(input('WEBvtt\n\n00:01.000 --> 00:02.000\nx\n', 'x.vtt'), ctx()),
      'TRANSCRIPT_MALFORMED',
    );
    expect(noHeader.detail).toMatchObject({ line: 1 });
    const badTiming = await expectLecternError(
      parseVtt(input('WEBVTT\n\n00.01.000 --> 00:02.000\nx\n', 'x.vtt'), ctx()),
      'TRANSCRIPT_MALFORMED',
    );
    expect(badTiming.message).toContain('line 3');
  });
});
