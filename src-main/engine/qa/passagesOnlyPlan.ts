/*
 * The passages-only answer's context (used while the document is not prepared). Its budget is the planner's own
 * (`planBudget` with `stateReady: false`, called by PassageOnlyAnswers): this file only sizes the small context.
 */

// Room for the prompt frame, the intro line, the question and follow-ups' carried turns.
const FRAME_AND_QUESTION = 768;
/** Passage tokens the small context is sized for when no cap is given (three segments of 512). */
const DEFAULT_PASSAGE_ROOM = 1536;

/**
 * The size of the passages-only context (a small one of its own, created before any document is known, so its time
 * to first token does not depend on the document's length): room for the passages cap, an answer and the frame.
 * The planner then budgets within it (its `contextSize`), so this bounds the plan but decides no budget.
 */
export function passagesOnlyContextSize(
  modelContextSize: number,
  maxAnswerTokens: number,
  maxPassageTokens = DEFAULT_PASSAGE_ROOM,
): number {
  return Math.min(modelContextSize, maxPassageTokens + maxAnswerTokens + FRAME_AND_QUESTION);
}
