import { LecternError } from '../../../../src-shared/errors';
import { throwIfCancelled, type StageContext } from '../../jobs/JobRunner';
import { runCooperatively, runSync, YIELD_MASK, type Steps } from '../cooperative';
import { decodeTextNoting } from '../decodeText';
import type { ParsedDocument, ParseInput } from '../types';
import { describeLines, plural, splitLines, transcriptSteps, type Cue } from './buildTranscript';
import { decodeEntities, splitSpeakerPrefix, stripHtmlLikeTags, tidyLines } from './cueText';

// Lenient on purpose: hours optional, `,` or `.` before 1-3 fraction digits, fraction optional (seen in the wild).
const SRT_TIME = String.raw`(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[,.](\d{1,3}))?`;
const SRT_TIMING = new RegExp(String.raw`^\s*${SRT_TIME}\s*-->\s*${SRT_TIME}(?:\s.*)?$`);

function seconds(h: string | undefined, m: string | undefined, s: string | undefined, frac: string | undefined) {
  const minutes = Number(m);
  const secs = Number(s);
  if (minutes > 59 || secs > 59) return undefined;
  return Number(h ?? 0) * 3600 + minutes * 60 + secs + (frac ? Number(`0.${frac}`) : 0);
}

/** Parses one SRT timing line; undefined when it is not one (or its numbers are out of range). */
export function parseSrtTiming(line: string): { start: number; end: number } | undefined {
  const m = SRT_TIMING.exec(line);
  if (!m) return undefined;
  const start = seconds(m[1], m[2], m[3], m[4]);
  const end = seconds(m[5], m[6], m[7], m[8]);
  return start === undefined || end === undefined ? undefined : { start, end };
}

const isIndexLine = (line: string) => /^\s*\d+\s*$/.test(line);

interface RawCue {
  start: number;
  end: number;
  lines: string[];
}

/**
 * SRT text to cues. Works line by line rather than block by block so that missing blank lines, missing or wrong
 * indexes and stray text do not lose the cues around them: a cue is a timing line plus the text lines up to the next
 * blank line or the next timing line (an index line right before a timing line belongs to that timing line).
 */
export function parseSrtText(text: string, warnings: string[]): Cue[] {
  return runSync(srtCues(text, warnings));
}

/** `parseSrtText` as steps that yield every few thousand lines (see `cooperative.ts`). */
export function* srtCues(text: string, warnings: string[]): Steps<Cue[]> {
  const lines = splitLines(text);
  const raw: RawCue[] = [];
  const badTimings: number[] = [];
  const strayLines: number[] = [];
  let current: RawCue | undefined;
  let skipping = false; // inside the text of a cue whose timing line was bad

  for (let i = 0; i < lines.length; i++) {
    if ((i & YIELD_MASK) === 0) yield;
    const line = (lines[i] ?? '').replace(/^\uFEFF/, '');
    if (line.trim() === '') {
      current = undefined;
      skipping = false;
      continue;
    }
    const next = lines[i + 1] ?? '';
    if (isIndexLine(line) && next.includes('-->')) continue;
    if (line.includes('-->')) {
      const timing = parseSrtTiming(line);
      if (timing) {
        current = { ...timing, lines: [] };
        raw.push(current);
        skipping = false;
      } else {
        badTimings.push(i + 1);
        current = undefined;
        skipping = true;
      }
      continue;
    }
    if (current) current.lines.push(line);
    else if (!skipping && !isIndexLine(line)) strayLines.push(i + 1);
  }

  if (raw.length === 0) {
    const first = badTimings[0] ?? strayLines[0] ?? 1;
    const why = badTimings.length > 0 ? 'invalid cue timing' : 'no cue timing ("00:00:01,000 --> 00:00:02,000")';
    throw new LecternError('TRANSCRIPT_MALFORMED', `Not a readable SRT file: ${why} at line ${first}.`, {
      line: first,
      badTimingLines: badTimings.slice(0, 50),
    });
  }
  if (badTimings.length > 0) {
    warnings.push(
      `skipped ${plural(badTimings.length, 'cue')} with invalid timestamps at lines ${describeLines(badTimings)}`,
    );
  }
  if (strayLines.length > 0) {
    warnings.push(`ignored ${plural(strayLines.length, 'line')} outside any cue at lines ${describeLines(strayLines)}`);
  }

  const cues: Cue[] = [];
  for (const [i, cue] of raw.entries()) {
    if ((i & YIELD_MASK) === 0) yield;
    cues.push({
      start: cue.start,
      end: cue.end,
      text: tidyLines(cue.lines.map((l) => decodeEntities(stripHtmlLikeTags(l)))).join('\n'),
    });
  }
  assignSpeakers(cues);
  return cues;
}

/**
 * `Name: text` is taken as a speaker only when most cues are written that way: one film line such as
 * "Warning: ..." must not become a speaker. Dialogue dashes ("- Yes.\n- No.") mark a change of speaker without
 * naming anyone, so they stay in the text.
 */
function assignSpeakers(cues: Cue[]): void {
  const labelled = cues.filter((cue) => splitSpeakerPrefix(cue.text) !== undefined).length;
  if (labelled < 2 || labelled < cues.length * 0.5) return;
  for (const cue of cues) {
    const split = splitSpeakerPrefix(cue.text);
    if (split) {
      cue.speaker = split.speaker;
      cue.text = split.text;
    }
  }
}

export async function parseSrt(input: ParseInput, ctx: StageContext): Promise<ParsedDocument> {
  await Promise.resolve();
  throwIfCancelled(ctx.signal);
  const warnings: string[] = [];
  const cues = await runCooperatively(srtCues(decodeTextNoting(input.bytes, warnings), warnings), ctx.signal);
  throwIfCancelled(ctx.signal);
  return runCooperatively(transcriptSteps({ input, format: 'srt', cues, warnings }), ctx.signal);
}
