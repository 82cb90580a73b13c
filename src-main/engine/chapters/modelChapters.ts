import type { GbnfJsonSchema } from 'node-llama-cpp';
import type { Chapter } from '../../../src-shared/domain/chapter';
import type { LecternDocument, Unit } from '../../../src-shared/domain/document';
import { LecternError } from '../../../src-shared/errors';
import { throwIfCancelled, type StageContext } from '../jobs/JobRunner';
import { cleanModelTitle } from './cleanModelTitle';
import { keyphraseTitles, segmentKeyphrases } from './keyphraseTitle';

/** One grammar-constrained chat turn (`chat` of llm/generate.ts over a lent sequence, in the engine). */
export type CompleteJson = (request: {
  system: string;
  prompt: string;
  jsonSchema: GbnfJsonSchema;
  maxTokens: number;
  signal: AbortSignal;
}) => Promise<{ json?: unknown }>;

export interface ModelChaptersDeps {
  complete: CompleteJson;
  countTokens: (text: string) => number;
  /** The model context's size in tokens: windows are cut so prompt and answer fit it. */
  contextSize: number;
}

export interface ModelChaptersOptions {
  /** Most tokens of document lines per window. Default 1500, less when the context is smaller. */
  windowTokens?: number;
  /** A chapter shorter than this many units is not accepted. Default 3. */
  minChapterUnits?: number;
  /** Most chapters the model may start in one window. Default 6. */
  maxChaptersPerWindow?: number;
  /** Title length limit given to the grammar. Default 60 characters. */
  maxTitleChars?: number;
  /** Answer token limit per window. Default: enough for `maxChaptersPerWindow` entries. */
  maxAnswerTokens?: number;
  /** A line longer than this is cut (a long paragraph's opening names its topic). Default 300 characters. */
  maxLineChars?: number;
}

export interface ModelChaptersResult {
  chapters: Chapter[];
  windows: number;
  /** Windows whose boundaries came from the model. */
  modelWindows: number;
  /** Windows whose model output was unusable, so the model-free boundaries stand there. */
  fallbackWindows: number;
}

interface Window {
  start: number;
  /** One past the last unit. */
  end: number;
  lines: string[];
}

export interface ChapterStart {
  unit: number;
  /** The model's title, cleaned; key phrases fill in where it is missing. */
  title?: string;
}

const SYSTEM =
  'You divide a document into chapters where its topic changes and give each chapter a short, specific title. ' +
  'Answer with JSON only.';
const OPENING_CHARS = 400;
const RECENT_TITLES = 12;
// Chat template, instructions and the global context's own words, on top of what is counted exactly.
const PROMPT_MARGIN = 96;

/**
 * Chapters for a document without structure, PODTILE-style: the document's units are cut into windows of numbered
 * lines (`[u123] text`) that fit the context, and each window is prompted with the global context (title, opening,
 * the titles of the chapters found so far, the still-open last chapter) and answered as JSON constrained by a
 * grammar (start units limited to the window's own). Answers are validated (in the window, increasing, at least
 * `minChapterUnits` apart, titles of 3 to 8 words); a window whose answer is unusable keeps the model-free
 * `proposals` there. Chapters without a usable model title get key-phrase titles computed over the final spans.
 */
export async function modelChapters(
  doc: LecternDocument,
  proposals: readonly Chapter[],
  deps: ModelChaptersDeps,
  ctx: StageContext,
  options: ModelChaptersOptions = {},
): Promise<ModelChaptersResult> {
  const minUnits = Math.max(1, options.minChapterUnits ?? 3);
  const maxTitleChars = options.maxTitleChars ?? 60;
  const maxChapters = options.maxChaptersPerWindow ?? 6;
  const maxAnswer = options.maxAnswerTokens ?? 24 + maxChapters * (16 + maxTitleChars);
  const opening = openingOf(doc);
  const phrases = proposalPhrases(doc, proposals);
  // The hints of one window name at most a few proposals; room for the longest few of them is kept in every window.
  const longestHints = [...phrases.values()].sort((a, b) => b.length - a.length).slice(0, maxChapters);
  const fixed =
    deps.countTokens(SYSTEM + doc.title + opening + longestHints.join(' ')) + PROMPT_MARGIN + RECENT_TITLES * 16;
  const budget = Math.min(options.windowTokens ?? 1500, deps.contextSize - fixed - maxAnswer);
  if (doc.units.length === 0) return { chapters: [], windows: 0, modelWindows: 0, fallbackWindows: 0 };
  if (budget < 64)
    throw new LecternError(
      'CONTEXT_TOO_SMALL',
      `A ${deps.contextSize}-token context leaves no room for a window of the document next to the prompt and answer.`,
    );
  const windows = cutWindows(doc, budget, options.maxLineChars ?? 300, deps.countTokens);
  const proposedStarts = proposals.map((c) => c.startUnit);
  const starts: ChapterStart[] = [];
  let modelWindows = 0;
  let fallbackWindows = 0;
  ctx.onProgress({ phase: 'titles', done: 0, total: windows.length });
  for (const [w, window] of windows.entries()) {
    throwIfCancelled(ctx.signal);
    const isLast = w === windows.length - 1;
    const accepted = await askWindow(doc, window, starts, proposedStarts, phrases, opening, deps, ctx.signal, {
      minUnits,
      maxTitleChars,
      maxChapters,
      maxAnswer,
      isLast,
    });
    if (accepted) {
      starts.push(...accepted);
      modelWindows++;
    } else {
      starts.push(...fallbackStarts(window, starts, proposals, minUnits, isLast ? doc.units.length : undefined));
      fallbackWindows++;
    }
    ctx.onProgress({
      phase: 'titles',
      done: w + 1,
      total: windows.length,
      message: `window ${w + 1} of ${windows.length}`,
    });
  }
  return { chapters: toChapters(doc, starts), windows: windows.length, modelWindows, fallbackWindows };
}

/** The window's accepted chapter starts, or undefined when the model's answer is unusable. */
async function askWindow(
  doc: LecternDocument,
  window: Window,
  starts: readonly ChapterStart[],
  proposedStarts: readonly number[],
  phrases: ReadonlyMap<number, string>,
  opening: string,
  deps: ModelChaptersDeps,
  signal: AbortSignal,
  limits: { minUnits: number; maxTitleChars: number; maxChapters: number; maxAnswer: number; isLast: boolean },
): Promise<ChapterStart[] | undefined> {
  const units = window.end - window.start;
  const schema = {
    type: 'object',
    properties: {
      chapters: {
        type: 'array',
        maxItems: Math.max(1, Math.min(limits.maxChapters, Math.floor(units / limits.minUnits))),
        items: {
          type: 'object',
          properties: {
            startUnit: { enum: Array.from({ length: units }, (_, i) => window.start + i) },
            title: { type: 'string', maxLength: limits.maxTitleChars },
          },
        },
      },
    },
  } as const satisfies GbnfJsonSchema;
  let json: unknown;
  try {
    ({ json } = await deps.complete({
      system: SYSTEM,
      prompt: windowPrompt(doc, window, starts, proposedStarts, phrases, opening),
      jsonSchema: schema,
      maxTokens: limits.maxAnswer,
      signal,
    }));
  } catch (error) {
    if (error instanceof LecternError && error.code === 'CANCELLED') throw error;
    if (signal.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
    // A JSON answer cut off by the token limit (or any other failed turn) leaves this window to the model-free path.
    return undefined;
  }
  return acceptStarts(json, window, starts.at(-1)?.unit, limits.minUnits, limits.isLast ? doc.units.length : undefined);
}

/**
 * The model's entries that make valid chapters, in order: inside the window, each at least `minUnits` after the
 * previous start (the open chapter's included), and, in the last window, at least `minUnits` before the end. The
 * first chapter of the document starts at unit 0 whatever the model said. Undefined when the answer is unusable:
 * not the expected shape, or entries given and none valid. An empty list is a valid answer ("the open chapter goes
 * on"), except in the first window, which must open a chapter.
 */
export function acceptStarts(
  json: unknown,
  window: { start: number; end: number },
  previousStart: number | undefined,
  minUnits: number,
  documentEnd?: number,
): ChapterStart[] | undefined {
  const entries = (json as { chapters?: unknown } | undefined)?.chapters;
  if (!Array.isArray(entries)) return undefined;
  const out: ChapterStart[] = [];
  let last = previousStart;
  for (const entry of entries as unknown[]) {
    const { startUnit, title } = (entry ?? {}) as { startUnit?: unknown; title?: unknown };
    if (typeof startUnit !== 'number' || !Number.isInteger(startUnit)) continue;
    let unit = startUnit;
    if (last === undefined) unit = 0;
    else if (unit < window.start || unit >= window.end || unit - last < minUnits) continue;
    if (documentEnd !== undefined && unit > 0 && documentEnd - unit < minUnits) continue;
    const clean = cleanModelTitle(title);
    out.push(clean === undefined ? { unit } : { unit, title: clean });
    last = unit;
  }
  if (previousStart === undefined && out.length === 0) return undefined;
  if (out.length === 0 && entries.length > 0) return undefined;
  return out;
}

/** The model-free proposals that start in this window (the document's first chapter always starts at 0). */
function fallbackStarts(
  window: Window,
  starts: readonly ChapterStart[],
  proposals: readonly Chapter[],
  minUnits: number,
  documentEnd: number | undefined,
): ChapterStart[] {
  const out: ChapterStart[] = [];
  let last = starts.at(-1)?.unit;
  if (last === undefined) {
    out.push({ unit: 0 });
    last = 0;
  }
  for (const proposal of proposals) {
    const unit = proposal.startUnit;
    if (unit < window.start || unit >= window.end || unit - last < minUnits) continue;
    if (documentEnd !== undefined && documentEnd - unit < minUnits) continue;
    out.push({ unit });
    last = unit;
  }
  return out;
}

/**
 * The model-free chapters' best key phrases (their title first), by start unit: candidate words for the model's
 * titles, drawn from the whole chapter rather than the window's lines alone.
 */
function proposalPhrases(doc: LecternDocument, proposals: readonly Chapter[]): Map<number, string> {
  const texts = proposals.map((c) =>
    doc.units
      .slice(c.startUnit, c.endUnit)
      .map((u) => doc.text.slice(u.start, u.end))
      .join(' '),
  );
  const spoken = doc.units.some((u) => u.anchor.type === 'time');
  const lists = segmentKeyphrases(texts, PHRASES_PER_PROPOSAL, { spoken });
  return new Map(proposals.map((c, i) => [c.startUnit, (lists[i] ?? []).join(', ')]));
}
const PHRASES_PER_PROPOSAL = 3;

function windowPrompt(
  doc: LecternDocument,
  window: Window,
  starts: readonly ChapterStart[],
  proposedStarts: readonly number[],
  phrases: ReadonlyMap<number, string>,
  opening: string,
): string {
  const parts = [`Document title: ${doc.title}`];
  if (opening) parts.push(`How it opens: ${opening}`);
  if (starts.length > 0) {
    const first = Math.max(0, starts.length - RECENT_TITLES);
    const list = starts
      .slice(first)
      .map((s, i) => `${first + i + 1}. ${s.title ?? '(untitled)'} (from u${s.unit})`)
      .join('\n');
    const open = starts.at(-1);
    parts.push(
      `Chapters so far:\n${list}\nThe last one, starting at u${open?.unit ?? 0}, is still open: the lines below continue it until the topic changes.`,
    );
  }
  const hints = proposedStarts.filter((u) => u >= window.start && u < window.end);
  if (hints.length > 0)
    parts.push(
      `Word statistics suggest breaks near: ${hints
        .map((u) => (phrases.has(u) ? `u${u} (key phrases: ${phrases.get(u)})` : `u${u}`))
        .join('; ')}.`,
    );
  parts.push(`Lines u${window.start} to u${window.end - 1}:\n${window.lines.join('\n')}`);
  parts.push(
    'List the chapters that start in these lines, in order. For each, startUnit is the number of its first line and ' +
      'title names its topic in 3 to 8 words. ' +
      (starts.length === 0
        ? 'The first chapter starts at the first line.'
        : 'Give an empty list if the lines only continue the open chapter.'),
  );
  return parts.join('\n\n');
}

/** The document's opening words: the global context every window is given (documents carry no description). */
function openingOf(doc: LecternDocument): string {
  const text = doc.text
    .slice(0, OPENING_CHARS * 2)
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= OPENING_CHARS) return text;
  const cut = text.lastIndexOf(' ', OPENING_CHARS);
  return `${text.slice(0, cut > 0 ? cut : OPENING_CHARS)}…`;
}

/** Consecutive windows of numbered lines, each within `budget` tokens (a window holds at least one line). */
function cutWindows(
  doc: LecternDocument,
  budget: number,
  maxLineChars: number,
  countTokens: (text: string) => number,
): Window[] {
  const windows: Window[] = [];
  let current: Window | undefined;
  let tokens = 0;
  for (const unit of doc.units) {
    const text = doc.text.slice(unit.start, unit.end).replace(/\s+/g, ' ').trim();
    const line = `[u${unit.index}] ${text.length > maxLineChars ? `${text.slice(0, maxLineChars)}…` : text}`;
    const cost = countTokens(line) + 1;
    if (current && tokens + cost > budget) {
      windows.push(current);
      current = undefined;
    }
    if (!current) {
      current = { start: unit.index, end: unit.index, lines: [] };
      tokens = 0;
    }
    current.lines.push(line);
    current.end = unit.index + 1;
    tokens += cost;
  }
  if (current) windows.push(current);
  return windows;
}

function anchorFields(unit: Unit | undefined): Pick<Chapter, 'page' | 'time'> {
  if (unit?.anchor.type === 'page') return { page: unit.anchor.page };
  if (unit?.anchor.type === 'time') return { time: unit.anchor.start };
  return {};
}

/** Chapters from their starts; those without a model title are named by key phrases over the final spans. */
function toChapters(doc: LecternDocument, starts: readonly ChapterStart[]): Chapter[] {
  const spans = starts.map((s, i) => ({ ...s, end: starts[i + 1]?.unit ?? doc.units.length }));
  const texts = spans.map((s) =>
    doc.units
      .slice(s.unit, s.end)
      .map((u) => doc.text.slice(u.start, u.end))
      .join(' '),
  );
  const spoken = doc.units.some((u) => u.anchor.type === 'time');
  const keyphrases = spans.some((s) => s.title === undefined) ? keyphraseTitles(texts, { spoken }) : [];
  return spans.map((s, index) => ({
    index,
    title: s.title ?? keyphrases[index] ?? `Part ${index + 1}`,
    level: 1,
    startUnit: s.unit,
    endUnit: s.end,
    source: s.title === undefined ? 'segmented' : 'model',
    edited: false,
    ...anchorFields(doc.units[s.unit]),
  }));
}
