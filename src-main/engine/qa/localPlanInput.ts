import type { CountTokens } from '../index/countTokens';
import type { DocumentIndex } from '../index/documentIndex';
import { overviewTitles } from './overviewTitles';
import type { PlanBudgetInput } from './planBudget';
import type { PromptFrame } from './promptFrame';

export interface LocalPlanInputArgs {
  index: DocumentIndex;
  ratio: number;
  /** The context the plan is for: the model's main one, or the passages-only answer's small one. */
  contextSize: number;
  frame: PromptFrame;
  /** Tokens for the question and the answer (the frame's are added here). */
  reserveTokens: number;
  summaries: boolean;
  countTokens: CountTokens;
  /** The passage cap: fixed, or from the measured prompt speed (`passageCap`); undefined before a measurement. */
  maxPassageTokens: number | undefined;
}

/**
 * The planner's input for (document, slider ratio) on the local model. `planBudget` decides; this only says what
 * the model leaves (context size, the frame, the question and the answer) and what it measured (prompt speed).
 */
export function localPlanInput(args: LocalPlanInputArgs): PlanBudgetInput {
  const { frame, index } = args;
  const titles = overviewTitles(index.segments);
  return {
    docTokens: index.docTokens,
    ratio: args.ratio,
    contextSize: args.contextSize,
    reserveTokens: args.reserveTokens + frame.head.length + frame.tail.length,
    summaries: args.summaries,
    ...(titles === '' ? {} : { titleTokens: args.countTokens(titles) }),
    ...(args.maxPassageTokens === undefined ? {} : { maxPassageTokens: args.maxPassageTokens }),
  };
}
