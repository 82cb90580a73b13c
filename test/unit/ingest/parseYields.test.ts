import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LecternError } from '../../../src-shared/errors';
import { runCooperatively, runSync, type Steps } from '../../../src-main/engine/ingest/cooperative';
import { writeSyntheticSrt } from '../../../src-main/measure/synthetic/syntheticTranscript';
import { parseSrt, parseSrtText } from '../../../src-main/engine/ingest/transcript/parseSrt';
import { parseVtt } from '../../../src-main/engine/ingest/transcript/parseVtt';
import type { ParseInput } from '../../../src-main/engine/ingest/types';

const CUES = 100_000;
const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-yield-'));
const srtFile = path.join(dir, 'long.srt');
writeSyntheticSrt(srtFile, CUES);
const srt: ParseInput = { bytes: new Uint8Array(readFileSync(srtFile)), fileName: 'long.srt' };
// The same cues as WebVTT: a header, and `.` before the milliseconds.
const vttText = `WEBVTT\n\n${new TextDecoder().decode(srt.bytes).replace(/(\d\d:\d\d:\d\d),(\d\d\d)/g, '$1.$2')}`;
const vtt: ParseInput = { bytes: new TextEncoder().encode(vttText), fileName: 'long.vtt' };

/** Runs `work` while counting event-loop turns and the longest time between two of them. */
async function watchEventLoop<T>(work: () => Promise<T>): Promise<{ value: T; turns: number; longestGapMs: number }> {
  let turns = 0;
  let last = performance.now();
  let longestGapMs = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
    turns++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    return { value: await work(), turns, longestGapMs };
  } finally {
    running = false;
  }
}

async function cancelAfter(parse: (signal: AbortSignal) => Promise<unknown>, ms: number) {
  const controller = new AbortController();
  let abortedAt = 0;
  setTimeout(() => {
    abortedAt = performance.now();
    controller.abort();
  }, ms);
  const outcome = await parse(controller.signal).then(
    () => 'finished',
    (error: unknown) => error,
  );
  return { outcome, latencyMs: performance.now() - abortedAt, fired: abortedAt > 0 };
}

describe('long transcript parses share the event loop', () => {
  it('a 100,000-cue SRT parse lets other work run while it goes, and gives the same cues as the plain parse', async () => {
    const {
      value: doc,
      turns,
      longestGapMs,
    } = await watchEventLoop(() =>
      parseSrt(srt, { signal: new AbortController().signal, onProgress: () => undefined }),
    );
    console.info(
      `SRT ${CUES} cues: ${turns} event-loop turns during the parse, longest gap ${Math.round(longestGapMs)} ms`,
    );
    expect(doc.units).toHaveLength(CUES);
    expect(turns).toBeGreaterThan(5);
    const plain = parseSrtText(new TextDecoder().decode(srt.bytes), []);
    expect(doc.text.split('\n').slice(0, 3)).toEqual(plain.slice(0, 3).map((c) => c.text));
    expect(doc.units.at(-1)?.anchor).toMatchObject({ type: 'time', start: plain.at(-1)?.start });
  });

  it.each([
    ['SRT', (signal: AbortSignal) => parseSrt(srt, { signal, onProgress: () => undefined })],
    ['WebVTT', (signal: AbortSignal) => parseVtt(vtt, { signal, onProgress: () => undefined })],
  ])('a cancel during a 100,000-cue %s parse ends it promptly with CANCELLED', async (name, parse) => {
    const { outcome, latencyMs, fired } = await cancelAfter(parse, 60);
    console.info(`${name}: cancelled ${Math.round(latencyMs)} ms after the abort`);
    // Before the parse yielded, the timer could only fire after the whole parse, which then finished regardless.
    expect(fired).toBe(true);
    expect(outcome).toBeInstanceOf(LecternError);
    expect((outcome as LecternError).code).toBe('CANCELLED');
    expect(latencyMs).toBeLessThan(1000);
  });

  it('drives the same steps to the same value synchronously or cooperatively', async () => {
    function* count(n: number): Steps<number> {
      let total = 0;
      for (let i = 0; i < n; i++) {
        total += i;
        yield;
      }
      return total;
    }
    expect(runSync(count(10_000))).toBe(49_995_000);
    await expect(runCooperatively(count(10_000), undefined, 0)).resolves.toBe(49_995_000);
    const aborted = AbortSignal.abort();
    await expect(runCooperatively(count(10), aborted, 0)).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
