import { LecternError } from '../../../../src-shared/errors';
import { throwIfCancelled, type StageContext } from '../../jobs/JobRunner';
import { runCooperatively, runSync, YIELD_MASK, type Steps } from '../cooperative';
import { decodeTextNoting } from '../decodeText';
import type { ParsedDocument, ParseInput } from '../types';
import { describeLines, plural, splitLines, transcriptSteps, type Cue } from './buildTranscript';
import { decodeEntities, stripVttTags, tidyLines, vttVoice } from './cueText';

// The same timestamp grammar as vtt.js (the reference parser whose fixtures the tests use): the first field any
// number of digits, exactly three fraction digits after a `.`.
const VTT_TIME = String.raw`(\d+):(\d{1,2})(?::(\d{1,2}))?\.(\d{3})`;
const VTT_TIMING = new RegExp(String.raw`^\s*${VTT_TIME}\s*-->\s*${VTT_TIME}`);

function seconds(a: string | undefined, b: string | undefined, c: string | undefined, ms: string | undefined): number {
  // With two fields they are minutes and seconds; with three, hours, minutes and seconds.
  const [h, m, s] = c === undefined ? [0, Number(a), Number(b)] : [Number(a), Number(b), Number(c)];
  return h * 3600 + m * 60 + s + Number(ms) / 1000;
}

/** Parses a WebVTT timing line (cue settings after it are ignored); undefined when it is not valid. */
export function parseVttTiming(line: string): { start: number; end: number } | undefined {
  const m = VTT_TIMING.exec(line);
  return m ? { start: seconds(m[1], m[2], m[3], m[4]), end: seconds(m[5], m[6], m[7], m[8]) } : undefined;
}

const HEADER = /^WEBVTT(?:[ \t]|$)/;
const isBlockKeyword = (line: string, word: string) =>
  line === word || line.startsWith(`${word} `) || line.startsWith(`${word}\t`);

/** Cleans one cue's payload: the voice becomes the speaker, other markup goes, entities are decoded. */
export function vttCueText(payload: readonly string[]): { text: string; speaker?: string } {
  const joined = payload.join('\n');
  const speaker = vttVoice(joined);
  const text = tidyLines(payload.map((line) => decodeEntities(stripVttTags(line)))).join('\n');
  return speaker ? { text, speaker } : { text };
}

/**
 * WebVTT text to cues, following the spec's block structure: the header block, then blocks separated by blank lines;
 * NOTE, STYLE and REGION blocks are skipped; a cue block is an optional identifier line, a timing line with optional
 * settings, and payload lines. A payload line containing "-->" ends the cue and is read as the next timing line, as
 * the spec and vtt.js do. Deviation, on purpose: blank lines or spaces before "WEBVTT" and a cue that follows the
 * header without a blank line are accepted (with a warning) instead of rejecting the whole file.
 */
export function parseVttText(source: string, warnings: string[]): Cue[] {
  return runSync(vttCues(source, warnings));
}

/** `parseVttText` as steps that yield every few thousand blocks (see `cooperative.ts`). */
export function* vttCues(source: string, warnings: string[]): Steps<Cue[]> {
  const lines = splitLines(source);
  let i = 0;
  while (i < lines.length && (lines[i] ?? '').trim() === '') i++;
  const first = lines[i] ?? '';
  if (!HEADER.test(first)) {
    if (HEADER.test(first.trim())) warnings.push('whitespace before the WEBVTT header was ignored');
    else {
      throw new LecternError('TRANSCRIPT_MALFORMED', `Not a WebVTT file: line ${i + 1} should start with "WEBVTT".`, {
        line: i + 1,
      });
    }
  }
  if (i > 0) warnings.push('blank lines before the WEBVTT header were ignored');
  i++;
  // Header block: ends at a blank line (or, leniently, at a timing line).
  while (i < lines.length && (lines[i] ?? '').trim() !== '') {
    if ((lines[i] ?? '').includes('-->')) {
      warnings.push(`no blank line after the header; line ${i + 1} read as a cue`);
      break;
    }
    i++;
  }

  const cues: Cue[] = [];
  const badTimings: number[] = [];
  const noTiming: number[] = [];
  let blocks = 0;
  while (i < lines.length) {
    if ((++blocks & YIELD_MASK) === 0) yield;
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
      continue;
    }
    const blockStart = i;
    if (
      !line.includes('-->') &&
      (isBlockKeyword(line, 'NOTE') || isBlockKeyword(line, 'STYLE') || isBlockKeyword(line, 'REGION'))
    ) {
      while (i < lines.length && (lines[i] ?? '').trim() !== '') i++;
      continue;
    }
    // Optional identifier, then the timing line.
    let timingLine = i;
    if (!line.includes('-->')) {
      timingLine = i + 1;
      if (!(lines[timingLine] ?? '').includes('-->')) {
        noTiming.push(blockStart + 1);
        while (i < lines.length && (lines[i] ?? '').trim() !== '') i++;
        continue;
      }
    }
    const timing = parseVttTiming(lines[timingLine] ?? '');
    i = timingLine + 1;
    const payload: string[] = [];
    while (i < lines.length && (lines[i] ?? '').trim() !== '' && !(lines[i] ?? '').includes('-->')) {
      payload.push(lines[i] ?? '');
      i++;
    }
    if (!timing) {
      badTimings.push(timingLine + 1);
      continue;
    }
    cues.push({ start: timing.start, end: timing.end, ...vttCueText(payload) });
  }

  if (cues.length === 0) {
    const line = badTimings[0] ?? noTiming[0] ?? i;
    const why = badTimings.length > 0 ? `invalid cue timing at line ${line}` : 'no cues';
    throw new LecternError('TRANSCRIPT_MALFORMED', `Not a readable WebVTT file: ${why}.`, {
      line,
      badTimingLines: badTimings.slice(0, 50),
    });
  }
  if (badTimings.length > 0) {
    warnings.push(
      `skipped ${plural(badTimings.length, 'cue')} with invalid timestamps at lines ${describeLines(badTimings)}`,
    );
  }
  if (noTiming.length > 0) {
    warnings.push(
      `skipped ${plural(noTiming.length, 'block')} without a cue timing at lines ${describeLines(noTiming)}`,
    );
  }
  return cues;
}

export async function parseVtt(input: ParseInput, ctx: StageContext): Promise<ParsedDocument> {
  await Promise.resolve();
  throwIfCancelled(ctx.signal);
  const warnings: string[] = [];
  const cues = await runCooperatively(vttCues(decodeTextNoting(input.bytes, warnings), warnings), ctx.signal);
  throwIfCancelled(ctx.signal);
  return runCooperatively(transcriptSteps({ input, format: 'vtt', cues, warnings }), ctx.signal);
}
