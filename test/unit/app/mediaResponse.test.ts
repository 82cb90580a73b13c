import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { desktopMediaUrl } from '../../../src-shared/domain/media';
import { mediaDocId, mediaResponse } from '../../../src-main/app/mediaResponse';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-media-protocol-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = path.join(dir, 'episode.wav');
const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
writeFileSync(file, bytes);
const found = { ok: true as const, value: { path: file, contentType: 'audio/wav', bytes: bytes.length } };

const request = (range?: string, method = 'GET') => ({
  method,
  url: desktopMediaUrl('doc 1/x'),
  headers: new Headers(range ? { range } : {}),
});

describe('the desktop media protocol', () => {
  it('names a document, never a path, and reads it back', () => {
    const url = desktopMediaUrl('doc 1/x');
    expect(url).toBe('lectern-media://media/doc%201%2Fx');
    expect(mediaDocId(url)).toBe('doc 1/x');
    expect(mediaDocId('lectern-media://media/a/b')).toBeUndefined();
    expect(mediaDocId('lectern-media://elsewhere/a')).toBeUndefined();
    expect(mediaDocId('lectern-media://media/%E0%A4%A')).toBeUndefined();
  });

  it('answers a byte range with 206 and exactly those bytes', async () => {
    const response = mediaResponse(request('bytes=100-199'), found);
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(response.headers.get('content-length')).toBe('100');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes.subarray(100, 200));
  });

  it('answers the whole file without a range, 416 past its end, no body to HEAD', async () => {
    const whole = mediaResponse(request(), found);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(bytes);
    const past = mediaResponse(request('bytes=5000-'), found);
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */1000');
    const head = mediaResponse(request(undefined, 'HEAD'), found);
    expect(head.headers.get('content-length')).toBe('1000');
    expect(await head.text()).toBe('');
  });

  it('maps the engine errors and no recording to statuses with the contract error', async () => {
    const moved = mediaResponse(request(), { ok: false, error: { code: 'FILE_NOT_FOUND', message: 'moved' } });
    expect(moved.status).toBe(404);
    expect(await moved.json()).toEqual({ ok: false, error: { code: 'FILE_NOT_FOUND', message: 'moved' } });
    expect(mediaResponse(request(), { ok: true, value: null }).status).toBe(404);
    expect(mediaResponse(request(undefined, 'POST'), found).status).toBe(405);
  });
});
