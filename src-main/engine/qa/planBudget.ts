import { MAX_RATIO } from '../compression/types';

/**
 * The question-independent part of a context, decided once per (document, ratio, model context) so that it can be
 * cached and reused by every question: the compressed KV state at `ratio` (of the document's tokens), the chapter
 * summaries, the chapter titles, or nothing.
 */
export type OverviewPlan =
  | { kind: 'compressed'; ratio: number; tokens: number }
  | { kind: 'summaries'; tokens: number }
  | { kind: 'titles'; tokens: number }
  | { kind: 'none'; tokens: 0 };

export interface PlanBudgetInput {
  /** The document's tokens, counted with the tokenizer the context is counted with. */
  docTokens: number;
  /** The slider's ratio r: the context holds at most docTokens / r of the document. */
  ratio: number;
  /** The loaded model's context size; absent without a model (no limit but r). */
  contextSize?: number;
  /** Tokens the rest of the prompt needs (frame, question, answer): taken from the context size, not from r. */
  reserveTokens?: number;
  /** Whether the compressed state the plan would use is built. False: a passages-only plan (answer first). Default true. */
  stateReady?: boolean;
  /** Tokens of the labelled chapter-titles list, when the document has titles. */
  titleTokens?: number;
  /** Whether chapter summaries can stand in (a store and a model exist) when even the overview state is too big. */
  summaries?: boolean;
  /** The cap on per-question passage tokens (see `passageCap`); absent: no cap but the budget. */
  maxPassageTokens?: number;
}

/** What goes into the context besides the question: the overview and the passages' token budget. */
export interface ContextBudget {
  /** The slider's ratio this plan honours. */
  ratio: number;
  /** docTokens / r (at most what the context leaves): the overview and the passages together never exceed it. */
  totalTokens: number;
  overview: OverviewPlan;
  /** Tokens of the question's passages at full resolution (their labels included). */
  passageTokens: number;
}

/**
 * The overview at slider ratio r: at low r there is room for an overview of the whole document beside the passages;
 * as r grows, every token the overview takes is a token of evidence the passages lose, so it shrinks: at r = 2 a
 * compressed state at 8r (an eighth of the budget), up to r = 4 the chapter titles (at most a sixteenth), above that
 * nothing. Chosen on the even half of the dev questions with `lectern eval evidence --ratios 2,4,8,16 --half even`:
 * the compressed overview holds little verbatim evidence per token (see README).
 */
export function overviewShare(ratio: number): { share: number; kinds: readonly ('compressed' | 'titles')[] } {
  if (ratio <= 1) return { share: 1, kinds: ['compressed'] };
  if (ratio <= 2) return { share: 1 / 8, kinds: ['compressed', 'titles'] };
  if (ratio <= 4) return { share: 1 / 16, kinds: ['titles'] };
  return { share: 0, kinds: [] };
}

/** Highest ratio the overview's compressed KV state is built at (the KV build's ceiling). */
export const MAX_OVERVIEW_RATIO = MAX_RATIO;

/**
 * The token budgets of a context: the one place that decides them, for `ask`, the passages answer and the evidence
 * evaluation. Pure: the same inputs give the same plan, so the overview (and its cached state) does not change
 * between follow-up questions. The overview depends only on the document, r and the context size, never on the
 * passage cap, so a new speed measurement never forces a rebuild.
 */
export function planBudget(input: PlanBudgetInput): ContextBudget {
  const docTokens = Math.max(0, Math.floor(input.docTokens));
  const ratio = Math.max(1, input.ratio);
  const room = input.contextSize === undefined ? Infinity : input.contextSize - (input.reserveTokens ?? 0);
  const totalTokens = Math.max(0, Math.min(Math.floor(docTokens / ratio), room));
  const cap = input.maxPassageTokens ?? Infinity;
  if (input.stateReady === false) {
    return { ratio, totalTokens, overview: { kind: 'none', tokens: 0 }, passageTokens: Math.min(totalTokens, cap) };
  }
  const overview = chooseOverview(docTokens, ratio, totalTokens, input);
  const passageTokens = Math.max(0, Math.min(totalTokens - overview.tokens, cap));
  return { ratio, totalTokens, overview, passageTokens };
}

function chooseOverview(docTokens: number, ratio: number, total: number, input: PlanBudgetInput): OverviewPlan {
  const { share, kinds } = overviewShare(ratio);
  const tokens = Math.floor(total * share);
  if (tokens <= 0 || docTokens === 0) return { kind: 'none', tokens: 0 };
  // The state's ratio keys the cached state: a function of r alone when the context holds docTokens / r, so states
  // are shared across documents' plans and never change between questions. Two decimals otherwise.
  const stateRatio =
    total === Math.floor(docTokens / ratio) ? ratio / share : Math.ceil((docTokens / tokens) * 100) / 100;
  if (kinds.includes('compressed') && stateRatio <= MAX_OVERVIEW_RATIO)
    return { kind: 'compressed', ratio: Math.max(1, stateRatio), tokens };
  if (kinds.includes('compressed') && input.summaries === true) return { kind: 'summaries', tokens };
  if (
    kinds.includes('titles') &&
    input.titleTokens !== undefined &&
    input.titleTokens > 0 &&
    input.titleTokens <= tokens
  )
    return { kind: 'titles', tokens: input.titleTokens };
  return { kind: 'none', tokens: 0 };
}

/** Default seconds of prompt evaluation the passages of one question may cost. */
export const DEFAULT_PASSAGE_SECONDS = 8;
/** The cap never goes below this many tokens: a question always gets a few passages. */
export const MIN_PASSAGE_TOKENS = 256;

/**
 * Per-question passage tokens the machine evaluates in `targetSeconds` (the cached overview costs no time per
 * question; the passages cost prefill every time). Undefined when the speed is not measured yet.
 */
export function passageCap(
  promptTokensPerSecond: number | undefined,
  targetSeconds = DEFAULT_PASSAGE_SECONDS,
): number | undefined {
  if (promptTokensPerSecond === undefined || !(promptTokensPerSecond > 0)) return undefined;
  return Math.max(MIN_PASSAGE_TOKENS, Math.floor(promptTokensPerSecond * targetSeconds));
}

/**
 * Whether the plan at `input.ratio` honours it in full (the context holds docTokens / r beside the reserve) and the
 * smallest slider ratio, on a half-step grid, whose plan does: what the slider says about the loaded model's context.
 */
export function planFit(input: PlanBudgetInput): { fits: boolean; smallestFittingRatio?: number } {
  const honoured = (ratio: number) =>
    planBudget({ ...input, ratio }).totalTokens === Math.floor(Math.max(0, input.docTokens) / Math.max(1, ratio));
  for (let ratio = 1; ratio <= MAX_RATIO; ratio += 0.5) {
    if (honoured(ratio)) return { fits: honoured(input.ratio), smallestFittingRatio: ratio };
  }
  return { fits: honoured(input.ratio) };
}
