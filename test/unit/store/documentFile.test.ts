import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LecternDocument } from '../../../src-shared/domain/document';
import { Engine } from '../../../src-main/engine/Engine';
import { REPO_ROOT } from '../../support/serveProcess';

const SAMPLE_PDF = path.join(REPO_ROOT, 'resources/samples/sample-report.pdf');

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.dispose()));
});

function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-docfile-'));
  const engine = new Engine({ libraryDir: path.join(dir, 'lib'), modelsDir: path.join(dir, 'm'), threads: 1 });
  engines.push(engine);
  const importPaths = async (paths: string[]) => {
    const result = await engine.jobs.wait(await engine.importPaths({ paths, ocr: false }));
    if (!result.ok) throw new Error(result.error.message);
    return result.value.results;
  };
  return { dir, engine, importPaths, copyPath: (id: string) => path.join(dir, 'lib', 'files', `${id}.pdf`) };
}

/** A document as an older Lectern stored it: in the database, with no copy of its file in the library. */
function legacyDoc(bytes: Uint8Array, title: string): LecternDocument {
  const text = 'A page of text.';
  return {
    id: createHash('sha256').update(bytes).digest('hex'),
    title,
    kind: 'pdf',
    text,
    units: [{ index: 0, start: 0, end: text.length, anchor: { type: 'page', page: 1 } }],
    meta: { fileName: `${title}.pdf`, sizeBytes: bytes.length, format: 'pdf', pages: 1 },
  };
}

describe('getDocumentFile', () => {
  it('keeps a copy of an imported PDF, serves it after the original is gone, and deletes it with the document', async () => {
    const { dir, engine, importPaths, copyPath } = setup();
    const original = path.join(dir, 'upload', 'report.pdf');
    mkdirSync(path.dirname(original));
    copyFileSync(SAMPLE_PDF, original);
    const [result] = await importPaths([original]);
    expect(result?.status).toBe('imported');
    const id = result?.docId ?? '';
    const expected = readFileSync(SAMPLE_PDF);
    expect(readFileSync(copyPath(id)).equals(expected)).toBe(true);

    // Browser uploads live in a temp folder that is cleaned up; the page view must not care.
    rmSync(path.dirname(original), { recursive: true });
    const file = await engine.invoke('getDocumentFile', { id });
    expect(file.contentType).toBe('application/pdf');
    expect(file.fileName).toBe('report.pdf');
    expect(Buffer.from(file.bytes).equals(expected)).toBe(true);

    await engine.invoke('deleteDocument', { id });
    expect(existsSync(copyPath(id))).toBe(false);
    const gone = await engine.call('getDocumentFile', { id });
    expect(gone.ok ? undefined : gone.error.code).toBe('NOT_FOUND');
  });

  it('falls back to the unchanged original for documents imported without a copy, and keeps one then', async () => {
    const { dir, engine, copyPath } = setup();
    const bytes = new Uint8Array(readFileSync(SAMPLE_PDF));
    const source = path.join(dir, 'old.pdf');
    writeFileSync(source, bytes);
    const doc = legacyDoc(bytes, 'old');
    engine.library.insert(doc, source);
    expect(existsSync(copyPath(doc.id))).toBe(false);

    const file = await engine.invoke('getDocumentFile', { id: doc.id });
    expect(Buffer.from(file.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(existsSync(copyPath(doc.id))).toBe(true);
    // From now on the original may move.
    rmSync(source);
    await expect(engine.invoke('getDocumentFile', { id: doc.id })).resolves.toMatchObject({ fileName: 'old.pdf' });
  });

  it('says what to do when the original moved or changed and there is no copy', async () => {
    const { dir, engine } = setup();
    const bytes = new Uint8Array(readFileSync(SAMPLE_PDF));
    const moved = legacyDoc(bytes, 'moved');
    engine.library.insert(moved, path.join(dir, 'not-here.pdf'));
    const missing = await engine.call('getDocumentFile', { id: moved.id });
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.error.code).toBe('FILE_NOT_FOUND');
      expect(missing.error.message).toMatch(/no longer at .*not-here\.pdf\. Import the file again/);
    }

    const edited = path.join(dir, 'edited.pdf');
    const changedBytes = new Uint8Array([...bytes, 0x0a]);
    const changed = legacyDoc(changedBytes, 'edited');
    writeFileSync(edited, bytes); // not the bytes it was imported with
    engine.library.insert(changed, edited);
    const stale = await engine.call('getDocumentFile', { id: changed.id });
    expect(stale.ok ? undefined : stale.error).toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: expect.stringMatching(/has changed since it was imported/) as unknown,
    });
  });

  it('a repeated import of a document without a copy keeps one', async () => {
    const { dir, engine, importPaths, copyPath } = setup();
    const source = path.join(dir, 'again.pdf');
    copyFileSync(SAMPLE_PDF, source);
    const [first] = await importPaths([source]);
    const id = first?.docId ?? '';
    rmSync(copyPath(id));
    const [second] = await importPaths([source]);
    expect(second?.status).toBe('duplicate');
    expect(existsSync(copyPath(id))).toBe(true);
    expect(engine.library.files.pathOf('../../etc/passwd')).toBeUndefined();
  });
});
