import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getLlama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AskResult } from '../../src-shared/domain/answer';
import type { Chapter } from '../../src-shared/domain/chapter';
import type { LecternDocument } from '../../src-shared/domain/document';
import { chapterDocument } from '../../src-main/engine/chapters/chapterDocument';
import { summarizeChapters } from '../../src-main/engine/chapters/summarizeChapters';
import { hashModelFile } from '../../src-main/engine/compression/hashModelFile';
import { importFile } from '../../src-main/engine/ingest/importFile';
import { chat } from '../../src-main/engine/llm/generate';
import { ModelManager } from '../../src-main/engine/llm/ModelManager';
import { buildDocumentIndex, type DocumentIndex } from '../../src-main/engine/index/documentIndex';
import { LocalModelAsker } from '../../src-main/engine/qa/LocalModelAsker';
import { ChapterSummaries } from '../../src-main/engine/store/ChapterSummaries';
import { Library } from '../../src-main/engine/store/Library';
import { ensureFixtureModel, TINY_SHAPE } from '../fixtures/gguf/fixtureModels';
import { writeTopicSrt } from './support/topicTranscript';

const THREADS = 1;
const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-askturns-'));
const manager = new ModelManager({ llama: () => getLlama({ gpu: false, build: 'never' }) });
let library: Library;
let store: ChapterSummaries;
let doc: LecternDocument;
let chapters: Chapter[];
let modelPath: string;

const QUESTIONS = [
  'What does the lighthouse keeper do with the lamp and lens?',
  'How is the sourdough dough baked in the oven?',
  'When did the rocket launch the satellite into orbit?',
  'Who tuned the violin before the concerto rehearsal?',
  'What happened to the harbour in the storm and fog?',
  'Which telescope watched the comet and the moon?',
  'Why did the baker add rye flour and butter?',
];

function quiet(signal = new AbortController().signal) {
  return { signal, onProgress: () => undefined };
}

async function load(contextSize: number): Promise<{ asker: LocalModelAsker; index: DocumentIndex }> {
  await manager.load(modelPath, { threads: THREADS, contextSize, minContextSize: 256 });
  const asker = new LocalModelAsker({
    loaded: manager.require(),
    cacheDir: path.join(dir, `kv-${contextSize}`),
    maxPassageTokens: 160,
    maxAnswerTokens: 24,
    summaryTokens: 24,
    summaries: () => store,
  });
  return { asker, index: buildDocumentIndex(doc, chapters, asker.countTokens) };
}

async function ask(
  asker: LocalModelAsker,
  index: DocumentIndex,
  question: string,
  signal?: AbortSignal,
  onText: (text: string) => void = () => undefined,
  ratio = 2,
): Promise<AskResult> {
  // r = 2: the planner's overview is a compressed state there (above r = 4 it is titles or nothing).
  return asker.ask(index, question, ratio, quiet(signal), onText, chapters);
}

beforeAll(async () => {
  const file = path.join(dir, 'topics.srt');
  writeTopicSrt(file, 24);
  library = new Library(path.join(dir, 'lib'));
  const imported = await importFile(file, library, { chapter: (d) => chapterDocument(d) }, quiet());
  if (imported.status !== 'imported') throw new Error(`The synthetic transcript did not import: ${imported.status}`);
  doc = library.documents.load(imported.docId ?? '');
  chapters = library.chapters.list(doc.id);
  store = new ChapterSummaries(library.db);
  modelPath = await ensureFixtureModel(TINY_SHAPE);
});
afterAll(async () => {
  await manager.dispose();
  library?.close();
});

describe('a conversation in the KV cache (generated random-weight GGUF, 1 thread)', () => {
  let asker: LocalModelAsker;
  let index: DocumentIndex;
  beforeAll(async () => {
    // 4096: at r = 2 the planner's overview is a compressed state only when doc/2 fits the context.
    ({ asker, index } = await load(4096));
    await asker.prepare(index, 2, quiet(), chapters);
  });
  afterAll(() => asker.dispose());

  it('a follow-up evaluates only its own new tokens, after the document and the first turn', async () => {
    const first = await ask(asker, index, QUESTIONS[0]!);
    expect(first.contextMode).toBe('compressed');
    expect(first.conversation?.pastTurns).toBe(0);
    const second = await ask(asker, index, QUESTIONS[1]!);
    expect(second.conversation).toEqual({ pastTurns: 1, evictedPassages: 0, evictedTurns: 0 });
    // Nothing was erased, so what the KV grew by is exactly what was evaluated: the prefix and the first turn were
    // reused, not evaluated again.
    expect(second.evaluatedTokens).toBe(second.kvTokens - first.kvTokens);
    expect(second.evaluatedTokens).toBeLessThan(first.kvTokens);
    console.log(
      `turns: first kv ${first.kvTokens} (evaluated ${first.evaluatedTokens}), follow-up evaluated ${second.evaluatedTokens}, kv ${second.kvTokens}`,
    );
  });

  it('a cancelled answer leaves the conversation as it was, and the next question goes on from there', async () => {
    // From a short conversation, so that no question needs to evict anything and the KV arithmetic is exact.
    await asker.forget(doc.id);
    const before = await ask(asker, index, QUESTIONS[3]!);
    const controller = new AbortController();
    let streamed = '';
    await expect(
      ask(asker, index, QUESTIONS[4]!, controller.signal, (text) => {
        streamed += text;
        controller.abort();
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(streamed.length).toBeGreaterThan(0);
    const after = await ask(asker, index, QUESTIONS[5]!);
    expect(after.conversation).toEqual({ pastTurns: 1, evictedPassages: 0, evictedTurns: 0 });
    // The cancelled turn left no token behind: the KV grew from `before` by exactly what `after` evaluated.
    expect(after.evaluatedTokens).toBe(after.kvTokens - before.kvTokens);
  });

  it('forgetting the conversation goes back to the document alone', async () => {
    await asker.forget(doc.id);
    const fresh = await ask(asker, index, QUESTIONS[0]!);
    expect(fresh.conversation?.pastTurns).toBe(0);
    expect(fresh.timings.prepareMs).toBeLessThan(1000);
  });
});

// Its own asker at a smaller context, so that turns fill it within a few dozen questions. At r = 8 the plan has no
// overview (the passages alone), so nothing is built first.
describe('eviction when the conversation fills the context (generated random-weight GGUF, 1 thread)', () => {
  let asker: LocalModelAsker;
  let index: DocumentIndex;
  beforeAll(async () => {
    ({ asker, index } = await load(2048));
  });
  afterAll(() => asker.dispose());

  it('evicts past turns’ expanded passages first, then whole turns, and keeps streaming answers', async () => {
    const events: string[] = [];
    let evictedPassagesFirstAt = -1;
    let evictedTurnFirstAt = -1;
    for (let i = 0; i < 48 && evictedTurnFirstAt < 0; i++) {
      let streamed = '';
      const question = QUESTIONS[(i + 2) % QUESTIONS.length]!;
      const result = await ask(asker, index, question, undefined, (t) => (streamed += t), 8);
      expect(streamed.trim()).toBe(result.answer);
      expect(result.kvTokens).toBeLessThan(asker.loaded.context.contextSize);
      const use = result.conversation!;
      events.push(`${use.pastTurns}:${use.evictedPassages}/${use.evictedTurns}`);
      if (use.evictedPassages > 0 && evictedPassagesFirstAt < 0) evictedPassagesFirstAt = i;
      if (use.evictedTurns > 0) evictedTurnFirstAt = i;
    }
    console.log(`eviction (pastTurns:evictedPassages/evictedTurns per question): ${events.join(' ')}`);
    expect(evictedPassagesFirstAt).toBeGreaterThanOrEqual(0);
    expect(evictedTurnFirstAt).toBeGreaterThan(evictedPassagesFirstAt);
  });
});

describe('chapter summaries when the compressed document does not fit', () => {
  let asker: LocalModelAsker;
  let index: DocumentIndex;
  beforeAll(async () => {
    ({ asker, index } = await load(1024));
  });
  afterAll(() => asker.dispose());

  it('answers over cached chapter summaries and the retrieved passages in full', async () => {
    expect(store.count(doc.id)).toBe(0);
    // Summaries are never written on a question's critical path: before preparing, the answer is passages only.
    const early = await ask(asker, index, QUESTIONS[2]!);
    expect(early.contextMode).toBe('passages');
    expect(store.count(doc.id)).toBe(0);
    expect(await asker.prepare(index, 2, quiet(), chapters)).toMatchObject({ mode: 'summaries' });
    expect(store.count(doc.id)).toBe(chapters.length);
    await asker.borrowSequence(() => Promise.resolve()); // drops the prefix so the first ask below loads it
    const first = await ask(asker, index, QUESTIONS[2]!);
    expect(first.contextMode).toBe('summaries');
    const second = await ask(asker, index, QUESTIONS[3]!);
    expect(second.contextMode).toBe('summaries');
    // The summaries prefix stays: the follow-up evaluates only its own tokens.
    expect(second.conversation?.pastTurns).toBe(1);
    expect(second.timings.prepareMs).toBeLessThan(first.timings.prepareMs);
    console.log(
      `summaries: ${chapters.length} chapters, first ask prepare ${first.timings.prepareMs} ms, second ${second.timings.prepareMs} ms; kv ${second.kvTokens}/${asker.loaded.context.contextSize}`,
    );
  });

  it('reuses cached summaries without evaluating anything, and writes new ones for another model', async () => {
    const modelHash = await hashModelFile(modelPath);
    const otherModel = await ensureFixtureModel({ ...TINY_SHAPE, seed: 2, name: 'lectern-fixture-tiny-other' });
    const run = (hash: string, spans: readonly Chapter[] = chapters) =>
      asker.borrowSequence(async (sequence) => {
        const meter = sequence.tokenMeter.getState();
        const result = await summarizeChapters(
          {
            doc,
            chapters: spans,
            modelHash: hash,
            store,
            complete: (request) => chat(manager.require(), { ...request, sequence }),
            countTokens: asker.countTokens,
            contextSize: asker.loaded.context.contextSize,
            maxSummaryTokens: 24,
          },
          quiet(),
        );
        const used = sequence.tokenMeter.diff(meter);
        return { ...result, evaluated: used.usedInputTokens + used.usedOutputTokens };
      });
    const cached = await run(modelHash);
    expect(cached).toMatchObject({ generated: 0, modelCalls: 0, evaluated: 0 });
    expect(cached.summaries.every((s) => s.length > 0)).toBe(true);
    const other = await run(await hashModelFile(otherModel));
    expect(other.generated).toBe(chapters.length);
    expect(other.evaluated).toBeGreaterThan(0);

    // Cancelled between chapters: what was written so far is kept, the rest is left for next time.
    const controller = new AbortController();
    const cancelled = asker.borrowSequence((sequence) =>
      summarizeChapters(
        {
          doc,
          chapters,
          modelHash: 'cancel-test',
          store,
          complete: (request) => chat(manager.require(), { ...request, sequence }),
          countTokens: asker.countTokens,
          contextSize: asker.loaded.context.contextSize,
          maxSummaryTokens: 24,
        },
        { signal: controller.signal, onProgress: (p) => p.done === 1 && controller.abort() },
      ),
    );
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
    const written = chapters.filter((c) => store.get({ modelHash: 'cancel-test', docId: doc.id, ...c }) !== undefined);
    expect(written.length).toBe(1);

    // One chapter longer than the context: summarised in parts, then the parts together.
    const whole: Chapter = { ...chapters[0]!, startUnit: 0, endUnit: doc.units.length, title: 'Everything' };
    const long = await run(modelHash, [whole]);
    expect(long.generated).toBe(1);
    expect(long.modelCalls).toBeGreaterThan(2);
  });
});
