import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloadFile, resolveDownloadUrl } from '../../../src-main/engine/llm/downloadFile';
import { listModels } from '../../../src-main/engine/llm/discoverModels';
import { pullCatalogModel } from '../../../src-main/engine/llm/pullModel';
import { sendRangeResponse } from '../../support/rangeResponse';
import { writeTestGgufs } from './badGgufFiles';
import type { CatalogEntry } from '../../../src-shared/domain/model';

let dir: string;
let body: Buffer;
let sha: string;
let server: http.Server;
let base: string;
/** Per test: cut the response after this many bytes on the first GET (undefined: never). */
let cutFirstAt: number | undefined;
/** Per test: send this slowly (bytes per 10 ms), so a test can cancel mid-way. */
let throttle: number | undefined;
let requests: { range: string | undefined; sent: number }[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-download-'));
  const files = await writeTestGgufs(dir);
  body = await readFile(files.good); // a real GGUF, so the finished file is listed with its metadata
  sha = createHash('sha256').update(body).digest('hex');
  server = http.createServer((req, res) => {
    const record = { range: req.headers.range, sent: 0 };
    requests.push(record);
    sendRangeResponse(req, res, body, {
      // The first GET is cut when a test asks for it, as a flaky network would.
      ...(requests.length === 1 && cutFirstAt !== undefined ? { cutAt: cutFirstAt } : {}),
      ...(throttle !== undefined ? { throttle } : {}),
      onSent: (bytes) => (record.sent = bytes),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  cutFirstAt = undefined;
  throttle = undefined;
  requests = [];
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const target = (name: string) => path.join(dir, 'models', name);

describe('downloadFile', () => {
  it('downloads with progress and a matching checksum, under a partial name until done', async () => {
    const progress: number[] = [];
    const result = await downloadFile({
      uri: `${base}/m.gguf`,
      destination: target('a.gguf'),
      sha256: sha,
      onProgress: (p) => {
        expect(p.totalBytes).toBe(body.length);
        progress.push(p.downloadedBytes);
      },
    });
    expect(result).toMatchObject({ bytes: body.length, sha256: sha, requestOffsets: [0] });
    expect(progress.at(-1)).toBe(body.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect((await readFile(target('a.gguf'))).equals(body)).toBe(true);
    expect(existsSync(target('a.gguf.partial'))).toBe(false);
  });

  it('resumes with a Range request after the connection drops mid-way', async () => {
    cutFirstAt = Math.floor(body.length / 3);
    const result = await downloadFile({
      uri: `${base}/m.gguf`,
      destination: target('b.gguf'),
      sha256: sha,
      retryDelayMs: 10,
    });
    // The retry starts where the client's data stopped (what arrived before the cut), not at 0.
    expect(requests).toHaveLength(2);
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(requests[1]?.range ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(cutFirstAt);
    expect(result.requestOffsets).toEqual([0, resumedAt]);
    expect(requests[1]?.sent).toBe(body.length - resumedAt);
    expect((await readFile(target('b.gguf'))).equals(body)).toBe(true);
  });

  it('keeps the partial file on cancel and continues from it next time', async () => {
    throttle = 64 * 1024;
    const controller = new AbortController();
    const first = downloadFile({
      uri: `${base}/m.gguf`,
      destination: target('c.gguf'),
      signal: controller.signal,
      onProgress: (p) => {
        if (p.downloadedBytes >= body.length / 2) controller.abort();
      },
    });
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED' });
    const kept = (await stat(target('c.gguf.partial'))).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(body.length);
    // Discovery never lists the partial file.
    expect((await listModels({ modelsDir: path.join(dir, 'models'), host: false })).map((m) => m.name)).not.toContain(
      'c',
    );
    throttle = undefined;
    const result = await downloadFile({ uri: `${base}/m.gguf`, destination: target('c.gguf'), sha256: sha });
    expect(result.requestOffsets).toEqual([kept]);
    expect((await readFile(target('c.gguf'))).equals(body)).toBe(true);
  });

  it('rejects a checksum mismatch and deletes the file', async () => {
    await expect(
      downloadFile({ uri: `${base}/m.gguf`, destination: target('d.gguf'), sha256: 'f'.repeat(64) }),
    ).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    const left = await readdir(path.join(dir, 'models'));
    expect(left.filter((n) => n.startsWith('d.gguf'))).toEqual([]);
  });

  it('says plainly when the host cannot be reached', async () => {
    // A port that was just free: nothing listens there.
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const error = await downloadFile({
      uri: `http://127.0.0.1:${port}/m.gguf`,
      destination: target('e.gguf'),
      modelsDir: '/models/here',
      retries: 1,
      retryDelayMs: 10,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETWORK_UNAVAILABLE' });
    expect((error as Error).message).toBe(
      `Lectern could not reach 127.0.0.1:${port} — you are offline or the host is blocked. You can also put a .gguf file into /models/here.`,
    );
  });

  it('reports a server error as DOWNLOAD_FAILED', async () => {
    const failing = http.createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(failing.address() as AddressInfo).port}/m.gguf`;
    await expect(downloadFile({ uri: url, destination: target('f.gguf') })).rejects.toMatchObject({
      code: 'DOWNLOAD_FAILED',
    });
    await new Promise((resolve) => failing.close(resolve));
  });

  it('turns hf: URIs into Hugging Face download URLs', () => {
    expect(resolveDownloadUrl('hf:Qwen/Qwen3-4B-GGUF/Qwen3-4B-Q4_K_M.gguf')).toBe(
      'https://huggingface.co/Qwen/Qwen3-4B-GGUF/resolve/main/Qwen3-4B-Q4_K_M.gguf',
    );
    expect(resolveDownloadUrl('hf:o/r/dir/f.gguf#dev')).toBe('https://huggingface.co/o/r/resolve/dev/dir/f.gguf');
    expect(resolveDownloadUrl('https://x.test/f.gguf')).toBe('https://x.test/f.gguf');
  });
});

describe('pullCatalogModel', () => {
  it('downloads into the models folder as a job stage and lists the result', async () => {
    const entry: CatalogEntry = {
      id: 'tiny',
      name: 'Tiny',
      tier: 'small',
      uri: 'hf:nobody/none/tiny.gguf',
      fileName: 'tiny.gguf',
      sizeBytes: body.length,
      sha256: sha,
      license: 'MIT',
      description: '',
    };
    const phases: string[] = [];
    const modelsDir = path.join(dir, 'pulled');
    const model = await pullCatalogModel(
      entry,
      modelsDir,
      { signal: new AbortController().signal, onProgress: (p) => phases.push(p.phase) },
      { uri: `${base}/tiny.gguf` },
    );
    expect(model).toMatchObject({ name: 'tiny', source: 'lectern', meta: { architecture: 'llama' } });
    expect(new Set(phases)).toEqual(new Set(['connecting', 'downloading', 'verifying']));
    expect((await listModels({ modelsDir, host: false })).map((m) => m.path)).toEqual([model.path]);
  });
});
