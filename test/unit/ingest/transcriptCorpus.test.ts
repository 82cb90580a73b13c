import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTextLike } from '../../../src-main/engine/ingest/text/parseTextLike';
import { LecternError } from '../../../src-shared/errors';
import { ctx, expectConsistent, hasShared, repoRoot, sharedTranscripts } from './ingestTestKit';

/** Generous for a 2-core CI machine; the largest file (a 1,300-cue film) parses in a few milliseconds. */
const PER_FILE_MS = 5_000;

if (!hasShared)
  console.warn(`[transcript corpus] skipped: ${sharedTranscripts} is absent (shared data is not in a fresh clone)`);

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

interface Row {
  file: string;
  ms: number;
  outcome: 'parsed' | 'rejected';
  format?: string;
  units?: number;
  durationSec?: number;
  warnings?: string[];
  code?: string;
  message?: string;
}

describe.skipIf(!hasShared)('transcript corpus', () => {
  it('turns every file into a document or a typed LecternError, in time', async () => {
    const rows: Row[] = [];
    for (const path of walk(sharedTranscripts)) {
      const file = relative(sharedTranscripts, path);
      const bytes = readFileSync(path);
      const started = performance.now();
      try {
        const doc = await parseTextLike({ bytes, fileName: file.split('/').pop() ?? file }, ctx());
        const ms = performance.now() - started;
        expectConsistent(doc);
        rows.push({
          file,
          ms,
          outcome: 'parsed',
          format: doc.meta.format,
          units: doc.units.length,
          ...(doc.meta.durationSec !== undefined ? { durationSec: doc.meta.durationSec } : {}),
          ...(doc.meta.warnings ? { warnings: doc.meta.warnings } : {}),
        });
      } catch (error) {
        // Anything but a LecternError is a parser bug and fails the test here.
        if (!(error instanceof LecternError)) throw new Error(`${file}: ${String(error)}`);
        rows.push({
          file,
          ms: performance.now() - started,
          outcome: 'rejected',
          code: error.code,
          message: error.message,
        });
      }
      expect(rows.at(-1)?.ms, file).toBeLessThan(PER_FILE_MS);
    }
    const outDir = join(repoRoot, 'test-results');
    mkdirSync(outDir, { recursive: true });
    const byFormat: Record<string, number> = {};
    for (const row of rows)
      byFormat[row.format ?? row.code ?? '?'] = (byFormat[row.format ?? row.code ?? '?'] ?? 0) + 1;
    writeFileSync(
      join(outDir, 'transcript-corpus.json'),
      JSON.stringify({ root: sharedTranscripts, files: rows.length, byOutcome: byFormat, rows }, null, 1),
    );

    // Spot checks that the real transcripts parse as what they are.
    const row = (file: string) => rows.find((r) => r.file === file);
    expect(row('pysrt/windows-1252.srt')).toMatchObject({ outcome: 'parsed', format: 'srt', units: 1332 });
    expect(row('pysrt/utf-8.srt')).toMatchObject({ outcome: 'parsed', units: 1332 });
    expect(row('pysrt/bom-utf-32-be.srt')).toMatchObject({ outcome: 'parsed', format: 'srt' });
    expect(row('youtube_timedtext/transcript.xml')).toMatchObject({
      outcome: 'parsed',
      format: 'youtube-xml',
      units: 3,
    });
    expect(row('whisper_timestamped/expected/tiny_auto/empty.mp3.words.json')).toMatchObject({
      code: 'TRANSCRIPT_MALFORMED',
    });
    expect(row('vttjs/EXPECTED_MAP.json')).toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
    const ami = rows.filter((r) => r.file.startsWith('ami_derived_'));
    expect(ami.length).toBeGreaterThan(0);
    for (const r of ami) expect(r, r.file).toMatchObject({ outcome: 'parsed' });
    expect(rows.filter((r) => r.format === 'whisper-json').length).toBeGreaterThan(50);
  });
});
