import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LecternDocument } from '../../../src-shared/domain/document';
import { Library } from '../../../src-main/engine/store/Library';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'lectern-chunks-'));
const opened: Library[] = [];
afterEach(() => opened.splice(0).forEach((l) => l.close()));
const open = (dir: string) => {
  const lib = new Library(dir);
  opened.push(lib);
  return lib;
};

function longDoc(units: number, id = 'b'.repeat(64)): LecternDocument {
  const lines = Array.from({ length: units }, (_, i) => `Cue ${i} about the lantern.`);
  let at = 0;
  return {
    id,
    title: 'Long',
    kind: 'text',
    text: lines.join('\n'),
    units: lines.map((l, index) => {
      const unit = { index, start: at, end: at + l.length, anchor: { type: 'page' as const, page: 1 } };
      at += l.length + 1;
      return unit;
    }),
    meta: { fileName: 'long.txt', sizeBytes: at, format: 'text' },
  };
}

/** The id of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('writing a large document in bounded transactions', () => {
  it('stores every unit of a document larger than one write, searchable once complete', () => {
    const lib = open(tmp());
    const doc = longDoc(12_345);
    expect(lib.insert(doc, '/x/long.txt')).toBe(true);
    expect(lib.documents.load(doc.id).units).toHaveLength(12_345);
    expect(lib.search.units(doc.id, 'lantern', 3)).toHaveLength(3);
    expect(lib.insert(doc, '/x/long.txt')).toBe(false);
  });

  it('hides a document whose writer died between transactions, and removes it at the next start', () => {
    const dir = tmp();
    const lib = open(dir);
    const doc = longDoc(10);
    lib.db.transaction(() => lib.documents.insertPending(doc, '/x', deadPid()))();
    lib.documents.insertUnits(doc.id, doc.units.slice(0, 4));
    expect(lib.documents.list()).toEqual([]);
    expect(lib.documents.has(doc.id)).toBe(false);
    expect(lib.search.units(undefined, 'lantern')).toEqual([]);
    lib.close();
    const again = open(dir);
    expect(again.documents.pending()).toEqual([]);
    expect(again.insert(doc, '/x')).toBe(true);
    expect(again.documents.load(doc.id).units).toHaveLength(10);
  });
});
