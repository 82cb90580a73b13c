import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../../src-main/engine/Engine';
import { startServer, type RunningServer } from '../../../src-main/serve/server';
import { REPO_ROOT } from '../../support/serveProcess';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-serve-file-'));
const rendererDir = path.join(dir, 'renderer');
mkdirSync(rendererDir);
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
const pdf = path.join(dir, 'report.pdf');
copyFileSync(path.join(REPO_ROOT, 'resources/samples/sample-report.pdf'), pdf);

let engine: Engine;
let server: RunningServer;
let docId = '';
beforeAll(async () => {
  engine = new Engine({ libraryDir: path.join(dir, 'lib'), modelsDir: path.join(dir, 'models'), threads: 1 });
  server = await startServer({ engine, rendererDir });
  const done = await engine.jobs.wait(await engine.importPaths({ paths: [pdf], ocr: false }));
  docId = done.ok ? (done.value.results[0]?.docId ?? '') : '';
});
afterAll(async () => {
  await server.close();
  await engine.dispose();
});

const fileUrl = (id: string) => `http://127.0.0.1:${server.port}/api/documents/${id}/file`;

describe('serve bridge: a document file', () => {
  it('sends the PDF bytes as application/pdf to a client with the token', async () => {
    expect(docId).toMatch(/^[0-9a-f]{64}$/);
    const response = await fetch(fileUrl(docId), { headers: { 'x-lectern-token': server.token } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(decodeURIComponent(response.headers.get('x-file-name') ?? '')).toBe('report.pdf');
    expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(pdf))).toBe(true);
  });

  it('accepts the page cookie, and refuses a missing token or a foreign Host', async () => {
    const cookie = await fetch(fileUrl(docId), { headers: { cookie: `lectern_token=${server.token}` } });
    expect(cookie.status).toBe(200);
    expect((await fetch(fileUrl(docId))).status).toBe(401);
    // fetch() will not forge a Host header; a raw request does.
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: `/api/documents/${docId}/file`,
          headers: { host: 'evil.example', 'x-lectern-token': server.token },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('answers unknown documents with the JSON error, and the JSON call with a pointer to this route', async () => {
    const headers = { 'x-lectern-token': server.token };
    const missing = await fetch(fileUrl('f'.repeat(64)), { headers });
    expect(missing.status).toBe(404);
    await expect(missing.json()).resolves.toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const call = await fetch(`http://127.0.0.1:${server.port}/api/call/getDocumentFile`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ id: docId }),
    });
    expect(call.status).toBe(400);
    await expect(call.json()).resolves.toMatchObject({
      error: { message: expect.stringContaining('GET /api/documents') as unknown },
    });
  });
});
