import type { Chapter } from '../../../src-shared/domain/chapter';
import { LecternError } from '../../../src-shared/errors';
import { summarizeChapters } from '../chapters/summarizeChapters';
import type { DocumentIndex } from '../index/documentIndex';
import { formatTime } from '../../../src-shared/formatTime';
import type { StageContext } from '../jobs/JobRunner';
import type { ModelCompletions } from './Asker';
import type { ChapterSummaries } from '../store/ChapterSummaries';

type ChapterSpan = Pick<Chapter, 'startUnit' | 'endUnit' | 'title' | 'page' | 'time'>;

const SUMMARIES_INTRO =
  'The document is too long to show whole. Summaries of its chapters, each labelled with its chapter and where it starts:\n';

export interface SummaryPrefixInput {
  /** The backend that writes missing summaries (a local model's lent sequence is left dirty when `modelCalls > 0`). */
  completions: ModelCompletions;
  index: DocumentIndex;
  chapters: readonly Chapter[] | undefined;
  /** Absent without a library: then a document that does not fit even compressed is refused. */
  store: ChapterSummaries | undefined;
  modelHash: string;
  maxSummaryTokens: number;
  /** The overview's tokens in the planner's plan (`planBudget`): every summary sits within it. */
  budgetTokens: number;
  ctx: StageContext;
}

/**
 * The summaries overview (what follows the frame's head) of a document too long for the context even compressed: every chapter's summary (written
 * now where missing, cached per model in the library), labelled with its chapter and where it starts.
 */
export async function summaryPrefix(input: SummaryPrefixInput): Promise<{ overview: string; modelCalls: number }> {
  const { completions, index, store } = input;
  if (!store)
    throw new LecternError(
      'CONTEXT_TOO_SMALL',
      'The document does not fit the model’s context even compressed. Raise the compression ratio or load the model with a larger context.',
    );
  const spans = input.chapters && input.chapters.length > 0 ? input.chapters : chaptersFromSegments(index);
  // Every chapter's summary sits in the overview's budget, so many chapters get shorter summaries (labels take ~16).
  const perChapter = Math.floor((input.budgetTokens - 64) / spans.length) - 16;
  const summarised = await summarizeChapters(
    {
      doc: index.doc,
      chapters: spans,
      modelHash: input.modelHash,
      store,
      complete: completions.completeText,
      countTokens: completions.countTokens,
      contextSize: completions.contextSize,
      maxSummaryTokens: Math.max(24, Math.min(input.maxSummaryTokens, perChapter)),
    },
    input.ctx,
  );
  const lines = spans.map((c, i) => {
    const anchor =
      c.page !== undefined ? ` p.${c.page}` : c.time !== undefined ? ` ${formatTime(c.time, 'fixed')}` : '';
    return `[Chapter ${i + 1}${anchor}] ${c.title}: ${summarised.summaries[i] ?? ''}`;
  });
  return { overview: `${SUMMARIES_INTRO}${lines.join('\n')}\n`, modelCalls: summarised.modelCalls };
}

/** Chapter-like spans when no chapters are given: runs of segments under the same chapter title. */
export function chaptersFromSegments(index: DocumentIndex): ChapterSpan[] {
  const spans: ChapterSpan[] = [];
  for (const segment of index.segments) {
    const last = spans.at(-1);
    if (last && last.title === (segment.chapterTitle ?? '')) last.endUnit = segment.endUnit;
    else {
      const unit = index.doc.units[segment.startUnit];
      spans.push({
        startUnit: segment.startUnit,
        endUnit: segment.endUnit,
        title: segment.chapterTitle ?? '',
        ...(unit?.anchor.type === 'page' ? { page: unit.anchor.page } : {}),
        ...(unit?.anchor.type === 'time' ? { time: unit.anchor.start } : {}),
      });
    }
  }
  return spans;
}

/** Whether every chapter already has its summary for this model (asking never writes them: preparing does). */
export function summariesReady(
  store: ChapterSummaries,
  modelHash: string,
  index: DocumentIndex,
  chapters: readonly Chapter[] | undefined,
): boolean {
  const spans = chapters && chapters.length > 0 ? chapters : chaptersFromSegments(index);
  const docId = index.doc.id;
  return spans.every((c) => store.get({ modelHash, docId, startUnit: c.startUnit, endUnit: c.endUnit }) !== undefined);
}
