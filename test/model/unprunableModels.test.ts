import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { getLlama, GgufInsights, readGgufFileInfo, type Llama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chapter } from '../../src-shared/domain/chapter';
import type { LecternDocument } from '../../src-shared/domain/document';
import { chapterDocument } from '../../src-main/engine/chapters/chapterDocument';
import { importFile } from '../../src-main/engine/ingest/importFile';
import { buildDocumentIndex } from '../../src-main/engine/index/documentIndex';
import { ModelManager, type MemoryState } from '../../src-main/engine/llm/ModelManager';
import { LocalModelAsker } from '../../src-main/engine/qa/LocalModelAsker';
import { Library } from '../../src-main/engine/store/Library';
import { ensureFixtureModel, TINY_SHAPE } from '../fixtures/gguf/fixtureModels';
import { writeTopicSrt } from './support/topicTranscript';

// One thread: steady on this shared machine (see llmManager.test.ts).
const THREADS = 1;
const CONTEXT = 2048;
const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-unprunable-'));
// Gemma 3's layout (llama.cpp applies the window on this architecture): five windowed layers to one full, and a
// context long enough that the full-size cache costs twice the windowed one.
const SWA_SHAPE = {
  ...TINY_SHAPE,
  architecture: 'gemma3' as const,
  layers: 6,
  kvHeads: 4,
  contextLength: 8192,
  slidingWindow: 64,
  name: 'lectern-fixture-swa',
};
const SWA_CONTEXT = 8192;
const MAMBA_SHAPE = { ...TINY_SHAPE, architecture: 'mamba' as const, name: 'lectern-fixture-mamba' };
let llama: Llama;
let library: Library;
let doc: LecternDocument;
let chapters: Chapter[];

const quiet = () => ({ signal: new AbortController().signal, onProgress: () => undefined });

/** Free RAM for the loader: the model plus `contextBytes`, so the test decides which cache fits. */
async function memoryFor(
  modelPath: string,
  contextBytes: (insights: GgufInsights) => Promise<number>,
): Promise<MemoryState> {
  const insights = await GgufInsights.from(await readGgufFileInfo(modelPath), llama);
  const model = insights.estimateModelResourceRequirements({ gpuLayers: 0 }).cpuRam;
  return { ramFree: model + (await contextBytes(insights)), vramFree: 0 };
}

// The estimate the loader's context-size resolver checks free memory against.
const contextBytes = async (insights: GgufInsights, swaFullCache: boolean) =>
  (
    await insights.estimateContextResourceRequirementsV2({
      contextSize: SWA_CONTEXT,
      modelGpuLayers: 0,
      flashAttention: true,
      swaFullCache,
    })
  ).cpuRam;

beforeAll(async () => {
  llama = await getLlama({ gpu: false, build: 'never' });
  const file = path.join(dir, 'topics.srt');
  writeTopicSrt(file, 12);
  library = new Library(path.join(dir, 'lib'));
  const imported = await importFile(file, library, { chapter: (d) => chapterDocument(d) }, quiet());
  if (imported.status !== 'imported') throw new Error(`The synthetic transcript did not import: ${imported.status}`);
  doc = library.documents.load(imported.docId ?? '');
  chapters = library.chapters.list(doc.id);
});
afterAll(async () => {
  library?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('models whose KV cache cannot be pruned (generated GGUFs that declare it)', () => {
  it('a plain attention model compresses in the KV cache', async () => {
    const manager = new ModelManager({ llama: () => Promise.resolve(llama) });
    const info = await manager.load(await ensureFixtureModel(TINY_SHAPE), { threads: THREADS, contextSize: CONTEXT });
    expect(info.compression).toEqual({ mode: 'kv', attention: 'full' });
    await manager.dispose();
  });

  it('a sliding-window model keeps a full cache where it fits, and says what that costs', async () => {
    const modelPath = await ensureFixtureModel(SWA_SHAPE);
    const manager = new ModelManager({ llama: () => Promise.resolve(llama) });
    const info = await manager.load(modelPath, { threads: THREADS, contextSize: SWA_CONTEXT });
    expect(info.compression).toMatchObject({ mode: 'kv', attention: 'sliding-window', swaSize: 64 });
    expect(info.compression.swaFullCacheExtraBytes).toBeGreaterThan(0);
    // node-llama-cpp needs no checkpoints for a full cache: ranges are erased in place.
    const sequence = manager.require().context.getSequence();
    expect(sequence.needsCheckpoints).toBe(false);
    await sequence.dispose();
    await manager.dispose();
  });

  it('a sliding-window model whose full cache does not fit keeps the window and compresses the text', async () => {
    const modelPath = await ensureFixtureModel(SWA_SHAPE);
    // Room for the windowed cache at this context, not for the full one.
    const memory = await memoryFor(
      modelPath,
      async (i) => ((await contextBytes(i, false)) + (await contextBytes(i, true))) / 2,
    );
    const manager = new ModelManager({ llama: () => Promise.resolve(llama), memory: () => Promise.resolve(memory) });
    const info = await manager.load(modelPath, { threads: THREADS, contextSize: SWA_CONTEXT });
    expect(info.compression).toMatchObject({ mode: 'text', attention: 'sliding-window', swaSize: 64 });
    expect(manager.require().context.getSequence().needsCheckpoints).toBe(true);
    await manager.dispose();
  });

  it('a recurrent model answers from text-level compression, with no KV state built, and follow-ups work', async () => {
    const manager = new ModelManager({ llama: () => Promise.resolve(llama) });
    const info = await manager.load(await ensureFixtureModel(MAMBA_SHAPE), {
      threads: THREADS,
      contextSize: CONTEXT,
      minContextSize: 256,
    });
    expect(info.model.meta?.architecture).toBe('mamba');
    expect(info.compression).toEqual({ mode: 'text', attention: 'recurrent' });
    const cacheDir = path.join(dir, 'kv-mamba');
    const asker = new LocalModelAsker({
      loaded: manager.require(),
      cacheDir,
      maxPassageTokens: 160,
      maxAnswerTokens: 16,
    });
    const index = buildDocumentIndex(doc, chapters, asker.countTokens);
    // r = 1: the planner's overview is the compressed document itself (a KV state for a prunable model).
    const estimate = await asker.estimate(index, 1);
    expect(estimate).toMatchObject({ compression: 'text', attention: 'recurrent', ready: true });
    const first = await asker.ask(index, 'What does the lighthouse keeper do?', 1, quiet(), () => undefined, chapters);
    expect(first.contextMode).toBe('text');
    expect(first.mode).toBe('generated');
    const followUp = await asker.ask(index, 'How is the bread baked?', 1, quiet(), () => undefined, chapters);
    expect(followUp.contextMode).toBe('text');
    // The follow-up evaluated its own turn, not the document again.
    expect(followUp.evaluatedTokens ?? Infinity).toBeLessThan(first.kvTokens);
    // Nothing was written to the KV state cache: no eviction, no saved state.
    const { readdir } = await import('node:fs/promises');
    const files = await readdir(cacheDir).catch(() => [] as string[]);
    expect(files.filter((f) => f.endsWith('.bin') || f.endsWith('.json'))).toEqual([]);
    asker.dispose();
    await manager.dispose();
  });
});
