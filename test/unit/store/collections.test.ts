import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LecternDocument } from '../../../src-shared/domain/document';
import { LecternError } from '../../../src-shared/errors';
import { Library } from '../../../src-main/engine/store/Library';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'lectern-coll-'));

function doc(id: string, title: string): LecternDocument {
  const text = `${title} opens here.`;
  return {
    id: id.repeat(64).slice(0, 64),
    title,
    kind: 'text',
    text,
    units: [{ index: 0, start: 0, end: text.length, anchor: { type: 'text', line: 1 } }],
    meta: { fileName: `${title}.txt`, sizeBytes: text.length, format: 'text' },
  };
}

const opened: Library[] = [];
afterEach(() => opened.splice(0).forEach((l) => l.close()));
const open = (dir: string) => {
  const lib = new Library(dir);
  opened.push(lib);
  return lib;
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof LecternError ? error.code : 'not a LecternError';
  }
  return undefined;
}

describe('library.collections', () => {
  it('creates, renames, lists and deletes collections; documents stay', () => {
    const dir = tmp();
    const lib = open(dir);
    const [a, b] = [doc('a', 'Alpha'), doc('b', 'Beta')];
    lib.insert(a, '/a');
    lib.insert(b, '/b');
    const papers = lib.collections.create('  Papers  ', [b.id, a.id]);
    expect(papers).toMatchObject({ name: 'Papers', docIds: [b.id, a.id] });
    expect(codeOf(() => lib.collections.create('papers'))).toBe('COLLECTION_NAME_TAKEN');
    expect(codeOf(() => lib.collections.create('   '))).toBe('INVALID_ARGUMENT');
    const other = lib.collections.create('Other');
    expect(codeOf(() => lib.collections.rename(other.id, 'PAPERS'))).toBe('COLLECTION_NAME_TAKEN');
    expect(lib.collections.rename(papers.id, 'Reading list').name).toBe('Reading list');
    expect(lib.collections.find('reading LIST').id).toBe(papers.id);
    expect(lib.collections.list().map((c) => c.name)).toEqual(['Other', 'Reading list']);
    expect(lib.collections.delete(papers.id)).toBe(true);
    expect(lib.collections.delete(papers.id)).toBe(false);
    expect(codeOf(() => lib.collections.get(papers.id))).toBe('NOT_FOUND');
    expect(lib.documents.list()).toHaveLength(2);
    // Kept over a restart.
    lib.close();
    expect(
      open(dir)
        .collections.list()
        .map((c) => c.name),
    ).toEqual(['Other']);
  });

  it('adds and removes members in order; a document can be in several collections', () => {
    const lib = open(tmp());
    const [a, b, c] = [doc('a', 'Alpha'), doc('b', 'Beta'), doc('c', 'Gamma')];
    for (const d of [a, b, c]) lib.insert(d, `/${d.title}`);
    const one = lib.collections.create('One', [a.id]);
    const two = lib.collections.create('Two', [a.id, c.id]);
    // Adding a member again keeps its place.
    expect(lib.collections.add(one.id, [b.id, a.id, c.id]).docIds).toEqual([a.id, b.id, c.id]);
    expect(lib.collections.remove(one.id, [b.id]).docIds).toEqual([a.id, c.id]);
    expect(lib.collections.add(one.id, [b.id]).docIds).toEqual([a.id, c.id, b.id]);
    expect(lib.collections.ofDocument(a.id).sort()).toEqual([one.id, two.id].sort());
    expect(codeOf(() => lib.collections.add(one.id, ['f'.repeat(64)]))).toBe('NOT_FOUND');
    // A failed add changes nothing.
    expect(lib.collections.get(one.id).docIds).toEqual([a.id, c.id, b.id]);
  });

  it('deleting a document takes it out of every collection it was in', () => {
    const lib = open(tmp());
    const [a, b] = [doc('a', 'Alpha'), doc('b', 'Beta')];
    lib.insert(a, '/a');
    lib.insert(b, '/b');
    const one = lib.collections.create('One', [a.id, b.id]);
    const two = lib.collections.create('Two', [b.id]);
    lib.delete(b.id);
    expect(lib.collections.get(one.id).docIds).toEqual([a.id]);
    expect(lib.collections.get(two.id).docIds).toEqual([]);
    expect(lib.collections.ofDocument(b.id)).toEqual([]);
  });
});
