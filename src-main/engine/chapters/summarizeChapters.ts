import type { Chapter } from '../../../src-shared/domain/chapter';
import type { LecternDocument } from '../../../src-shared/domain/document';
import { LecternError } from '../../../src-shared/errors';
import { throwIfCancelled, type StageContext } from '../jobs/JobRunner';
import type { ChapterSummaries } from '../store/ChapterSummaries';

/** One plain chat turn (`chat` of llm/generate.ts over a lent sequence, in the engine). */
export type CompleteText = (request: {
  system: string;
  prompt: string;
  maxTokens: number;
  signal: AbortSignal;
}) => Promise<{ text: string }>;

export interface SummarizeChaptersInput {
  doc: LecternDocument;
  chapters: readonly Pick<Chapter, 'startUnit' | 'endUnit' | 'title'>[];
  /** The model's file hash: summaries are cached per model. */
  modelHash: string;
  store: ChapterSummaries;
  complete: CompleteText;
  countTokens: (text: string) => number;
  contextSize: number;
  /** Most tokens of one summary. Default 160 (2 to 4 sentences). */
  maxSummaryTokens?: number;
}

export interface SummarizeChaptersResult {
  /** One per chapter, in order. */
  summaries: string[];
  /** Chapters summarised by this call (the others came from the cache). */
  generated: number;
  /** Model turns this call took (map-reduce takes several for a chapter longer than the context). */
  modelCalls: number;
}

const SYSTEM =
  'You summarise a part of a document in 2 to 4 short, factual sentences. Keep names, numbers and dates. ' +
  'Say only what the text says.';
// Chat template and instructions around the text.
const PROMPT_MARGIN = 96;
const MAX_SENTENCES = 4;

/**
 * A summary for each chapter, from the cache when this model already wrote one for the same span, else written now
 * and stored. A chapter longer than the context is summarised map-reduce style: its parts one by one, then the
 * parts' summaries together (again in parts, while they still do not fit).
 */
export async function summarizeChapters(
  input: SummarizeChaptersInput,
  ctx: StageContext,
): Promise<SummarizeChaptersResult> {
  const maxTokens = input.maxSummaryTokens ?? 160;
  const budget = input.contextSize - input.countTokens(SYSTEM) - PROMPT_MARGIN - maxTokens;
  if (budget < 128)
    throw new LecternError('CONTEXT_TOO_SMALL', `A ${input.contextSize}-token context is too small to summarise in.`);
  const keyOf = (c: Pick<Chapter, 'startUnit' | 'endUnit'>) => ({
    modelHash: input.modelHash,
    docId: input.doc.id,
    startUnit: c.startUnit,
    endUnit: c.endUnit,
  });
  const summaries = input.chapters.map((c) => input.store.get(keyOf(c)));
  const missing = summaries.flatMap((s, i) => (s === undefined ? [i] : []));
  let modelCalls = 0;
  const summarise = async (text: string, title: string, part?: string): Promise<string> => {
    throwIfCancelled(ctx.signal);
    modelCalls++;
    const { text: answer } = await input.complete({
      system: SYSTEM,
      prompt: `${part ? `${part} of ` : ''}"${title}":\n\n${text}\n\nSummary:`,
      maxTokens,
      signal: ctx.signal,
    });
    return cleanSummary(answer);
  };
  ctx.onProgress({ phase: 'summaries', done: 0, total: missing.length });
  for (const [done, i] of missing.entries()) {
    const chapter = input.chapters[i];
    if (!chapter) continue;
    const text = chapterText(input.doc, chapter);
    let summary = await reduce([text], chapter.title, budget, input.countTokens, summarise);
    if (summary) input.store.set(keyOf(chapter), summary);
    // A model that wrote nothing usable is not cached (it may do better next time); the chapter's opening stands in.
    else summary = openingSentences(text);
    summaries[i] = summary;
    ctx.onProgress({ phase: 'summaries', done: done + 1, total: missing.length, message: chapter.title });
  }
  return { summaries: summaries.map((s) => s ?? ''), generated: missing.length, modelCalls };
}

/** Summarises `texts` (consecutive parts of one chapter) into one summary, in as many rounds as the context needs. */
async function reduce(
  texts: readonly string[],
  title: string,
  budget: number,
  countTokens: (text: string) => number,
  summarise: (text: string, title: string, part?: string) => Promise<string>,
): Promise<string> {
  const joined = texts.join('\n\n');
  if (countTokens(joined) <= budget) return summarise(joined, title);
  const parts = packParts(texts, budget, countTokens);
  const partial: string[] = [];
  for (const [i, part] of parts.entries()) {
    const summary = await summarise(part, title, `Part ${i + 1} of ${parts.length}`);
    if (summary) partial.push(summary);
  }
  if (partial.length === 0) return '';
  // Each round at least halves the text (a summary is far shorter than its part), so this ends.
  return partial.length === 1 ? (partial[0] ?? '') : reduce(partial, title, budget, countTokens, summarise);
}

/** Consecutive texts packed into parts of at most `budget` tokens; a text longer than that is cut at whitespace. */
function packParts(texts: readonly string[], budget: number, countTokens: (text: string) => number): string[] {
  const pieces = texts.flatMap((t) => (countTokens(t) <= budget ? [t] : cutText(t, budget, countTokens)));
  const parts: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const next = current ? `${current}\n\n${piece}` : piece;
    if (current && countTokens(next) > budget) {
      parts.push(current);
      current = piece;
    } else current = next;
  }
  if (current) parts.push(current);
  return parts;
}

function cutText(text: string, budget: number, countTokens: (text: string) => number): string[] {
  const words = text.split(/\s+/);
  const out: string[] = [];
  let current: string[] = [];
  for (const word of words) {
    current.push(word);
    // Counting every word would be quadratic; check each 32 words and step back one check when over.
    if (current.length % 32 === 0 && countTokens(current.join(' ')) > budget) {
      const over = current.splice(current.length - 32, 32);
      if (current.length > 0) out.push(current.join(' '));
      current = over;
    }
  }
  if (current.length > 0) out.push(current.join(' '));
  return out;
}

function chapterText(doc: LecternDocument, chapter: Pick<Chapter, 'startUnit' | 'endUnit'>): string {
  return doc.units
    .slice(chapter.startUnit, chapter.endUnit)
    .map((u) => doc.text.slice(u.start, u.end).trim())
    .filter((t) => t.length > 0)
    .join('\n');
}

/** Whitespace collapsed, at most four sentences. */
export function cleanSummary(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentences = flat.match(/[^.!?]+[.!?]+["')\]]*\s*|[^.!?]+$/g) ?? [];
  return sentences.slice(0, MAX_SENTENCES).join('').trim();
}

function openingSentences(text: string): string {
  return cleanSummary(text.slice(0, 600));
}
