import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LecternDocument } from '../../../src-shared/domain/document';
import { Engine } from '../../../src-main/engine/Engine';
import { Library, toFtsQuery } from '../../../src-main/engine/store/Library';
import { openDatabase } from '../../../src-main/engine/store/openDatabase';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'lectern-lib-'));

function sampleDoc(id = 'a'.repeat(64)): LecternDocument {
  const parts = ['Water treatment plants remove sediment.', 'Chlorine disinfects the supply.', 'Pipes age and leak.'];
  const text = parts.join('\n\n');
  let at = 0;
  const units = parts.map((p, index) => {
    const unit = { index, start: at, end: at + p.length, anchor: { type: 'page' as const, page: index + 1 } };
    at += p.length + 2;
    return unit;
  });
  return {
    id,
    title: 'Water',
    kind: 'pdf',
    text,
    units,
    meta: { fileName: 'water.pdf', sizeBytes: 10, format: 'pdf', pages: 3 },
  };
}

const opened: Library[] = [];
afterEach(() => opened.splice(0).forEach((l) => l.close()));
const open = (dir: string) => {
  const lib = new Library(dir);
  opened.push(lib);
  return lib;
};

describe('Library', () => {
  it('stores a document and reads it back exactly, units paged', () => {
    const lib = open(tmp());
    const doc = sampleDoc();
    lib.insert(doc, '/x/water.pdf');
    expect(lib.documents.has(doc.id)).toBe(true);
    expect(lib.documents.load(doc.id)).toEqual(doc);
    const page = lib.documents.get(doc.id, { offset: 1, limit: 1 });
    expect(page.totalUnits).toBe(3);
    expect(page.units).toEqual([{ ...doc.units[1], text: 'Chlorine disinfects the supply.' }]);
    expect(lib.documents.list().map((d) => [d.id, d.unitCount, d.chars])).toEqual([[doc.id, 3, doc.text.length]]);
  });

  it('finds units by stemmed keywords with their anchors, and survives FTS syntax in the query', () => {
    const lib = open(tmp());
    lib.insert(sampleDoc(), '/x');
    const hits = lib.search.units(undefined, 'disinfecting chlorine');
    expect(hits[0]).toMatchObject({ unitIndex: 1, anchor: { type: 'page', page: 2 } });
    expect(hits[0]?.snippet).toContain('[Chlorine]');
    // FTS5 operators typed by a user are searched as words, never parsed as syntax.
    expect(lib.search.units(undefined, 'NEAR(" AND OR *').map((h) => h.unitIndex)).toEqual([2]);
    expect(lib.search.units(undefined, '"(*)"')).toEqual([]);
    expect(toFtsQuery('  ')).toBeUndefined();
  });

  it('deletes a document with its units and index entries', () => {
    const lib = open(tmp());
    const doc = sampleDoc();
    lib.insert(doc, '/x');
    expect(lib.delete(doc.id)).toBe(true);
    expect(lib.documents.has(doc.id)).toBe(false);
    expect(lib.search.units(undefined, 'chlorine')).toEqual([]);
    expect(lib.db.prepare('SELECT count(*) AS n FROM units').get()).toEqual({ n: 0 });
    expect(lib.delete(doc.id)).toBe(false);
  });

  it('writes a document in one transaction: a failure half-way leaves nothing', () => {
    const lib = open(tmp());
    const doc = sampleDoc();
    // A unit index repeated violates the primary key after some rows were written.
    const broken = { ...doc, units: [...doc.units, { ...doc.units[0]!, index: 0 }] };
    expect(() => lib.insert(broken, '/x')).toThrow();
    expect(lib.documents.has(doc.id)).toBe(false);
    expect(lib.db.prepare('SELECT count(*) AS n FROM units_fts').get()).toEqual({ n: 0 });
  });

  it('keeps OCR pages for a resumed import and drops them once the document is stored', () => {
    const lib = open(tmp());
    const doc = sampleDoc();
    lib.ocrPages.save(doc.id, 2, { lines: [{ text: 'scanned', bbox: [0, 0, 1, 1] }], confidence: 90 });
    expect(lib.ocrPages.get(doc.id).get(2)?.lines[0]?.text).toBe('scanned');
    lib.insert(doc, '/x');
    expect(lib.ocrPages.get(doc.id).size).toBe(0);
  });

  it('opens in WAL mode, migrates once, and refuses a library from a newer version', () => {
    const dir = tmp();
    const lib = open(dir);
    expect(lib.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const version = lib.db.pragma('user_version', { simple: true });
    lib.close();
    const again = open(dir);
    expect(again.db.pragma('user_version', { simple: true })).toBe(version);
    again.db.pragma('user_version = 999');
    again.close();
    expect(() => openDatabase(dir)).toThrow(/newer Lectern/);
  });
});

describe('import through the engine', () => {
  it('imports, reports duplicates instantly, and turns bad files into typed results', async () => {
    const dir = tmp();
    const engine = new Engine({ libraryDir: path.join(dir, 'lib'), modelsDir: path.join(dir, 'm'), threads: 1 });
    try {
      const srt = path.join(dir, 'talk.srt');
      writeFileSync(
        srt,
        '1\n00:00:01,000 --> 00:00:03,000\nHello and welcome.\n\n2\n00:00:04,000 --> 00:00:06,500\nToday: lighthouses.\n',
      );
      const png = path.join(dir, 'picture.srt');
      writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
      const missing = path.join(dir, 'nope.pdf');
      const run = async (paths: string[]) => {
        const result = await engine.jobs.wait(await engine.importPaths({ paths }));
        if (!result.ok) throw new Error(result.error.message);
        return result.value.results;
      };
      const first = await run([srt, png, missing]);
      expect(first.map((r) => r.status)).toEqual(['imported', 'error', 'error']);
      expect(first[0]?.units).toBe(2);
      expect(first[1]?.error?.code).toBe('UNSUPPORTED_FORMAT');
      expect(first[2]?.error?.code).toBe('FILE_NOT_FOUND');
      const second = await run([srt]);
      expect(second[0]?.status).toBe('duplicate');
      const docs = await engine.invoke('listDocuments', {});
      expect(docs).toHaveLength(1);
      const hits = await engine.invoke('searchUnits', { docId: docs[0]!.id, query: 'lighthouse' });
      expect(hits[0]?.anchor).toMatchObject({ type: 'time', start: 4, end: 6.5 });
    } finally {
      await engine.dispose();
    }
  });
});
