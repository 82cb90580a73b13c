import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { Engine } from '../../../src-main/engine/Engine';
import { startServer, type RunningServer } from '../../../src-main/serve/server';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-serve-'));
const rendererDir = path.join(dir, 'renderer');
mkdirSync(rendererDir);
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
writeFileSync(path.join(dir, 'secret.txt'), 'outside');

let engine: Engine;
let server: RunningServer;
beforeAll(async () => {
  engine = new Engine({ libraryDir: path.join(dir, 'lib'), modelsDir: path.join(dir, 'models'), threads: 1 });
  server = await startServer({ engine, rendererDir });
});
afterAll(async () => {
  await server.close();
  await engine.dispose();
});

const base = () => `http://127.0.0.1:${server.port}`;

/** A raw request, so the Host header and paths are sent exactly as given. */
function raw(
  pathname: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: pathname, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve bridge', () => {
  it('prints a loopback URL with a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
  });

  it('answers 401 without the token, for pages and calls', async () => {
    expect((await fetch(`${base()}/`)).status).toBe(401);
    const call = await fetch(`${base()}/api/call/getStatus`, { method: 'POST', body: '{}' });
    expect(call.status).toBe(401);
    const wrong = await fetch(`${base()}/api/call/getStatus`, {
      method: 'POST',
      body: '{}',
      headers: { 'x-lectern-token': 'x'.repeat(64) },
    });
    expect(wrong.status).toBe(401);
  });

  it('serves the page with the token, sets an HttpOnly cookie and a CSP', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toContain('HttpOnly');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await raw(`/?token=${server.token}`, { host: 'evil.example:80' });
    expect(res.status).toBe(403);
  });

  it('never serves files outside the renderer folder', async () => {
    const res = await raw(`/..%2Fsecret.txt?token=${server.token}`);
    expect(res.status).not.toBe(200);
    expect(res.body).not.toContain('outside');
  });

  it('runs contract calls and returns results as data', async () => {
    const headers = { 'x-lectern-token': server.token, 'content-type': 'application/json' };
    const ok = await (await fetch(`${base()}/api/call/listJobs`, { method: 'POST', body: '{}', headers })).json();
    expect(ok).toEqual({ ok: true, value: [] });
    const bad = await (
      await fetch(`${base()}/api/call/cancelJob`, { method: 'POST', body: '{"jobId":1}', headers })
    ).json();
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const broken = await fetch(`${base()}/api/call/listJobs`, { method: 'POST', body: '{not json', headers });
    expect(broken.status).toBe(400);
  });

  it('answers a method a route does not take with 405 and METHOD_NOT_ALLOWED', async () => {
    const res = await fetch(`${base()}/index.html`, { method: 'PUT', headers: { 'x-lectern-token': server.token } });
    expect(res.status).toBe(405);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'METHOD_NOT_ALLOWED' } });
  });

  it('pushes engine events over the WebSocket only to token holders', async () => {
    const refused = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`);
    const refusedOutcome = await new Promise<string>((resolve) => {
      refused.on('open', () => resolve('open'));
      refused.on('error', () => resolve('error'));
    });
    expect(refusedOutcome).toBe('error');

    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`);
    await new Promise((resolve) => ws.on('open', resolve));
    const received = new Promise<{ event: string; payload: { jobId: string } }>((resolve) =>
      ws.on('message', (data: Buffer) =>
        resolve(JSON.parse(data.toString()) as { event: string; payload: { jobId: string } }),
      ),
    );
    const { jobId } = engine.jobs.start('import', 'k', 'test', () => Promise.resolve({ results: [] }));
    const message = await received;
    expect(message.event).toBe('job:started');
    expect(message.payload.jobId).toBe(jobId);
    ws.close();
  });
});
