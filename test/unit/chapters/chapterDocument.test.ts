import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobStarted } from '../../../src-shared/domain/jobs';
import { Engine } from '../../../src-main/engine/Engine';
import { parseVttText } from '../../../src-main/engine/ingest/transcript/parseVtt';
import { REPO_ROOT } from '../../support/serveProcess';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-chapters-'));
const engine = new Engine({ libraryDir: path.join(dir, 'lib'), modelsDir: path.join(dir, 'm'), threads: 1 });
let pdfId = '';
let podcastId = '';

async function importOne(file: string): Promise<string> {
  const result = await engine.jobs.wait(await engine.importPaths({ paths: [file], ocr: false }));
  if (!result.ok) throw new Error(result.error.message);
  const first = (result.value as { results: { docId?: string; error?: { message: string } }[] }).results[0];
  if (!first?.docId) throw new Error(first?.error?.message ?? 'import failed');
  return first.docId;
}

beforeAll(async () => {
  pdfId = await importOne(path.join(REPO_ROOT, 'resources/samples/sample-report.pdf'));
  podcastId = await importOne(path.join(REPO_ROOT, 'resources/samples/sample-podcast.vtt'));
});
afterAll(() => engine.dispose());

describe('chapters made at import', () => {
  it('uses the PDF bookmarks, nested, with pages', async () => {
    const chapters = await engine.invoke('listChapters', { docId: pdfId });
    expect(chapters.length).toBeGreaterThanOrEqual(6);
    expect(chapters.every((c) => c.source === 'outline' && c.page !== undefined)).toBe(true);
    expect(new Set(chapters.map((c) => c.level)).size).toBeGreaterThan(1);
    // Ranges tile the document with no gap or overlap.
    chapters.forEach((c, i) => expect(c.startUnit).toBe(i === 0 ? 0 : chapters[i - 1]!.endUnit));
  });

  it('segments the transcript into a handful of titled chapters with times', async () => {
    const chapters = await engine.invoke('listChapters', { docId: podcastId });
    expect(chapters.length).toBeGreaterThanOrEqual(3);
    expect(chapters.length).toBeLessThanOrEqual(10);
    expect(chapters[0]?.startUnit).toBe(0);
    expect(chapters.every((c) => typeof c.time === 'number')).toBe(true);
    for (const c of chapters) {
      expect(c.source).toBe('segmented');
      const words = c.title.split(/\s+/);
      expect(words.length).toBeGreaterThanOrEqual(2);
      expect(words.length).toBeLessThanOrEqual(8);
    }
  });

  it('indexes chapter titles for search', () => {
    const titles = engine.library.db
      .prepare('SELECT count(*) AS n FROM chapters_fts WHERE doc_id = ?')
      .get(podcastId) as { n: number };
    expect(titles.n).toBeGreaterThan(0);
  });
});

describe('chapter exports', () => {
  it('writes WebVTT chapters that our own VTT parser reads back with the same titles and times', async () => {
    const chapters = await engine.invoke('listChapters', { docId: podcastId });
    const vtt = await engine.invoke('exportChapters', { docId: podcastId, format: 'vtt' });
    const cues = parseVttText(vtt.content, []);
    expect(cues.map((c) => c.text)).toEqual(chapters.map((c) => c.title));
    expect(cues.map((c) => c.start)).toEqual(chapters.map((c, i) => (i === 0 ? 0 : Math.round(c.time! * 1000) / 1000)));
    cues.forEach((c) => expect(c.end).toBeGreaterThan(c.start));
  });

  it('writes Podcasting 2.0 JSON chapters (version and startTime/title, starting at 0)', async () => {
    const exported = await engine.invoke('exportChapters', { docId: podcastId, format: 'podcast' });
    const json = JSON.parse(exported.content) as { version: string; chapters: { startTime: number; title: string }[] };
    expect(json.version).toBe('1.2.0');
    expect(json.chapters[0]?.startTime).toBe(0);
    for (const c of json.chapters) expect(Object.keys(c).sort()).toEqual(['startTime', 'title']);
    const times = json.chapters.map((c) => c.startTime);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('writes YouTube timestamps starting at 00:00 and a Markdown outline with pages', async () => {
    const youtube = await engine.invoke('exportChapters', { docId: podcastId, format: 'youtube' });
    const lines = youtube.content.trim().split('\n');
    expect(lines[0]).toMatch(/^00:00 \S/);
    lines.forEach((l) => expect(l).toMatch(/^\d{2}:\d{2} .+/));
    const md = await engine.invoke('exportChapters', { docId: pdfId, format: 'md' });
    expect(md.content).toMatch(/\(p\. \d+\)/);
  });

  it('refuses time-based formats for a PDF with a clear error', async () => {
    const result = await engine.call('exportChapters', { docId: pdfId, format: 'youtube' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});

describe('chapter edits', () => {
  it('renames, splits and merges, and keeps edits when chapters are made again unless asked to redo', async () => {
    const before = await engine.invoke('listChapters', { docId: podcastId });
    const renamed = await engine.invoke('renameChapter', { docId: podcastId, index: 0, title: '  My   own title ' });
    expect(renamed[0]).toMatchObject({ title: 'My own title', edited: true });

    const first = renamed[0]!;
    const splitAt = first.startUnit + Math.floor((first.endUnit - first.startUnit) / 2);
    const split = await engine.invoke('splitChapter', {
      docId: podcastId,
      index: 0,
      atUnit: splitAt,
      title: 'Second half',
    });
    expect(split).toHaveLength(before.length + 1);
    expect(split[1]).toMatchObject({ title: 'Second half', startUnit: splitAt });
    const merged = await engine.invoke('mergeChapters', { docId: podcastId, index: 0 });
    expect(merged).toHaveLength(before.length);
    expect(merged[0]).toMatchObject({ title: 'My own title', endUnit: first.endUnit });

    const wait = async (started: JobStarted<'chapters'>) => {
      const result = await engine.jobs.wait(started);
      if (!result.ok) throw new Error(result.error.message);
      return result;
    };
    const kept = await wait(await engine.invoke('rechapter', { docId: podcastId }));
    expect(kept.value[0]?.title).toBe('My own title');
    const redone = await wait(await engine.invoke('rechapter', { docId: podcastId, redo: true }));
    expect(redone.value[0]?.title).not.toBe('My own title');
    expect(redone.value.every((c) => !c.edited)).toBe(true);
  });

  it('rejects a split outside the chapter and a merge past the end', async () => {
    const chapters = await engine.invoke('listChapters', { docId: podcastId });
    const last = chapters.length - 1;
    expect(await engine.call('mergeChapters', { docId: podcastId, index: last })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(await engine.call('splitChapter', { docId: podcastId, index: 0, atUnit: 100000 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(await engine.call('renameChapter', { docId: podcastId, index: 999, title: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
