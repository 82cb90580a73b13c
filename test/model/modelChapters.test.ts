import type { JobKind, JobRef } from '../../src-shared/domain/jobs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chapter } from '../../src-shared/domain/chapter';
import { chapterDocument } from '../../src-main/engine/chapters/chapterDocument';
import { cleanModelTitle } from '../../src-main/engine/chapters/cleanModelTitle';
import { acceptStarts, modelChapters } from '../../src-main/engine/chapters/modelChapters';
import { chat } from '../../src-main/engine/llm/generate';
import type { LocalModelAsker } from '../../src-main/engine/qa/LocalModelAsker';
import { ensureFixtureModel, TINY_SHAPE } from '../fixtures/gguf/fixtureModels';
import { writeTopicSrt } from './support/topicTranscript';
import { engineInTempDir, jobValue } from '../support/modelEngine';

const { dir, engine } = engineInTempDir('modelchapters');
let docId = '';
let units = 0;

const wait = <K extends JobKind>(started: JobRef<K>) => jobValue(engine, started);

function expectValidChapters(chapters: readonly Chapter[], unitCount: number): void {
  expect(chapters.length).toBeGreaterThan(0);
  expect(chapters[0]?.startUnit).toBe(0);
  chapters.forEach((c, i) => {
    expect(c.index).toBe(i);
    expect(c.endUnit).toBeGreaterThan(c.startUnit);
    expect(c.endUnit).toBe(chapters[i + 1]?.startUnit ?? unitCount);
    expect(c.title).toBe(c.title.trim());
    const words = c.title.split(/\s+/).length;
    // The model's titles are cleaned to 3-8 words; a window that falls back keeps key-phrase titles, which are 1-6
    // words (a noun phrase, or one noun when no phrase qualifies).
    expect(words).toBeGreaterThanOrEqual(1);
    expect(words).toBeLessThanOrEqual(8);
  });
}

beforeAll(async () => {
  const file = path.join(dir, 'topics.srt');
  units = writeTopicSrt(file, 30).cues;
  const report = await wait(await engine.importPaths({ paths: [file] }));
  docId = report.results[0]!.docId!;
  const modelPath = await ensureFixtureModel(TINY_SHAPE);
  await wait(await engine.invoke('loadModel', { ref: modelPath, contextSize: 2048 }));
});
afterAll(() => engine.dispose());

describe('model output checks (no model call)', () => {
  it('cleans titles to 3 to 8 words and refuses what is not a title', () => {
    expect(cleanModelTitle('  "Chapter 2: The   Keeper of the Lamp"  ')).toBe('The Keeper of the Lamp');
    expect(cleanModelTitle('one two three four five six seven eight nine ten')).toBe(
      'one two three four five six seven eight',
    );
    expect(cleanModelTitle('Too short')).toBeUndefined();
    expect(cleanModelTitle('123 456 789 000')).toBeUndefined();
    expect(cleanModelTitle(42)).toBeUndefined();
  });

  it('accepts only increasing starts inside the window, far enough apart, and opens the first chapter at 0', () => {
    const json = {
      chapters: [
        { startUnit: 12, title: 'Lamps and lenses of the lighthouse' },
        { startUnit: 13, title: 'Too close to the previous start' },
        { startUnit: 11, title: 'Going backwards is not allowed' },
        { startUnit: 30, title: 'Baking bread with sourdough starter' },
        { startUnit: 99, title: 'Outside of the window entirely' },
      ],
    };
    expect(acceptStarts(json, { start: 10, end: 40 }, 4, 3)).toEqual([
      { unit: 12, title: 'Lamps and lenses of the lighthouse' },
      { unit: 30, title: 'Baking bread with sourdough starter' },
    ]);
    expect(acceptStarts({ chapters: [{ startUnit: 5, title: 'x' }] }, { start: 0, end: 40 }, undefined, 3)).toEqual([
      { unit: 0 },
    ]);
    // Entries given and none usable: the window falls back. An empty list continues the open chapter.
    expect(acceptStarts({ chapters: [{ startUnit: 5, title: 'x' }] }, { start: 10, end: 40 }, 4, 3)).toBeUndefined();
    expect(acceptStarts({ chapters: [] }, { start: 10, end: 40 }, 4, 3)).toEqual([]);
    expect(acceptStarts('not json', { start: 10, end: 40 }, 4, 3)).toBeUndefined();
  });
});

describe('chapters with a loaded chat model (generated random-weight GGUF)', () => {
  it('rechapters a transcript window by window through a JSON grammar and stores valid, searchable chapters', async () => {
    const phases: { done: number; total: number }[] = [];
    const off = engine.events.on('job:progress', (p) => {
      if (p.phase === 'titles') phases.push({ done: p.done, total: p.total });
    });
    const chapters = await wait(await engine.invoke('rechapter', { docId, titles: 'model' }));
    off();
    expectValidChapters(chapters, units);
    expect(await engine.invoke('listChapters', { docId })).toEqual(chapters);
    // Several windows, each reported (the throttle may merge intermediate ones, never the last).
    expect(phases.at(-1)?.total).toBeGreaterThan(1);
    expect(phases.at(-1)?.done).toBe(phases.at(-1)?.total);
    // The random-weight model's nonsense survives validation for some chapters (grammar-constrained start units,
    // cleaned titles); those are marked as the model's.
    const fromModel = chapters.filter((c) => c.source === 'model');
    console.log(
      `model chapters: ${chapters.length} chapters, ${fromModel.length} titled by the model, windows ${phases.at(-1)?.total}:`,
      chapters.map((c) => `u${c.startUnit} ${c.source} "${c.title}"`),
    );
    expect(fromModel.length).toBeGreaterThan(0);
    // Titles are indexed for keyword search.
    const word = fromModel[0]!.title.split(' ').find((w) => /^\p{L}{3,}$/u.test(w)) ?? '';
    const hits = engine.library.db
      .prepare('SELECT idx FROM chapters_fts WHERE chapters_fts MATCH ? AND doc_id = ?')
      .all(`"${word}"`, docId);
    expect(hits.length).toBeGreaterThan(0);
  });

  it('keeps the model-free chapters for every window whose answer is unusable (JSON cut off by the token limit)', async () => {
    const doc = engine.library.documents.load(docId);
    const proposals = chapterDocument(doc);
    const asker = engine.localAsker as LocalModelAsker;
    const result = await asker.borrowSequence((sequence) =>
      modelChapters(
        doc,
        proposals,
        {
          complete: (request) => chat(engine.models.require(), { ...request, sequence }),
          countTokens: (text) => engine.models.require().model.tokenize(text).length,
          contextSize: engine.models.require().context.contextSize,
        },
        { signal: new AbortController().signal, onProgress: () => undefined },
        { maxAnswerTokens: 3 },
      ),
    );
    expect(result.windows).toBeGreaterThan(1);
    expect(result.fallbackWindows).toBe(result.windows);
    expect(result.modelWindows).toBe(0);
    expectValidChapters(result.chapters, units);
    expect(result.chapters.every((c) => c.source === 'segmented')).toBe(true);
    expect(result.chapters.map((c) => c.startUnit)).toEqual(proposals.map((c) => c.startUnit));
  });

  it('stops between windows when cancelled', async () => {
    const { jobId } = await engine.invoke('rechapter', { docId, titles: 'model', redo: true });
    const off = engine.events.on('job:progress', (p) => {
      if (p.jobId === jobId && p.phase === 'titles' && p.done >= 1) engine.jobs.cancel(jobId);
    });
    await expect(wait({ jobId, kind: 'chapters' })).rejects.toMatchObject({ code: 'CANCELLED' });
    off();
    // The model's sequence was given back: key-phrase chapters and a later model run still work.
    const plain = await wait(await engine.invoke('rechapter', { docId, titles: 'keyphrase' }));
    expect(plain.every((c) => c.source === 'segmented')).toBe(true);
    expectValidChapters(plain, units);
  });
});
