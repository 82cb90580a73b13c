import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogEntry, listCatalog, readCatalog } from '../../../src-main/engine/llm/catalog';

describe('catalog', () => {
  it('has small, medium and large chat models with hf: URIs and licenses', () => {
    const catalog = readCatalog();
    expect(new Set(catalog.map((e) => e.tier))).toEqual(new Set(['small', 'medium', 'large']));
    for (const e of catalog) {
      expect(e.uri).toMatch(/^hf:[^/]+\/[^/]+\/.+\.gguf$/);
      expect(e.uri.endsWith(e.fileName)).toBe(true);
      expect(e.sizeBytes).toBeGreaterThan(5e8);
    }
  });

  it('marks downloaded entries and refuses unknown ids and unsafe file names', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-catalog-'));
    const first = readCatalog()[0];
    if (!first) throw new Error('empty catalog');
    await writeFile(path.join(dir, first.fileName), 'x');
    expect(listCatalog(dir).find((e) => e.id === first.id)?.downloaded).toBe(true);
    expect(listCatalog(dir).filter((e) => e.downloaded)).toHaveLength(1);
    expect(() => catalogEntry('nope')).toThrow(/No catalog model/);
    expect(() => readCatalog({ models: [{ ...first, fileName: '../evil.gguf' }] })).toThrow(/invalid/);
    await rm(dir, { recursive: true, force: true });
  });
});
