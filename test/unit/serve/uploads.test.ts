import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { Engine } from '../../../src-main/engine/Engine';
import { startServer, type RunningServer } from '../../../src-main/serve/server';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-uploads-'));
const rendererDir = path.join(dir, 'renderer');
mkdirSync(rendererDir);
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');

let engine: Engine;
let server: RunningServer;
let uploads: string;
beforeAll(async () => {
  engine = new Engine({ libraryDir: path.join(dir, 'lib'), modelsDir: path.join(dir, 'models'), threads: 1 });
  uploads = path.join(engine.paths.cacheDir, 'uploads');
  server = await startServer({ engine, rendererDir, maxUploadBytes: 1000 });
});
afterAll(async () => {
  await server.close();
  await engine.dispose();
});

interface Reply {
  status: number;
  json: { ok: boolean; value?: { id: string; name: string }; error?: { code: string } };
}

/** A raw request: chunked unless a content-length is given; `abortAfter` drops the connection mid-body. */
function request(
  pathname: string,
  headers: Record<string, string>,
  chunks: Buffer[],
  abortAfter?: number,
): Promise<Reply | 'aborted'> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: pathname,
        method: 'POST',
        headers: { 'x-lectern-token': server.token, ...headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(body) as Reply['json'] }));
      },
    );
    req.on('error', (error) => (abortAfter !== undefined ? resolve('aborted') : reject(error)));
    chunks.forEach((c, i) => {
      req.write(c);
      if (i + 1 === abortAfter) setTimeout(() => req.destroy(), 100);
    });
    if (abortAfter === undefined) req.end();
  });
}

const upload = (name: string, chunks: Buffer[], abortAfter?: number) =>
  request('/api/upload', { 'x-file-name': name }, chunks, abortAfter);
const leftovers = () => (existsSync(uploads) ? readdirSync(uploads) : []);
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('serve uploads', () => {
  it('holds a chunked upload (no Content-Length) to the byte cap, and keeps nothing of it', async () => {
    const reply = (await upload('big.txt', [Buffer.alloc(600, 97), Buffer.alloc(600, 97)])) as Reply;
    expect(reply.status).toBe(413);
    expect(reply.json.error?.code).toBe('FILE_TOO_LARGE');
    expect(leftovers()).toEqual([]);
  });

  it('answers 400 for malformed percent-encoding and for the names . and ..', async () => {
    for (const name of ['%', '%E0%A4%A', '.', '..', '%2E%2E']) {
      const reply = (await upload(name, [Buffer.from('x')])) as Reply;
      expect(reply.status, name).toBe(400);
      expect(reply.json.error?.code).toBe('INVALID_ARGUMENT');
    }
    const call = (await request('/api/call/%E0%A4%A', {}, [Buffer.from('{}')])) as Reply;
    expect(call.status).toBe(400);
    expect(leftovers()).toEqual([]);
  });

  it('removes an aborted upload', async () => {
    expect(await upload('half.txt', [Buffer.alloc(200, 97)], 1)).toBe('aborted');
    await settle();
    expect(leftovers()).toEqual([]);
  });

  it('removes an upload once it is imported, and folders older than a day at the next upload', async () => {
    const stale = path.join(uploads, 'stale');
    mkdirSync(stale, { recursive: true });
    const old = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(stale, old, old);
    const reply = (await upload('notes.txt', [Buffer.from('Lantern notes.\n')])) as Reply;
    expect(reply.json.ok).toBe(true);
    // The page gets the upload's id and name, never where the engine saved it.
    expect(Object.keys(reply.json.value ?? {}).sort()).toEqual(['id', 'name']);
    expect(reply.json.value?.id).toMatch(/^file:[0-9a-f-]{36}$/);
    expect(reply.json.value?.name).toBe('notes.txt');
    expect(leftovers()).toHaveLength(1);
    const started = (await request('/api/call/importFiles', { 'content-type': 'application/json' }, [
      Buffer.from(JSON.stringify({ files: [reply.json.value?.id] })),
    ])) as Reply;
    expect(started.json.ok).toBe(true);
    await engine.jobs.wait({ jobId: (started.json.value as unknown as { jobId: string }).jobId, kind: 'import' });
    await settle();
    expect(leftovers()).toEqual([]);
  });

  it('moves a GGUF chosen in the page into the models folder (never over another), and refuses other files', async () => {
    const toModels = (name: string) =>
      request('/api/upload?to=models', { 'x-file-name': name }, [Buffer.from('GGUF not really')]) as Promise<Reply>;
    const first = await toModels('tiny-model.gguf');
    expect(first.status).toBe(200);
    expect(first.json.value?.name).toBe('tiny-model.gguf');
    const second = await toModels('tiny-model.gguf');
    expect(second.json.value?.name).toBe('tiny-model (2).gguf');
    expect(second.json.value?.id).not.toBe(first.json.value?.id);
    expect(engine.grants.peek(first.json.value?.id ?? '')).toBe(path.join(engine.paths.modelsDir, 'tiny-model.gguf'));
    const refused = await toModels('notes.txt');
    expect(refused.status).toBe(415);
    expect(refused.json.error?.code).toBe('UNSUPPORTED_FORMAT');
    expect(readdirSync(engine.paths.modelsDir).sort()).toEqual(['tiny-model (2).gguf', 'tiny-model.gguf']);
    expect(leftovers()).toEqual([]);
  });

  it('refuses another origin on HTTP and WebSocket, and allows none (the CLI)', async () => {
    const foreign = (await request('/api/call/getStatus', { origin: 'http://evil.example' }, [
      Buffer.from('{}'),
    ])) as Reply;
    expect(foreign.status).toBe(403);
    const own = (await request('/api/call/getStatus', { origin: `http://127.0.0.1:${server.port}` }, [
      Buffer.from('{}'),
    ])) as Reply;
    expect(own.status).toBe(200);
    const opened = (origin?: string) =>
      new Promise<boolean>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`, {
          ...(origin ? { origin } : {}),
        });
        ws.on('open', () => {
          ws.close();
          resolve(true);
        });
        ws.on('error', () => resolve(false));
      });
    expect(await opened('http://evil.example')).toBe(false);
    expect(await opened()).toBe(true);
  });

  it('says PORT_IN_USE when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(startServer({ engine, rendererDir, port })).rejects.toMatchObject({ code: 'PORT_IN_USE' });
    } finally {
      blocker.close();
    }
  });
});
