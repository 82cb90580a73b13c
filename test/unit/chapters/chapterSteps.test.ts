import { describe, expect, it } from 'vitest';
import type { LecternDocument, Unit } from '../../../src-shared/domain/document';
import { LecternError } from '../../../src-shared/errors';
import { chapterDocument, chapterDocumentSteps } from '../../../src-main/engine/chapters/chapterDocument';
import { keyphraseTitles, keyphraseTitlesSteps } from '../../../src-main/engine/chapters/keyphraseTitle';
import { segmentUnits, segmentUnitsSteps, type SegUnit } from '../../../src-main/engine/chapters/segmentUnits';
import { runCooperatively, runSync, type Steps } from '../../../src-main/engine/ingest/cooperative';
import { seededRandom } from '../../../src-main/measure/seededRandom';

const TOPICS = [
  'volcano lava eruption magma crater ash island geologist seismic mountain plume basalt',
  'orchestra violin symphony conductor concert melody composer rehearsal cello harmony opera tempo',
  'bakery bread flour dough oven yeast pastry butter loaf baker crust sourdough',
  'satellite orbit rocket launch astronaut telescope planet gravity spacecraft mission comet lunar',
  'harbour lighthouse keeper beacon fog tide shoal lantern signal granite lens prism',
].map((t) => t.split(' '));
const GLUE = 'the and of a to in that it was for with as on by this so we'.split(' ');

/** A long timed transcript (cues of 3 s) whose topic changes every few hundred cues: real work for the segmenter. */
function bigTranscript(cues: number, seed = 3): LecternDocument {
  const rand = seededRandom(seed);
  const pick = (list: readonly string[]) => list[Math.floor(rand() * list.length)] ?? '';
  const lines: string[] = [];
  const units: Unit[] = [];
  let offset = 0;
  let topic = 0;
  for (let i = 0; i < cues; i++) {
    if (rand() < 1 / 150) topic = (topic + 1 + Math.floor(rand() * (TOPICS.length - 1))) % TOPICS.length;
    const words = Array.from({ length: 12 }, () => (rand() < 0.45 ? pick(TOPICS[topic] ?? []) : pick(GLUE)));
    const line = `${words.join(' ')}.`;
    units.push({
      index: i,
      start: offset,
      end: offset + line.length,
      anchor: { type: 'time', start: i * 3, end: i * 3 + 2.5, speaker: `S${(i % 2) + 1}` },
    });
    lines.push(line);
    offset += line.length + 1;
  }
  return {
    id: `big-${cues}`,
    title: 'Big transcript',
    kind: 'transcript',
    text: lines.join('\n'),
    units,
    meta: { fileName: 'big.srt', sizeBytes: offset, format: 'srt', durationSec: cues * 3 },
  };
}

/** Drives steps by hand: how many times they yielded, and the longest stretch of work between two yields. */
function drive<T>(steps: Steps<T>): { value: T; yields: number; longestStepMs: number } {
  let yields = 0;
  let longestStepMs = 0;
  for (;;) {
    const started = performance.now();
    const step = steps.next();
    longestStepMs = Math.max(longestStepMs, performance.now() - started);
    if (step.done) return { value: step.value, yields, longestStepMs };
    yields++;
  }
}

const doc = bigTranscript(12_000);

describe('chapters computed as steps', () => {
  it('yields many times on a 12,000-cue transcript, in short steps, and gives the sync result', () => {
    const syncStarted = performance.now();
    const expected = chapterDocument(doc);
    const syncMs = performance.now() - syncStarted;
    const { value, yields, longestStepMs } = drive(chapterDocumentSteps(doc));
    console.info(
      `12,000 cues: ${Math.round(syncMs)} ms sync; as steps ${yields} yields, longest step ${longestStepMs.toFixed(1)} ms`,
    );
    expect(expected.length).toBeGreaterThan(5);
    expect(value).toEqual(expected);
    expect(yields).toBeGreaterThan(100);
    // A step is about a millisecond of work; the bound leaves room for a busy machine and a garbage collection.
    expect(longestStepMs).toBeLessThan(Math.max(250, syncMs / 10));
  });

  it('the segmenter and the titles as steps equal their plain forms', () => {
    const units: SegUnit[] = doc.units.slice(0, 3000).map((u) => ({
      text: doc.text.slice(u.start, u.end),
      ...(u.anchor.type === 'time' ? { start: u.anchor.start, end: u.anchor.end } : {}),
    }));
    const boundaries = segmentUnits(units, { granularity: 'fine' });
    expect(boundaries.length).toBeGreaterThan(2);
    expect(runSync(segmentUnitsSteps(units, { granularity: 'fine' }))).toEqual(boundaries);
    const texts = boundaries.map((b, i) =>
      units
        .slice(b, boundaries[i + 1] ?? units.length)
        .map((u) => u.text)
        .join(' '),
    );
    const titles = drive(keyphraseTitlesSteps(texts));
    expect(titles.value).toEqual(keyphraseTitles(texts));
    expect(titles.yields).toBeGreaterThanOrEqual(texts.length);
  });

  it('run cooperatively, they let the event loop turn and give the same chapters', async () => {
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const value = await runCooperatively(chapterDocumentSteps(doc), undefined).finally(() => {
      running = false;
    });
    expect(value).toEqual(chapterDocument(doc));
    expect(turns).toBeGreaterThan(5);
  });

  it('a cancel during chaptering ends it within a fraction of a second', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = performance.now();
      controller.abort();
    }, 80);
    const outcome = await runCooperatively(chapterDocumentSteps(doc), controller.signal).then(
      () => 'finished',
      (error: unknown) => error,
    );
    const latencyMs = performance.now() - abortedAt;
    console.info(`chapterDocument cancelled ${Math.round(latencyMs)} ms after the abort`);
    // Before, the timer could only fire once the whole computation was over.
    expect(abortedAt).toBeGreaterThan(0);
    expect(outcome).toBeInstanceOf(LecternError);
    expect((outcome as LecternError).code).toBe('CANCELLED');
    expect(latencyMs).toBeLessThan(500);
  });
});
