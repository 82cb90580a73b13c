import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AskResult } from '../../../src-shared/domain/answer';
import type { LecternDocument } from '../../../src-shared/domain/document';
import { citationSource } from '../../../src-shared/citationSource';
import { Engine } from '../../../src-main/engine/Engine';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-coll-ask-'));
const engine = new Engine({ libraryDir: path.join(dir, 'lib'), modelsDir: path.join(dir, 'm'), threads: 1 });

/**
 * Two reports with the same shape: three pages, one paragraph each, so both have segments S1.. on pages 1..3 and
 * the same labels. Only their facts differ.
 */
function report(id: string, title: string, facts: string[]): LecternDocument {
  const text = facts.join('\n\n');
  let at = 0;
  const units = facts.map((p, index) => {
    const unit = { index, start: at, end: at + p.length, anchor: { type: 'page' as const, page: index + 1 } };
    at += p.length + 2;
    return unit;
  });
  return {
    id: id.repeat(64),
    title,
    kind: 'pdf',
    text,
    units,
    meta: { fileName: `${title}.pdf`, sizeBytes: text.length, format: 'pdf', pages: 3 },
  };
}

const north = report('a', 'Northfield water report', [
  'Northfield draws its water from three deep wells in the valley.',
  'The ultraviolet disinfection stage at Northfield was commissioned in 2021.',
  'Northfield replaced its lead service pipes by 2019.',
]);
const south = report('b', 'Southport water report', [
  'Southport takes its water from the estuary reservoir.',
  'The ultraviolet disinfection stage at Southport is planned for 2027.',
  'Southport has not started replacing its lead pipes.',
]);
let collectionId = '';

// The same chapter on each page of both reports, so both cut into S1 p.1, S2 p.2, S3 p.3.
const chapters = ['Sources', 'Disinfection', 'Pipes'].map((title, index) => ({
  index,
  title,
  level: 1,
  startUnit: index,
  endUnit: index + 1,
  source: 'outline' as const,
  page: index + 1,
  edited: false,
}));

beforeAll(() => {
  engine.library.insert(north, '/x/north.pdf', chapters);
  engine.library.insert(south, '/x/south.pdf', chapters);
});
afterAll(() => engine.dispose());

async function ask(input: Parameters<Engine['invoke']>[1]): Promise<AskResult> {
  const started = await engine.invoke('ask', input as never);
  const done = await engine.jobs.wait(started);
  if (!done.ok) throw new Error(done.error.message);
  return done.value;
}

const titles = () => new Map(engine.library.documents.list().map((d) => [d.id, { title: d.title }]));

describe('asking a collection', () => {
  it('cites two documents with the same labels and pages unambiguously', async () => {
    const created = await engine.invoke('createCollection', { name: 'Water', docIds: [north.id, south.id] });
    collectionId = created.id;
    const result = await ask({
      scope: { kind: 'collection', collectionId },
      question: 'When was the ultraviolet disinfection stage commissioned?',
    });
    expect(result.mode).toBe('passages');
    // Both documents' page-2 paragraph matches; they are told apart by document, not by label or page.
    const uv = result.citations.filter((c) => c.anchor.type === 'page' && c.anchor.page === 2);
    expect(uv.map((c) => c.docId).sort()).toEqual([north.id, south.id].sort());
    expect(new Set(uv.map((c) => c.segmentId)).size).toBe(2);
    for (const c of uv) expect(c.unitIndex).toBe(1);
    // Labels name the document: D1 is the collection's first member.
    const labels = result.passages.map((p) => p.label);
    expect(labels).toEqual(expect.arrayContaining(['D1 S2 p.2', 'D2 S2 p.2']));
    // Passages point into their own document's text.
    for (const p of result.passages) {
      const doc = p.docId === north.id ? north : south;
      expect(doc.text.slice(p.start, p.end).trim()).toBe(p.text);
    }
    expect(result.sources?.map((s) => s.short)).toEqual(['D1', 'D2']);
    expect(result.answer).toContain('from 2 documents: D1 “Northfield water report”, D2 “Southport water report”');
    const chips = uv.map((c) => citationSource(c, titles()).text).sort();
    expect(chips).toEqual(['Northfield water report · p.2', 'Southport water report · p.2']);
  });

  it('deleting a document takes it out of the collection; its stored citations render as removed', async () => {
    await engine.invoke('deleteDocument', { id: south.id });
    const collections = await engine.invoke('listCollections', {});
    expect(collections.find((c) => c.id === collectionId)?.docIds).toEqual([north.id]);
    const turns = await engine.invoke('getConversation', { scope: { kind: 'collection', collectionId } });
    expect(turns).toHaveLength(1);
    const views = turns[0]!.result.citations.map((c) => citationSource(c, titles()));
    expect(views.filter((v) => v.removed).map((v) => [v.docId, v.text])).toEqual(
      turns[0]!.result.citations
        .filter((c) => c.docId === south.id)
        .map((c) => [south.id, `document removed · p.${c.anchor.type === 'page' ? c.anchor.page : '?'}`]),
    );
    expect(views.some((v) => v.removed)).toBe(true);
    expect(views.some((v) => !v.removed && v.docId === north.id)).toBe(true);
    // The next question asks the documents that are left.
    const again = await ask({
      scope: { kind: 'collection', collectionId },
      question: 'When was the ultraviolet disinfection stage commissioned?',
    });
    expect(new Set(again.citations.map((c) => c.docId))).toEqual(new Set([north.id]));
  });

  it('asks every document, and refuses an empty collection before a job starts', async () => {
    const all = await ask({ scope: { kind: 'all' }, question: 'Where does Northfield draw its water?' });
    expect(all.citations[0]).toMatchObject({ docId: north.id, anchor: { type: 'page', page: 1 } });
    const empty = await engine.invoke('createCollection', { name: 'Empty' });
    await expect(
      engine.invoke('ask', { scope: { kind: 'collection', collectionId: empty.id }, question: 'wells?' }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(engine.invoke('ask', { question: 'wells?' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
