import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CALL_NAMES, calls, isCallName } from '../../../src-shared/contract';
import { Engine } from '../../../src-main/engine/Engine';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-contract-'));
const engine = new Engine({ libraryDir: path.join(dir, 'lib'), modelsDir: path.join(dir, 'models'), threads: 1 });
afterAll(() => engine.dispose());

describe('contract', () => {
  it('lists every call once, each with a schema and a doc line', () => {
    expect(new Set(CALL_NAMES).size).toBe(CALL_NAMES.length);
    for (const name of CALL_NAMES) {
      expect(calls[name].input).toHaveProperty('safeParse');
      expect(calls[name].doc.length).toBeGreaterThan(10);
    }
  });

  it('knows its own names and nothing inherited', () => {
    expect(isCallName('getStatus')).toBe(true);
    expect(isCallName('toString')).toBe(false);
    expect(isCallName('__proto__')).toBe(false);
  });
});

describe('engine boundary validation', () => {
  it('rejects unknown calls with NOT_FOUND', async () => {
    const result = await engine.call('dropTables', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('rejects arguments that do not match the schema with INVALID_ARGUMENT, naming the field', async () => {
    const result = await engine.call('cancelJob', { jobId: 42 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_ARGUMENT');
      expect(result.error.message).toContain('jobId');
    }
    expect(await engine.call('cancelJob', {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await engine.call('listJobs', { extra: true })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
  });

  it('answers a valid call with a value', async () => {
    const result = await engine.call('cancelJob', { jobId: 'nope' });
    expect(result).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('lists models from an empty folder as an empty list, not an error', async () => {
    expect(await engine.call('listModels', {})).toEqual({ ok: true, value: [] });
  });
});
