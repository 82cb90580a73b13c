import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getLlama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LecternDocument } from '../../src-shared/domain/document';
import type { Chapter } from '../../src-shared/domain/chapter';
import { chapterDocument } from '../../src-main/engine/chapters/chapterDocument';
import { importFile } from '../../src-main/engine/ingest/importFile';
import { buildDocumentIndex, type DocumentIndex } from '../../src-main/engine/index/documentIndex';
import { ModelManager } from '../../src-main/engine/llm/ModelManager';
import { LocalModelAsker } from '../../src-main/engine/qa/LocalModelAsker';
import { Library } from '../../src-main/engine/store/Library';
import { evidenceContext } from '../../src-main/measure/eval/evalEvidence';
import { ensureFixtureModel, TINY_SHAPE } from '../fixtures/gguf/fixtureModels';
import { writeTopicSrt } from './support/topicTranscript';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-plan-'));
const manager = new ModelManager({ llama: () => getLlama({ gpu: false, build: 'never' }) });
let library: Library;
let doc: LecternDocument;
let chapters: Chapter[];
let asker: LocalModelAsker;
let index: DocumentIndex;
const quiet = { signal: new AbortController().signal, onProgress: () => undefined };

beforeAll(async () => {
  const file = path.join(dir, 'topics.srt');
  writeTopicSrt(file, 24);
  library = new Library(path.join(dir, 'lib'));
  const imported = await importFile(file, library, { chapter: (d) => chapterDocument(d) }, quiet);
  doc = library.documents.load(imported.docId ?? '');
  chapters = library.chapters.list(doc.id);
  await manager.load(await ensureFixtureModel(TINY_SHAPE), { threads: 1, contextSize: 4096 });
  asker = new LocalModelAsker({ loaded: manager.require(), cacheDir: path.join(dir, 'kv'), maxAnswerTokens: 8 });
  // The real tokenizer of the generated model counts every budget, as in the app.
  index = buildDocumentIndex(doc, chapters, asker.countTokens);
});
afterAll(async () => {
  asker?.dispose();
  await manager.dispose();
  library?.close();
});

describe('the evaluation scores what ask puts in the context (generated GGUF, real tokenizer, 1 thread)', () => {
  for (const ratio of [2, 8]) {
    it(`at r = ${ratio}: the same overview plan and exactly the same passage ranges`, async () => {
      const question = 'How is the sourdough dough baked in the oven?';
      await asker.forget(doc.id);
      // Answer first: until the r = 2 overview state is built, a question gets the passages-only plan.
      if (ratio === 2) await asker.prepare(index, ratio, quiet, chapters);
      const result = await asker.ask(index, question, ratio, quiet, () => undefined, chapters);
      const scored = evidenceContext({
        index: index.index,
        segments: index.segments,
        docTokens: index.docTokens,
        question,
        ratio,
        countTokens: asker.countTokens,
      });
      expect(result.plan).toBeDefined();
      const plan = result.plan!;
      expect(plan.passageRanges.length).toBeGreaterThan(0);
      expect(scored.plan.ranges).toEqual(plan.passageRanges);
      expect(scored.plan.overview.kind).toBe(plan.overview);
      expect(scored.plan.totalTokens).toBe(plan.totalTokens);
      expect(scored.plan.passageTokens).toBe(plan.passageTokens);
      expect(plan.overviewTokens + plan.passageTokens).toBeLessThanOrEqual(plan.totalTokens);
      // r = 2 keeps a compressed overview (a state at 16x); at r = 8 the passages have the whole budget.
      expect(plan.overview).toBe(ratio === 2 ? 'compressed' : 'none');
      expect(result.contextMode).toBe(ratio === 2 ? 'compressed' : 'passages');
      if (ratio === 2) expect(plan.overviewRatio).toBe(16);
      else expect(scored.overview.ranges).toEqual([]);
    });
  }
});
