import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeSyntheticSrt } from '../synthetic/syntheticTranscript';

/** A generated meeting transcript of about `tokens` model tokens. */
export function writeBenchTranscript(dir: string, tokens: number, count: (text: string) => number): string {
  const probe = path.join(dir, 'probe.srt');
  writeSyntheticSrt(probe, 200);
  const perCue = count(readFileSync(probe, 'utf8')) / 200;
  const file = path.join(dir, `meeting-${tokens}.srt`);
  // The SRT's numbers and timestamps are not document text: they cost about a third of its tokens.
  writeSyntheticSrt(file, Math.ceil((tokens / perCue) * 1.5));
  return file;
}
