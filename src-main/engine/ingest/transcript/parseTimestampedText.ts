import { LecternError } from '../../../../src-shared/errors';
import { throwIfCancelled, type StageContext } from '../../jobs/JobRunner';
import { runCooperatively, runSync, YIELD_MASK, type Steps } from '../cooperative';
import { decodeTextNoting } from '../decodeText';
import type { ParsedDocument, ParseInput } from '../types';
import { splitLines, transcriptSteps, type Cue } from './buildTranscript';
import { splitSpeakerPrefix, tidyLines } from './cueText';

const CLOCK = String.raw`(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?`;
/**
 * A line that starts with a time mark: `[00:12:03]`, `(12:03)`, or a bare `00:12:03` followed by a space, then an
 * optional separator (`-`, `–`, `|`), then the text (which may start with `Name:`).
 */
export const TIMESTAMPED_LINE = new RegExp(
  String.raw`^\s*(?:\[(${CLOCK})\]|\((${CLOCK})\)|(${CLOCK})(?=\s))\s*(?:[-–—|]\s+)?(.*)$`,
);

function clockSeconds(clock: string): number {
  const [main = '0', frac] = clock.split(/[.,]/);
  const parts = main.split(':').map(Number);
  const value = parts.reduce((total, part) => total * 60 + part, 0);
  return value + (frac ? Number(`0.${frac}`) : 0);
}

/** Parses one line; undefined when it does not start with a time mark. */
export function parseTimestampedLine(line: string): { start: number; rest: string } | undefined {
  const m = TIMESTAMPED_LINE.exec(line);
  const clock = m?.[1] ?? m?.[2] ?? m?.[3];
  if (!m || clock === undefined) return undefined;
  return { start: clockSeconds(clock), rest: m[4] ?? '' };
}

interface Entry {
  start: number;
  speaker?: string;
  lines: string[];
}

/**
 * Plain text with time marks: each marked line starts a unit, unmarked lines continue it, and a unit ends where the
 * next one starts. The last unit has no known end, so its end is its start. Text before the first mark becomes a
 * unit at 0 s rather than being dropped (it is often the title or a description of the recording).
 */
export function parseTimestampedTextLines(source: string): Cue[] {
  return runSync(timestampedCues(source));
}

/** `parseTimestampedTextLines` as steps that yield every few thousand lines (see `cooperative.ts`). */
export function* timestampedCues(source: string): Steps<Cue[]> {
  const entries: Entry[] = [];
  const preamble: string[] = [];
  for (const [i, line] of splitLines(source).entries()) {
    if ((i & YIELD_MASK) === 0) yield;
    const marked = parseTimestampedLine(line);
    if (marked) {
      const split = splitSpeakerPrefix(marked.rest);
      entries.push(
        split
          ? { start: marked.start, speaker: split.speaker, lines: [split.text] }
          : { start: marked.start, lines: [marked.rest] },
      );
    } else {
      (entries.at(-1)?.lines ?? preamble).push(line);
    }
  }
  if (entries.length === 0) {
    throw new LecternError('TRANSCRIPT_MALFORMED', 'No line starts with a time mark such as [00:12:03].', { line: 1 });
  }
  const cues: Cue[] = [];
  const intro = tidyLines(preamble).join('\n');
  const firstStart = entries[0]?.start ?? 0;
  if (intro) cues.push({ start: 0, end: firstStart, text: intro });
  for (const [i, entry] of entries.entries()) {
    const next = entries[i + 1];
    cues.push({
      start: entry.start,
      end: next ? Math.max(entry.start, next.start) : entry.start,
      text: tidyLines(entry.lines).join('\n'),
      ...(entry.speaker ? { speaker: entry.speaker } : {}),
    });
  }
  return cues;
}

export async function parseTimestampedText(input: ParseInput, ctx: StageContext): Promise<ParsedDocument> {
  await Promise.resolve();
  throwIfCancelled(ctx.signal);
  const warnings: string[] = [];
  const cues = await runCooperatively(timestampedCues(decodeTextNoting(input.bytes, warnings)), ctx.signal);
  throwIfCancelled(ctx.signal);
  return runCooperatively(transcriptSteps({ input, format: 'timestamped-text', cues, warnings }), ctx.signal);
}
