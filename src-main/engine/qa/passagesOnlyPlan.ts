/**
 * The passages-only plan: what a question gets when the document's question-independent part (its compressed state,
 * or its chapter summaries) is not ready. The context holds the prompt frame, the retrieved passages at full
 * resolution and the question, so its size, and the time to first token, do not depend on the document's length.
 *
 * This is the context planner's decision (ARCHITECTURE.md step 5, `stateReady: false`), kept in one place until the
 * planner owns it: nothing else decides a passages-only budget.
 */
export interface PassagesOnlyPlanInput {
  /** Most expanded passage tokens per question (the asker's `expandTokens`). */
  expandTokens: number;
  maxAnswerTokens: number;
  /** The loaded model's context: the passages-only context is never larger. */
  modelContextSize: number;
}

export interface PassagesOnlyPlan {
  /** Tokens of the context the passages-only answer runs in (a small one of its own, beside the build's). */
  contextSize: number;
  /** Most passage tokens for one question. */
  passageTokens: number;
}

// Room for the prompt frame, the intro line, the question and follow-ups' carried turns.
const FRAME_AND_QUESTION = 768;

export function planPassagesOnly({
  expandTokens,
  maxAnswerTokens,
  modelContextSize,
}: PassagesOnlyPlanInput): PassagesOnlyPlan {
  const contextSize = Math.min(modelContextSize, expandTokens + maxAnswerTokens + FRAME_AND_QUESTION);
  return { contextSize, passageTokens: Math.min(expandTokens, contextSize - maxAnswerTokens - FRAME_AND_QUESTION / 2) };
}
