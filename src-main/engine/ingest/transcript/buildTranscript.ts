import type { Unit } from '../../../../src-shared/domain/document';
import { LecternError } from '../../../../src-shared/errors';
import { runSync, YIELD_MASK, type Steps } from '../cooperative';
import type { ParsedDocument, ParseInput } from '../types';

/** One timed piece of a transcript, as every transcript parser produces it. */
export interface Cue {
  start: number;
  end: number;
  /** Clean text; lines joined by "\n". */
  text: string;
  speaker?: string;
}

export interface TranscriptBuild {
  input: ParseInput;
  format: string;
  cues: Cue[];
  warnings: string[];
}

/** The file name without its last extension, for the title. */
export function baseName(fileName: string): string {
  const name = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Formats line numbers for a warning, listing a few and counting the rest so one bad file cannot flood the UI. */
export function describeLines(lines: readonly number[], max = 10): string {
  const shown = lines.slice(0, max).join(', ');
  return lines.length > max ? `${shown} and ${lines.length - max} more` : shown;
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/**
 * Cues to a transcript document: one unit per cue, cue texts joined by "\n" into `text`. Cues are put in start order
 * (a stable sort, so simultaneous cues keep file order) because chaptering and citations walk time forwards.
 */
export function buildTranscript(build: TranscriptBuild): ParsedDocument {
  return runSync(transcriptSteps(build));
}

/** `buildTranscript` as steps that yield every few thousand cues (see `cooperative.ts`). */
export function* transcriptSteps({ input, format, cues, warnings }: TranscriptBuild): Steps<ParsedDocument> {
  const kept = cues.filter((cue) => cue.text.length > 0);
  if (kept.length < cues.length) warnings.push(`skipped ${plural(cues.length - kept.length, 'empty cue')}`);
  if (kept.length === 0) {
    throw new LecternError('TRANSCRIPT_MALFORMED', `${input.fileName}: the transcript has no cue with text.`, {
      fileName: input.fileName,
      format,
    });
  }
  let backwards = 0;
  for (const cue of kept) {
    if (cue.end < cue.start) {
      cue.end = cue.start;
      backwards += 1;
    }
  }
  if (backwards > 0) warnings.push(`${plural(backwards, 'cue')} ended before starting; end set to start`);
  const ordered = kept
    .map((cue, position) => ({ cue, position }))
    .sort((a, b) => a.cue.start - b.cue.start || a.position - b.position);
  if (ordered.some((entry, i) => entry.position !== i))
    warnings.push('cues were out of order and were sorted by start time');

  const parts: string[] = [];
  const units: Unit[] = [];
  let offset = 0;
  let duration = 0;
  for (const [index, { cue }] of ordered.entries()) {
    if ((index & YIELD_MASK) === 0) yield;
    if (index > 0) offset += 1; // the "\n" between units
    units.push({
      index,
      start: offset,
      end: offset + cue.text.length,
      anchor: { type: 'time', start: cue.start, end: cue.end, ...(cue.speaker ? { speaker: cue.speaker } : {}) },
    });
    parts.push(cue.text);
    offset += cue.text.length;
    duration = Math.max(duration, cue.end);
  }
  return {
    title: baseName(input.fileName),
    kind: 'transcript',
    text: parts.join('\n'),
    units,
    meta: {
      fileName: input.fileName,
      sizeBytes: input.bytes.byteLength,
      format,
      durationSec: duration,
      ...(warnings.length > 0 ? { warnings } : {}),
    },
  };
}

/** Splits decoded text into lines whatever the line endings (CRLF, LF, old Mac CR). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
