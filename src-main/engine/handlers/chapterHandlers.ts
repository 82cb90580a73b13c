import type { Chapter } from '../../../src-shared/domain/chapter';
import { chapterDocument } from '../chapters/chapterDocument';
import { mergeChapters, renameChapter, splitChapter } from '../chapters/editChapters';
import { exportChapters } from '../chapters/exportChapters';
import type { JobRunner } from '../jobs/JobRunner';
import type { Library } from '../store/Library';
import type { Handlers } from './types';

export interface ChapterDeps {
  library: () => Library;
  jobs: JobRunner;
}

/**
 * Keeps the user's edits when chapters are made again: edited chapters stay as they are, and only the stretches of
 * the document that no edited chapter covers are re-chaptered.
 */
export function mergeWithEdits(previous: Chapter[], fresh: Chapter[]): Chapter[] {
  const kept = previous.filter((c) => c.edited);
  if (kept.length === 0) return fresh;
  const covered = (unit: number) => kept.some((k) => unit >= k.startUnit && unit < k.endUnit);
  const others = fresh.filter((c) => !covered(c.startUnit));
  return [...kept, ...others]
    .sort((a, b) => a.startUnit - b.startUnit)
    .map((c, index, all) => ({ ...c, index, endUnit: all[index + 1]?.startUnit ?? c.endUnit }));
}

export function chapterHandlers({
  library,
  jobs,
}: ChapterDeps): Pick<
  Handlers,
  'listChapters' | 'renameChapter' | 'mergeChapters' | 'splitChapter' | 'rechapter' | 'exportChapters'
> {
  const update = (docId: string, edit: (chapters: Chapter[]) => Chapter[]): Chapter[] => {
    const lib = library();
    const next = edit(lib.chapters(docId));
    lib.setChapters(docId, next);
    return lib.chapters(docId);
  };
  return {
    listChapters: ({ docId }) => {
      library().get(docId, { limit: 0 }); // NOT_FOUND for an unknown document rather than an empty list
      return library().chapters(docId);
    },
    renameChapter: ({ docId, index, title }) => update(docId, (c) => renameChapter(c, index, title)),
    mergeChapters: ({ docId, index }) => update(docId, (c) => mergeChapters(c, index)),
    splitChapter: ({ docId, index, atUnit, title }) =>
      update(docId, (c) => splitChapter(library().load(docId), c, index, atUnit, title)),
    rechapter: ({ docId, redo, granularity }) =>
      jobs.start('chapters', `${docId}:${granularity}:${redo}`, 'Finding chapters', ({ onProgress }) => {
        const lib = library();
        const doc = lib.load(docId);
        onProgress({ phase: 'chapters', done: 0, total: 1 });
        const fresh = chapterDocument(doc, { granularity });
        const next = redo ? fresh : mergeWithEdits(lib.chapters(docId), fresh);
        lib.setChapters(docId, next);
        onProgress({ phase: 'chapters', done: 1, total: 1 });
        return Promise.resolve(lib.chapters(docId));
      }),
    exportChapters: ({ docId, format }) => {
      const lib = library();
      const summary = lib.list().find((d) => d.id === docId);
      const doc = lib.get(docId, { limit: 0 }).document;
      return exportChapters(summary ?? { ...doc, unitCount: 0, chars: 0, importedAt: 0 }, lib.chapters(docId), format);
    },
  };
}
