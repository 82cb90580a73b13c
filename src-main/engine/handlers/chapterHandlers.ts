import type { Chapter } from '../../../src-shared/domain/chapter';
import type { LecternDocument } from '../../../src-shared/domain/document';
import { LecternError } from '../../../src-shared/errors';
import { chapterDocumentSteps } from '../chapters/chapterDocument';
import { mergeChapters, renameChapter, splitChapter } from '../chapters/editChapters';
import { exportChapters } from '../chapters/exportChapters';
import { modelChapters, type ModelChaptersDeps } from '../chapters/modelChapters';
import { runCooperatively } from '../ingest/cooperative';
import type { JobRunner, StageContext } from '../jobs/JobRunner';
import type { Library } from '../store/Library';
import type { Handlers } from './types';

/**
 * A backend that writes chapter titles: it runs `work` with a grammar-constrained `complete` function, its token
 * count and its context size. The local model lends its sequence for the duration (`LocalModelAsker`); a server
 * answers with a JSON schema (`RemoteAsker`).
 */
export interface ChapterModel {
  withCompletions<T>(work: (deps: ModelChaptersDeps) => Promise<T>, signal: AbortSignal): Promise<T>;
}

export interface ChapterDeps {
  library: () => Library;
  jobs: JobRunner;
  /** The server in use, else the loaded chat model, or undefined (titles then come from key phrases). */
  chapterModel?: () => ChapterModel | undefined;
  /** Seconds of the transcript's recording, once a player has read it. */
  mediaDuration?: (docId: string) => number | undefined;
}

/**
 * Chapters for `doc`: its own structure when it has some (those boundaries and titles are the author's and stay);
 * otherwise the model-free segmentation, which the chat model, when asked, replaces PODTILE-style window by window
 * (keeping the model-free result wherever its answer is unusable).
 */
async function findChapters(
  doc: LecternDocument,
  granularity: 'coarse' | 'normal' | 'fine',
  model: ChapterModel | undefined,
  ctx: StageContext,
): Promise<Chapter[]> {
  // Driven in slices: segmenting a long transcript takes seconds, during which a cancel must still be heard.
  const proposals = await runCooperatively(chapterDocumentSteps(doc, { granularity }), ctx.signal);
  const structural = proposals.some((c) => c.source === 'outline' || c.source === 'headings');
  if (!model || structural || proposals.length === 0) return proposals;
  const result = await model.withCompletions((deps) => modelChapters(doc, proposals, deps, ctx), ctx.signal);
  return result.chapters;
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
  chapterModel,
  mediaDuration,
}: ChapterDeps): Pick<
  Handlers,
  'listChapters' | 'renameChapter' | 'mergeChapters' | 'splitChapter' | 'rechapter' | 'exportChapters'
> {
  const update = (docId: string, edit: (chapters: Chapter[]) => Chapter[]): Chapter[] => {
    const lib = library();
    const next = edit(lib.chapters.list(docId));
    lib.setChapters(docId, next);
    return lib.chapters.list(docId);
  };
  return {
    listChapters: ({ docId }) => {
      library().documents.get(docId, { limit: 0 }); // NOT_FOUND for an unknown document rather than an empty list
      return library().chapters.list(docId);
    },
    renameChapter: ({ docId, index, title }) => update(docId, (c) => renameChapter(c, index, title)),
    mergeChapters: ({ docId, index }) => update(docId, (c) => mergeChapters(c, index)),
    splitChapter: ({ docId, index, atUnit, title }) =>
      update(docId, (c) => splitChapter(library().documents.load(docId), c, index, atUnit, title)),
    rechapter: ({ docId, redo, granularity, titles }) => {
      const model = titles === 'keyphrase' ? undefined : chapterModel?.();
      if (titles === 'model' && !model)
        throw new LecternError('NO_MODEL_LOADED', 'Load a chat model to title chapters with it.');
      const how = model ? 'model' : 'keyphrase';
      return jobs.start('chapters', `${docId}:${granularity}:${redo}:${how}`, 'Finding chapters', async (ctx) => {
        const lib = library();
        const doc = lib.documents.load(docId);
        ctx.onProgress({ phase: 'chapters', done: 0, total: 1 });
        const fresh = await findChapters(doc, granularity, model, ctx);
        const next = redo ? fresh : mergeWithEdits(lib.chapters.list(docId), fresh);
        lib.setChapters(docId, next);
        ctx.onProgress({ phase: 'chapters', done: 1, total: 1 });
        return lib.chapters.list(docId);
      });
    },
    exportChapters: ({ docId, format }) => {
      const lib = library();
      const summary = lib.documents.list().find((d) => d.id === docId);
      const doc = lib.documents.get(docId, { limit: 0 }).document;
      // The recording's own length, when a player has read it, ends the last chapter.
      return exportChapters(
        summary ?? { ...doc, unitCount: 0, chars: 0, importedAt: 0 },
        lib.chapters.list(docId),
        format,
        mediaDuration?.(docId),
      );
    },
  };
}
