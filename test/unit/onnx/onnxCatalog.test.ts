import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { discoverOnnxModels } from '../../../src-main/engine/onnx/discoverOnnxModels';
import { loadEmbeddingModel } from '../../../src-main/engine/onnx/loadEmbeddingModel';
import {
  ONNX_CATALOG,
  type OnnxCatalogEntry,
  onnxCatalogEntry,
  onnxFileUrl,
} from '../../../src-main/engine/onnx/onnxCatalog';
import { pullOnnxModel } from '../../../src-main/engine/onnx/pullOnnxModel';
import { type OnnxFixtures, writeOnnxFixtures } from '../../fixtures/onnx/writeOnnxFixtures';
import { sendRangeResponse } from '../../support/rangeResponse';

let dir: string;
let fx: OnnxFixtures;
let server: http.Server;
let base: string;
/** URL path -> bytes served; anything else is a 404. */
let served: Map<string, Buffer>;
let requests: { url: string; range: string | undefined }[];
/** Bytes per 10 ms for the model file, so a test can cancel mid-way (undefined: all at once). */
let throttle: number | undefined;

const entry: OnnxCatalogEntry = {
  id: 'tiny-embedding',
  name: 'Tiny',
  kind: 'embedding',
  repo: 'lectern/tiny',
  revision: 'main',
  files: [
    { path: 'onnx/model.onnx', fileName: 'model.onnx', approxBytes: 10_000 },
    { path: 'tokenizer.json', fileName: 'tokenizer.json', approxBytes: 1_000 },
    { path: 'config.json', fileName: 'config.json', approxBytes: 100 },
    { path: '1_Pooling/config.json', fileName: '1_Pooling/config.json', approxBytes: 100, optional: true },
    { path: 'sentence_bert_config.json', fileName: 'sentence_bert_config.json', approxBytes: 100, optional: true },
  ],
  sizeVerified: false,
  license: 'MIT',
  description: '',
  settings: { kind: 'embedding', pooling: 'cls', maxLength: 32 },
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-onnx-pull-'));
  fx = await writeOnnxFixtures(path.join(dir, 'fixtures'));
  const file = (name: string) => readFile(path.join(fx.embedding, name));
  served = new Map([
    ['/lectern/tiny/resolve/main/onnx/model.onnx', await file('model.onnx')],
    ['/lectern/tiny/resolve/main/tokenizer.json', await file('tokenizer.json')],
    ['/lectern/tiny/resolve/main/config.json', await file('config.json')],
    ['/lectern/tiny/resolve/main/1_Pooling/config.json', await file('1_Pooling/config.json')],
  ]);
  server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', range: req.headers.range });
    const body = served.get(req.url ?? '');
    if (!body) return void res.writeHead(404).end();
    // Only the model file is slow: the small files arrive at once.
    sendRangeResponse(req, res, body, throttle !== undefined && req.url?.endsWith('.onnx') ? { throttle } : {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  requests = [];
  throttle = undefined;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('onnxCatalog', () => {
  it('lists the four recommended models with Hugging Face file URLs, sizes marked unverified', () => {
    expect(ONNX_CATALOG.map((e) => [e.id, e.kind])).toEqual([
      ['all-minilm-l6-v2', 'embedding'],
      ['bge-small-en-v1.5', 'embedding'],
      ['multilingual-e5-small', 'embedding'],
      ['llmlingua-2-bert-base-multilingual-cased-meetingbank', 'compressor'],
    ]);
    for (const e of ONNX_CATALOG) {
      expect(e.sizeVerified).toBe(false);
      const names = e.files.map((f) => f.fileName);
      expect(names).toEqual(expect.arrayContaining(['model.onnx', 'tokenizer.json', 'config.json']));
      expect(e.files.filter((f) => !f.optional).every((f) => f.approxBytes > 0)).toBe(true);
    }
    const minilm = onnxCatalogEntry('all-minilm-l6-v2');
    expect(onnxFileUrl(minilm, minilm.files[0]!)).toBe(
      'https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/main/onnx/model.onnx',
    );
    expect(() => onnxCatalogEntry('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('pullOnnxModel', () => {
  it('downloads every file, skips a missing optional one, writes lectern.json, and the folder loads', async () => {
    const modelsDir = path.join(dir, 'pulled');
    const progress: { phase: string; done: number; total: number }[] = [];
    const described = await pullOnnxModel(
      entry,
      modelsDir,
      { signal: new AbortController().signal, onProgress: (p) => progress.push(p) },
      { baseUrl: base, retries: 0 },
    );
    const folder = path.join(modelsDir, 'tiny-embedding');
    expect(described).toMatchObject({
      dir: folder,
      kind: 'embedding',
      dims: fx.shape.hidden,
      catalogId: 'tiny-embedding',
      hasTokenizer: true,
    });
    expect(described.problem).toBeUndefined();
    expect(existsSync(path.join(folder, 'sentence_bert_config.json'))).toBe(false);
    expect(JSON.parse(await readFile(path.join(folder, 'lectern.json'), 'utf8'))).toEqual({
      ...entry.settings,
      catalogId: 'tiny-embedding',
    });
    const downloading = progress.filter((p) => p.phase === 'downloading').map((p) => p.done);
    expect(downloading).toEqual([...downloading].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({
      phase: 'verifying',
      done: described.sizeBytes - (await stat(path.join(folder, 'lectern.json'))).size,
    });
    const model = await loadEmbeddingModel(folder, { threads: 1 });
    expect(model.profile).toMatchObject({ pooling: 'cls', maxLength: 32 });
    await model.dispose();
  });

  it('resumes a cancelled pull from the partial file and skips files already there', async () => {
    const modelsDir = path.join(dir, 'resumed');
    throttle = 4096;
    const controller = new AbortController();
    const first = pullOnnxModel(
      entry,
      modelsDir,
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'downloading' && p.done > 8192) controller.abort();
        },
      },
      { baseUrl: base, retries: 0 },
    );
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED' });
    const partial = (await stat(path.join(modelsDir, 'tiny-embedding', 'model.onnx.partial'))).size;
    expect(partial).toBeGreaterThan(0);
    throttle = undefined;
    requests = [];
    await pullOnnxModel(
      entry,
      modelsDir,
      { signal: new AbortController().signal, onProgress: () => {} },
      { baseUrl: base },
    );
    expect(requests[0]).toEqual({ url: '/lectern/tiny/resolve/main/onnx/model.onnx', range: `bytes=${partial}-` });
    const model = await readFile(path.join(modelsDir, 'tiny-embedding', 'model.onnx'));
    expect(model.equals(served.get('/lectern/tiny/resolve/main/onnx/model.onnx')!)).toBe(true);
    // A third pull finds everything in place and asks the server for nothing.
    requests = [];
    await pullOnnxModel(
      entry,
      modelsDir,
      { signal: new AbortController().signal, onProgress: () => {} },
      { baseUrl: base },
    );
    expect(requests.filter((r) => served.has(r.url))).toEqual([]);
  });

  it('fails with DOWNLOAD_FAILED when a required file is missing', async () => {
    const broken = {
      ...entry,
      id: 'broken',
      files: [...entry.files, { path: 'vocab.txt', fileName: 'vocab.txt', approxBytes: 1 }],
    };
    await expect(
      pullOnnxModel(
        broken,
        path.join(dir, 'broken'),
        { signal: new AbortController().signal, onProgress: () => {} },
        { baseUrl: base, retries: 0 },
      ),
    ).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED' });
  });
});

describe('discoverOnnxModels', () => {
  it('finds model folders, tells embeddings from compressors, and lists problems without loading', async () => {
    const root = path.join(dir, 'discover');
    await mkdir(path.join(root, 'publisher'), { recursive: true });
    await cp(fx.embedding, path.join(root, 'publisher', 'minilm'), { recursive: true });
    await cp(fx.compressor, path.join(root, 'lingua'), { recursive: true });
    await cp(fx.embeddingOnnxSubdir, path.join(root, 'optimum'), { recursive: true });
    await cp(fx.noTokenizer, path.join(root, 'no-tokenizer'), { recursive: true });
    await mkdir(path.join(root, 'not-a-model'));
    await writeFile(path.join(root, 'not-a-model', 'notes.txt'), 'hello');
    const bad = path.join(root, 'bad-json');
    await cp(fx.embedding, bad, { recursive: true });
    await writeFile(path.join(bad, 'config.json'), '{');

    const found = await discoverOnnxModels(root);
    const byName = Object.fromEntries(found.map((f) => [f.name, f]));
    expect(Object.keys(byName).sort()).toEqual(['bad-json', 'lingua', 'minilm', 'no-tokenizer', 'optimum']);
    expect(byName.minilm).toMatchObject({ kind: 'embedding', dims: fx.shape.hidden, hasTokenizer: true });
    expect(byName.minilm!.sizeBytes).toBeGreaterThan((await stat(path.join(fx.embedding, 'model.onnx'))).size);
    expect(byName.lingua).toMatchObject({ kind: 'compressor' });
    expect(byName.optimum).toMatchObject({
      kind: 'embedding',
      modelPath: path.join(root, 'optimum', 'onnx', 'model.onnx'),
    });
    expect(byName['no-tokenizer']?.problem?.code).toBe('TOKENIZER_MISSING');
    expect(byName['bad-json']?.problem?.code).toBe('ONNX_MODEL_INVALID');
    expect(await discoverOnnxModels(path.join(root, 'missing'))).toEqual([]);
  });
});
