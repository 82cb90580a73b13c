import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVtt } from '../../../src-main/engine/ingest/transcript/parseVtt';
import { decodeEntities, stripVttTags, tidyLines } from '../../../src-main/engine/ingest/transcript/cueText';
import { LecternError } from '../../../src-shared/errors';
import { ctx, hasShared, sharedTranscripts, unitTexts } from './ingestTestKit';

const dir = join(sharedTranscripts, 'vttjs');
const available = hasShared && existsSync(join(dir, 'EXPECTED_MAP.json'));
if (!available) console.warn(`[vttjs conformance] skipped: ${dir} is absent (shared data is not in a fresh clone)`);

/**
 * Where Lectern means something different from vtt.js on purpose:
 * - vtt.js keeps cue text raw (tags, entities); Lectern strips markup and decodes entities, so the expected text is
 *   cleaned the same way before comparing (the comparison checks cue splitting, timing and payload lines).
 * - Lectern drops cues whose text is empty (nothing to index or cite); expected cues are filtered the same way, and a
 *   file whose expected cues are all empty must be rejected with TRANSCRIPT_MALFORMED.
 * - Lectern accepts whitespace or blank lines before "WEBVTT" and a cue directly after the header line (with a
 *   warning); vtt.js rejects those files.
 * - `120:00.000`: vtt.js reads a first field over 59 without a third field as hours:minutes; Lectern reads it as
 *   minutes:seconds (what a tool writing long mm:ss.ttt times means), so 7200 s, not 432000 s.
 * - integration/id.vtt: after a block whose only timing line is a bare "-->", vtt.js skips to the next blank line
 *   and loses the valid cue that follows; Lectern, like the spec's block parser, starts a new cue at the next "-->"
 *   line and keeps it.
 */
const LENIENT = new Set([
  'file-layout/newline-before-webvtt.vtt',
  'file-layout/bom-tab-webvtt.vtt',
  'file-layout/tab-after-bom-before-header.vtt',
  'file-layout/header-no-new-line.vtt',
]);

/** Lectern's own expected cues for the fixtures above where the meaning differs. */
const DIFFERENT: Record<string, { start: number; end: number; text: string }[]> = {
  'cue-times/minimum-spots-over-sixty.vtt': [{ start: 7200, end: 7210, text: 'Text' }],
  'integration/id.vtt': [
    { start: 1, end: 2, text: 'This' },
    { start: 2, end: 3, text: 'Is' },
    { start: 3, end: 4, text: 'A' },
    { start: 4, end: 5, text: 'Test' },
    { start: 6, end: 7, text: 'And stuff?' },
  ],
};

interface ExpectedCue {
  startTime: number;
  endTime: number;
  text: string;
}

const clean = (text: string) =>
  tidyLines(text.split('\n').map((line) => decodeEntities(stripVttTags(line)))).join('\n');

const map = available
  ? (
      JSON.parse(readFileSync(join(dir, 'EXPECTED_MAP.json'), 'utf8')) as {
        map: Record<string, { expected_parse_json: string }>;
      }
    ).map
  : {};

describe.skipIf(!available)('WebVTT parser against the vtt.js fixtures', () => {
  it('covers the mapped fixtures', () => {
    expect(Object.keys(map).length).toBeGreaterThanOrEqual(70);
  });

  for (const [vtt, { expected_parse_json: json }] of Object.entries(map)) {
    it(vtt, async () => {
      const bytes = readFileSync(join(dir, vtt));
      const upstream = (JSON.parse(readFileSync(join(dir, json), 'utf8')) as { cues: ExpectedCue[] }).cues
        .map((cue) => ({ start: cue.startTime, end: cue.endTime, text: clean(cue.text) }))
        .filter((cue) => cue.text.length > 0);
      const expected = DIFFERENT[vtt] ?? upstream;
      if (DIFFERENT[vtt]) expect(upstream).not.toEqual(expected);
      let result: Awaited<ReturnType<typeof parseVtt>> | LecternError;
      try {
        result = await parseVtt({ bytes, fileName: vtt }, ctx());
      } catch (error) {
        if (!(error instanceof LecternError)) throw error;
        result = error;
      }
      if (LENIENT.has(vtt)) {
        expect(upstream).toEqual([]);
        expect(result).not.toBeInstanceOf(LecternError);
        return;
      }
      if (expected.length === 0) {
        expect(result).toBeInstanceOf(LecternError);
        expect((result as LecternError).code).toBe('TRANSCRIPT_MALFORMED');
        return;
      }
      if (result instanceof LecternError) throw result;
      const actual = result.units.map((unit, i) => ({
        start: unit.anchor.type === 'time' ? unit.anchor.start : NaN,
        end: unit.anchor.type === 'time' ? unit.anchor.end : NaN,
        text: unitTexts(result)[i],
      }));
      // Lectern sorts by start time; vtt.js keeps file order.
      const byStart = [...expected].sort((a, b) => a.start - b.start);
      expect(actual).toEqual(byStart);
    });
  }
});
