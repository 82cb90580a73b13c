import { mergeRanges } from '../index/charRanges';
import { estimateTokens, type CountTokens } from '../index/countTokens';
import type { SegmentIndex } from '../index/retrieve';
import { selectExpansions, type ExpansionOptions, type ExpansionPiece } from '../index/selectExpansions';
import { planBudget, type ContextBudget, type PlanBudgetInput } from './planBudget';

export interface PlanContextInput extends PlanBudgetInput {
  index: SegmentIndex;
  question: string;
  countTokens?: CountTokens;
  /** How passages are ranked (an embedding model's ranking joins BM25 here). */
  expansion?: ExpansionOptions;
  /** A further limit on the passages' tokens (what a conversation leaves in the context); never raises the plan's. */
  roomTokens?: number;
}

/** The whole plan for one question: the budgets and the passages, with the document's characters they hold. */
export interface ContextPlan extends ContextBudget {
  /** The passages at full resolution, in document order, within `passageTokens`. */
  pieces: ExpansionPiece[];
  /** Merged character ranges of the document the passages hold verbatim. */
  ranges: [number, number][];
}

/**
 * The context for a question: `planBudget`'s split, then the question's passages within the passage budget. `ask`,
 * the passages answer and `lectern eval evidence` all call this, so the figures describe what the app puts in front
 * of the model. The passages depend on the budget alone, not on how the overview was realised (the KV state and the
 * evaluation's text-level compression keep different tokens), so both sides choose the same ranges.
 */
export function planContext(input: PlanContextInput): ContextPlan {
  const budget = planBudget(input);
  const passageTokens = Math.max(0, Math.min(budget.passageTokens, input.roomTokens ?? Infinity));
  const pieces = selectExpansions(
    input.index,
    input.question,
    passageTokens,
    input.countTokens ?? estimateTokens,
    input.expansion,
  );
  return {
    ...budget,
    passageTokens,
    pieces,
    ranges: mergeRanges(pieces.map((p) => [p.start, p.end])),
  };
}
