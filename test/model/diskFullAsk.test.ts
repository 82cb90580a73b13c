import { mkdtempSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { getLlama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chapter } from '../../src-shared/domain/chapter';
import { chapterDocument } from '../../src-main/engine/chapters/chapterDocument';
import { importFile } from '../../src-main/engine/ingest/importFile';
import { buildDocumentIndex, type DocumentIndex } from '../../src-main/engine/index/documentIndex';
import { ModelManager } from '../../src-main/engine/llm/ModelManager';
import { LocalModelAsker } from '../../src-main/engine/qa/LocalModelAsker';
import { Library } from '../../src-main/engine/store/Library';
import { ensureFixtureModel, TINY_SHAPE } from '../fixtures/gguf/fixtureModels';
import { writeTopicSrt } from './support/topicTranscript';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-disk-full-'));
const manager = new ModelManager({ llama: () => getLlama({ gpu: false, build: 'never' }) });
const quiet = { signal: new AbortController().signal, onProgress: () => undefined };
let library: Library;
let chapters: Chapter[];
let asker: LocalModelAsker;
let index: DocumentIndex;

beforeAll(async () => {
  const file = path.join(dir, 'topics.srt');
  writeTopicSrt(file, 12);
  library = new Library(path.join(dir, 'lib'));
  const imported = await importFile(file, library, { chapter: (d) => chapterDocument(d) }, quiet);
  const doc = library.documents.load(imported.docId ?? '');
  chapters = library.chapters.list(doc.id);
  await manager.load(await ensureFixtureModel(TINY_SHAPE), { threads: 1, contextSize: 4096 });
  // Every sidecar write goes to /dev/full, which fails it with the kernel's ENOSPC: the disk is full.
  asker = new LocalModelAsker({
    loaded: manager.require(),
    cacheDir: path.join(dir, 'kv'),
    maxAnswerTokens: 8,
    stateCache: { writeSidecar: (_file, data) => writeFile('/dev/full', data) },
  });
  index = buildDocumentIndex(doc, chapters, asker.countTokens);
});
afterAll(async () => {
  asker?.dispose();
  await manager.dispose();
  library?.close();
});

describe('a full disk while the compressed document is saved (generated GGUF, 1 thread)', () => {
  it('answers from the built state, says once that it could not be saved, and leaves no partial files', async () => {
    await asker.prepare(index, 2, quiet, chapters);
    const question = 'How is the sourdough dough baked in the oven?';
    const first = await asker.ask(index, question, 2, quiet, () => undefined, chapters);
    expect(first.mode).toBe('generated');
    expect(first.contextMode).toBe('compressed');
    expect(first.warnings?.map((w) => w.code)).toEqual(['CACHE_WRITE_FAILED']);
    expect(first.warnings?.[0]?.message).toContain('the disk is full');
    const second = await asker.ask(index, 'What is said about the oven?', 2, quiet, () => undefined, chapters);
    expect(second.contextMode).toBe('compressed');
    expect(second.warnings).toBeUndefined();
    // No saved state and no temporary file; the build's checkpoints stay (they were written), so a rebuild resumes.
    const files = readdirSync(path.join(dir, 'kv'));
    expect(files.filter((f) => f.endsWith('.tmp') || /^[0-9a-f]+\.(?:kvstate|json)$/.test(f))).toEqual([]);
  }, 300_000);
});
