import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getLlama, GgufInsights, readGgufFileInfo, type Llama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../src-shared/domain/jobs';
import { EventBus } from '../../src-main/engine/events/EventBus';
import { FileGrants } from '../../src-main/engine/files/FileGrants';
import { modelHandlers } from '../../src-main/engine/handlers/modelHandlers';
import { JobRunner } from '../../src-main/engine/jobs/JobRunner';
import { benchDecode, chat } from '../../src-main/engine/llm/generate';
import { ModelManager, type MemoryState } from '../../src-main/engine/llm/ModelManager';
import { BENCH_SHAPE, ensureFixtureModel } from '../fixtures/gguf/fixtureModels';
import { writeTestGgufs } from '../unit/llm/badGgufFiles';

// Explicit threads. 1, not 2: on this shared 2-core machine under load, 2 threads measured 400x slower decoding
// (llama.cpp's threads spin-wait on each other when one is descheduled); 1 thread is steady.
const THREADS = 1;
const STORIES = fileURLToPath(new URL('../../../shared/models/stories260K/stories260K.gguf', import.meta.url));

let dir: string;
let files: Awaited<ReturnType<typeof writeTestGgufs>>;
let bench: string;
let llama: Llama;
let manager: ModelManager;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-llm-'));
  files = await writeTestGgufs(dir);
  bench = await ensureFixtureModel(BENCH_SHAPE);
  llama = await getLlama({ gpu: false, build: 'never' });
  manager = new ModelManager({ llama: () => Promise.resolve(llama) });
});

afterAll(async () => {
  await manager?.dispose();
  // KNOWN GAP: in this file's full run (a cancelled load followed by later loads and chats), llama.dispose() has
  // been seen to never settle, though the same sequence in a plain script disposes in 1 ms. Bounded here so the
  // suite reports instead of hanging for the hook timeout; see the runtime report.
  const disposed = await Promise.race([
    llama?.dispose().then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), 15_000).unref()),
  ]);
  if (!disposed) console.warn('llama.dispose() did not settle within 15 s');
  await rm(dir, { recursive: true, force: true });
});

describe('ModelManager', () => {
  it('loads a model with an explicit thread count and reports what it chose', async () => {
    const info = await manager.load(files.good, { threads: THREADS, contextSize: 1024 });
    expect(info).toMatchObject({
      backend: 'cpu',
      gpuLayers: 0,
      contextSize: 1024,
      threads: THREADS,
      kvCacheType: 'f16',
      flashAttention: true,
      model: { path: files.good, meta: { architecture: 'llama', hasChatTemplate: true } },
    });
    // 2 layers × (2 KV heads × 16) × (K + V) × 2 bytes = 256 bytes per token.
    expect(info.kvCacheBytes).toBe(256 * 1024);
    expect(manager.info()).toEqual(info);
    expect(await manager.unload()).toBe(true);
    expect(manager.info()).toBeNull();
    expect(await manager.unload()).toBe(false);
  });

  it('refuses broken files by their header with the right code, and keeps working', async () => {
    const cases = [
      [files.truncated, 'MODEL_INCOMPATIBLE'],
      [files.headerCut, 'MODEL_INCOMPATIBLE'],
      [files.garbage, 'MODEL_INCOMPATIBLE'],
      [files.empty, 'MODEL_INCOMPATIBLE'],
      [files.vocabOnly, 'MODEL_INCOMPATIBLE'],
      [files.foreign, 'MODEL_INCOMPATIBLE'],
      [path.join(dir, 'missing.gguf'), 'MODEL_NOT_FOUND'],
    ] as const;
    for (const [file, code] of cases)
      await expect(manager.load(file, { threads: THREADS }), path.basename(file)).rejects.toMatchObject({ code });
    const shared = '/work/shared/models/ggml-vocab-only/ggml-vocab-llama-spm.gguf';
    if (existsSync(shared))
      await expect(manager.load(shared, { threads: THREADS })).rejects.toMatchObject({ code: 'MODEL_INCOMPATIBLE' });
    const info = await manager.load(files.good, { threads: THREADS, contextSize: 512, minContextSize: 512 });
    expect(info.contextSize).toBe(512);
  });

  it('checks memory before loading: INSUFFICIENT_MEMORY for the weights, CONTEXT_TOO_SMALL for the context', async () => {
    const insights = await GgufInsights.from(await readGgufFileInfo(bench), llama);
    const weights = insights.estimateModelResourceRequirements({ gpuLayers: 0 }).cpuRam;
    const small = (ramFree: number) =>
      new ModelManager({
        llama: () => Promise.resolve(llama),
        memory: (): Promise<MemoryState> => Promise.resolve({ ramFree, vramFree: 0 }),
      });
    await expect(small(weights / 2).load(bench, { threads: THREADS })).rejects.toMatchObject({
      code: 'INSUFFICIENT_MEMORY',
    });
    // Room for the weights and a little more, not for 2048 tokens of KV cache (16 MB here).
    await expect(small(weights + 2e6).load(bench, { threads: THREADS })).rejects.toMatchObject({
      code: 'CONTEXT_TOO_SMALL',
    });
    // With plenty of memory, `auto` takes the training context.
    const roomy = small(weights + 4e9);
    const info = await roomy.load(bench, { threads: THREADS });
    expect(info.contextSize).toBe(BENCH_SHAPE.contextLength);
    await roomy.dispose();
  });

  it('quantizes the KV cache and computes the saving', async () => {
    const f16 = await manager.load(bench, { threads: THREADS, contextSize: 4096 });
    const q8 = await manager.load(bench, { threads: THREADS, contextSize: 4096, kvCacheType: 'q8_0' });
    const q4 = await manager.load(bench, { threads: THREADS, contextSize: 4096, kvCacheType: 'q4_0' });
    expect(f16.kvCacheBytes).toBe(8192 * 4096); // ARCHITECTURE.md: 8,192 bytes per token in f16
    expect(q8.kvCacheBytesF16).toBe(f16.kvCacheBytes);
    expect(q8.kvCacheBytes).toBe((f16.kvCacheBytes * 34) / 64);
    expect(q4.kvCacheBytes).toBe((f16.kvCacheBytes * 18) / 64);
    expect(manager.current?.context.kvCacheKeyType).toBe(2); // GgmlType.Q4_0: the option reached llama.cpp
    // The tiny model's 16-wide heads cannot hold 32-value blocks: refused before llama.cpp sees it.
    await expect(manager.load(files.good, { threads: THREADS, kvCacheType: 'q8_0' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('cancels a load in progress and leaves nothing loaded', async () => {
    await manager.unload();
    const controller = new AbortController();
    const progress: number[] = [];
    const load = manager.load(bench, {
      threads: THREADS,
      contextSize: 2048,
      signal: controller.signal,
      onProgress: (f) => {
        progress.push(f);
        controller.abort();
      },
    });
    await expect(load).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(progress.length).toBeGreaterThan(0);
    expect(manager.info()).toBeNull();
  });

  it('streams a chat answer with timings, constrains JSON, and cancels a generation', async () => {
    await manager.load(bench, { threads: THREADS, contextSize: 2048 });
    const loaded = manager.require();
    const chunks: string[] = [];
    const answer = await chat(loaded, {
      system: 'You answer briefly.',
      prompt: 'What is the main result of the study?',
      maxTokens: 16,
      onTextChunk: (t) => chunks.push(t),
    });
    expect(answer.text).toBe(chunks.join(''));
    expect(answer.timings.promptTokens).toBeGreaterThan(10);
    expect(answer.timings.outputTokens).toBeGreaterThan(0);
    expect(answer.timings.ttftMs).toBeGreaterThan(0);
    if (answer.stopReason === 'maxTokens') expect(answer.timings.outputTokens).toBe(16);

    const json = await chat(loaded, {
      prompt: 'Give the chapter title.',
      maxTokens: 200,
      jsonSchema: { type: 'object', properties: { title: { type: 'string', maxLength: 20 } }, required: ['title'] },
    });
    if (json.stopReason === 'eogToken') expect(typeof (json.json as { title?: unknown }).title).toBe('string');

    const controller = new AbortController();
    let seen = 0;
    await expect(
      chat(loaded, {
        prompt: 'Tell a long story.',
        maxTokens: 500,
        signal: controller.signal,
        onTextChunk: () => {
          if (++seen === 3) controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    // The sequence was given back: the context can answer again.
    expect(loaded.context.sequencesLeft).toBe(1);
    const speed = await benchDecode(loaded, 'The report gives a short summary of the data.', 8);
    expect(speed.outputTokens).toBe(8);
  });

  it('switches models without leaking memory', async () => {
    const rss = () => process.memoryUsage().rss;
    await manager.unload();
    // Warm up once so allocator pools and code pages count in the baseline.
    await manager.load(bench, { threads: THREADS, contextSize: 2048 });
    await benchDecode(manager.require(), 'Warm up.', 4);
    await manager.unload();
    const baseline = rss();
    const loadedSizes: number[] = [];
    for (let i = 0; i < 3; i++) {
      await manager.load(bench, { threads: THREADS, contextSize: 2048 });
      await benchDecode(manager.require(), 'The report gives a short summary.', 4);
      loadedSizes.push(rss());
      await manager.load(files.good, { threads: THREADS, contextSize: 512, minContextSize: 512 }); // switch
      await manager.unload();
    }
    const after = rss();
    // A leaked bench model would keep about 80 MB (weights + KV) per round; three rounds would show 240 MB.
    expect(after - baseline).toBeLessThan(60e6);
    expect(Math.max(...loadedSizes)).toBeGreaterThan(baseline);
  });

  it.skipIf(!existsSync(STORIES))('loads the shared stories260K model (skipped without /work/shared)', async () => {
    const info = await manager.load(STORIES, { threads: THREADS, contextSize: 'auto' });
    expect(info.model.meta).toMatchObject({ architecture: 'llama', hasChatTemplate: false });
    const speed = await benchDecode(manager.require(), 'Once upon a time', 16);
    expect(speed.outputTokens).toBe(16);
    await manager.unload();
  });
});

describe('modelHandlers', () => {
  it('loads through a job with progress, reports info and unloads', async () => {
    const events = new EventBus();
    const jobs = new JobRunner(events, { throttleMs: 0 });
    const handlerManager = new ModelManager({ llama: () => Promise.resolve(llama) });
    const modelsDir = path.dirname(files.good);
    const handlers = modelHandlers({
      manager: handlerManager,
      jobs,
      paths: { modelsDir },
      threads: () => THREADS,
      host: false,
      grants: new FileGrants(),
    });
    const progress: JobProgress[] = [];
    events.on('job:progress', (p) => progress.push(p));
    const listed = await handlers.listModels({});
    const good = listed.find((m) => m.path === files.good);
    if (!good) throw new Error('good.gguf not listed');
    const started = await handlers.loadModel({
      ref: good.id,
      contextSize: 1024,
      gpuLayers: 'auto',
      kvCacheType: 'f16',
      flashAttention: true,
    });
    const result = await jobs.wait(started);
    expect(result.ok && result.value.contextSize).toBe(1024);
    expect(progress.some((p) => p.kind === 'loadModel' && p.phase === 'loading')).toBe(true);
    expect((await handlers.getModelInfo({}))?.model.id).toBe(good.id);

    const bad = await handlers.loadModel({
      ref: files.vocabOnly,
      contextSize: 'auto',
      gpuLayers: 'auto',
      kvCacheType: 'f16',
      flashAttention: true,
    });
    const failed = await jobs.wait(bad);
    expect(!failed.ok && failed.error.code).toBe('MODEL_INCOMPATIBLE');

    expect(await handlers.unloadModel({})).toEqual({ unloaded: true });
    expect(await handlers.getModelInfo({})).toBeNull();
    await handlerManager.dispose();
  });

  it("loads a GGUF chosen by grant id from outside the models folder, then lists it as the user's", async () => {
    const events = new EventBus();
    const jobs = new JobRunner(events, { throttleMs: 0 });
    const handlerManager = new ModelManager({ llama: () => Promise.resolve(llama) });
    const elsewhere = await mkdtemp(path.join(os.tmpdir(), 'lectern-chosen-'));
    const emptyModels = await mkdtemp(path.join(os.tmpdir(), 'lectern-models-'));
    try {
      const chosenFile = path.join(elsewhere, 'my-chosen-model.gguf');
      await copyFile(files.good, chosenFile);
      const notGguf = path.join(elsewhere, 'notes.txt');
      await writeFile(notGguf, 'not a model');
      const grants = new FileGrants();
      const handlers = modelHandlers({
        manager: handlerManager,
        jobs,
        paths: { modelsDir: emptyModels },
        threads: () => THREADS,
        host: false,
        grants,
      });
      expect(await handlers.listModels({})).toEqual([]);
      const started = await handlers.loadModel({
        ref: grants.grant(chosenFile).id,
        contextSize: 512,
        gpuLayers: 'auto',
        kvCacheType: 'f16',
        flashAttention: true,
      });
      const job = jobs.list().find((j) => j.jobId === started.jobId);
      // The title names the file, never the grant id or a path hash.
      expect(job?.label).toBe('Loading my-chosen-model');
      const result = await jobs.wait(started);
      expect(result.ok && result.value.model.path).toBe(chosenFile);
      const listed = await handlers.listModels({});
      expect(listed.map((m) => [m.name, m.source])).toEqual([['my-chosen-model', 'user']]);
      expect(listed[0]?.meta?.quantization).toBeTruthy();

      await expect(
        Promise.resolve().then(() =>
          handlers.loadModel({
            ref: grants.grant(notGguf).id,
            contextSize: 'auto',
            gpuLayers: 'auto',
            kvCacheType: 'f16',
            flashAttention: true,
          }),
        ),
      ).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
      await expect(
        Promise.resolve().then(() =>
          handlers.loadModel({
            ref: 'file:00000000-0000-4000-8000-000000000000',
            contextSize: 'auto',
            gpuLayers: 'auto',
            kvCacheType: 'f16',
            flashAttention: true,
          }),
        ),
      ).rejects.toMatchObject({ code: 'FILE_NOT_GRANTED' });
      await handlerManager.unload();
    } finally {
      await handlerManager.dispose();
      await rm(elsewhere, { recursive: true, force: true });
      await rm(emptyModels, { recursive: true, force: true });
    }
  });
});
