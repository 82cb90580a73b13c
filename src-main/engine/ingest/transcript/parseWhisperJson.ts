import { z } from 'zod';
import { LecternError } from '../../../../src-shared/errors';
import { throwIfCancelled, type StageContext } from '../../jobs/JobRunner';
import { decodeTextNoting } from '../decodeText';
import type { ParsedDocument, ParseInput } from '../types';
import { buildTranscript, describeLines, plural, type Cue } from './buildTranscript';

// Loose objects: whisper, whisper-timestamped and WhisperX add many fields (tokens, avg_logprob, words, ...) that
// Lectern does not need and must not reject.
const segmentSchema = z.looseObject({
  start: z.number().finite().nonnegative(),
  end: z.number().finite().nonnegative(),
  text: z.string(),
  speaker: z.string().optional(),
});

const whisperSchema = z.looseObject({
  text: z.string().optional(),
  segments: z.array(z.unknown()),
});

/**
 * Whisper-family JSON: `{ text, segments: [{ start, end, text, words?, speaker? }] }` (openai-whisper,
 * whisper-timestamped, WhisperX with diarization speakers). One unit per segment; word timings are not needed for
 * units and are left out. Segments that do not match the shape are skipped and counted.
 */
export function parseWhisperJsonText(source: string, warnings: string[]): Cue[] {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    throw new LecternError('TRANSCRIPT_MALFORMED', `Not valid JSON: ${(error as Error).message}`);
  }
  const parsed = whisperSchema.safeParse(data);
  if (!parsed.success) {
    throw new LecternError('TRANSCRIPT_MALFORMED', 'Not a Whisper transcript: no "segments" array.', {
      issues: parsed.error.issues.slice(0, 5),
    });
  }
  const cues: Cue[] = [];
  const bad: number[] = [];
  for (const [index, raw] of parsed.data.segments.entries()) {
    const segment = segmentSchema.safeParse(raw);
    if (!segment.success) {
      bad.push(index);
      continue;
    }
    const { start, end, text, speaker } = segment.data;
    cues.push({ start, end, text: text.trim(), ...(speaker ? { speaker } : {}) });
  }
  if (cues.length === 0) {
    const why = bad.length > 0 ? `segment ${bad[0]} has no numeric start/end and text` : 'it has no segments';
    throw new LecternError('TRANSCRIPT_MALFORMED', `The Whisper transcript is empty or unreadable: ${why}.`, {
      badSegments: bad.slice(0, 50),
    });
  }
  if (bad.length > 0) {
    warnings.push(`skipped ${plural(bad.length, 'segment')} without start/end/text (segments ${describeLines(bad)})`);
  }
  return cues;
}

export function parseWhisperJson(input: ParseInput, ctx: StageContext): Promise<ParsedDocument> {
  return Promise.resolve().then(() => {
    throwIfCancelled(ctx.signal);
    const warnings: string[] = [];
    const cues = parseWhisperJsonText(decodeTextNoting(input.bytes, warnings), warnings);
    throwIfCancelled(ctx.signal);
    return buildTranscript({ input, format: 'whisper-json', cues, warnings });
  });
}
