import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_NAMES } from '../../../src-shared/contract';
import { Engine } from '../../../src-main/engine/Engine';
import type { KeySealer } from '../../../src-main/engine/remote/StoredServer';

const KEY = 'sk-lectern-sealed-3b7e91c04d';

/**
 * A real reversible cipher in place of Electron's safeStorage (absent here): AES-256-GCM under a key that only this
 * object holds, as the OS keychain holds safeStorage's. It also counts its calls, so the test sees the seam used.
 */
function aesSealer(): KeySealer & { calls: string[] } {
  const secret = randomBytes(32);
  const calls: string[] = [];
  return {
    calls,
    seal: (plain) => {
      calls.push('seal');
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', secret, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Promise.resolve(Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'));
    },
    unseal: (sealed) => {
      calls.push('unseal');
      const raw = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', secret, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Promise.resolve(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
    },
  };
}

let dir: string;
let server: Server;
let url: string;
const authorizations: (string | undefined)[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-stored-server-'));
  // Just enough of an OpenAI-compatible server to see which key a request carries.
  server = createServer((req, res) => {
    authorizations.push(req.headers.authorization);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model', owned_by: 'vllm' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

const engineWith = (keySealer?: KeySealer) =>
  new Engine({
    libraryDir: path.join(dir, 'lib'),
    modelsDir: path.join(dir, 'models'),
    threads: 1,
    ...(keySealer ? { keySealer } : {}),
  });

describe('the server API key at rest', () => {
  it('is sealed on disk, restored by the next engine with the same sealer, and never in a result or an event', async () => {
    const sealer = aesSealer();
    const first = engineWith(sealer);
    const seen: string[] = [];
    for (const name of EVENT_NAMES) first.events.on(name, (p) => seen.push(JSON.stringify(p)));
    const view = await first.invoke('setServer', { baseUrl: url, apiKey: KEY, model: 'm' });
    seen.push(JSON.stringify(view), JSON.stringify(await first.invoke('getServer', {})));
    await first.dispose();

    const file = path.join(dir, 'lib', 'server.json');
    const stored = readFileSync(file, 'utf8');
    expect(stored).not.toContain(KEY);
    const parsed = JSON.parse(stored) as { baseUrl: string; model: string; sealedApiKey: unknown };
    expect({ baseUrl: parsed.baseUrl, model: parsed.model }).toEqual({ baseUrl: url, model: 'm' });
    expect(typeof parsed.sealedApiKey).toBe('string');
    expect(sealer.calls).toContain('seal');

    const second = engineWith(sealer);
    const restored = await second.invoke('getServer', {});
    seen.push(JSON.stringify(restored));
    expect(restored).toEqual({ baseUrl: url, model: 'm', hasApiKey: true });
    expect(sealer.calls).toContain('unseal');
    // The restored key is the one sent, to the configured host only.
    const tested = await second.invoke('testServer', {});
    seen.push(JSON.stringify(tested));
    expect(authorizations.at(-1)).toBe(`Bearer ${KEY}`);
    expect(seen.join('\n')).not.toContain(KEY);

    await second.invoke('clearServer', {});
    expect(existsSync(file)).toBe(false);
    await second.dispose();
  });

  it('is kept in memory only without a sealer (CLI, serve): nothing is written', async () => {
    const engine = engineWith();
    await engine.invoke('setServer', { baseUrl: url, apiKey: KEY });
    expect(existsSync(path.join(dir, 'lib', 'server.json'))).toBe(false);
    await engine.dispose();
    const next = engineWith();
    expect(await next.invoke('getServer', {})).toBeNull();
    await next.dispose();
  });

  it('a key another sealer cannot open leaves no server set', async () => {
    const sealing = engineWith(aesSealer());
    await sealing.invoke('setServer', { baseUrl: url, apiKey: KEY });
    await sealing.dispose();
    const other = engineWith(aesSealer());
    expect(await other.invoke('getServer', {})).toBeNull();
    await other.dispose();
  });
});
