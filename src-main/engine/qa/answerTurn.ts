import type { LlamaModel, Token } from 'node-llama-cpp';
import type { AskResult } from '../../../src-shared/domain/answer';
import { LecternError } from '../../../src-shared/errors';
import type { KvConversation } from '../compression/KvConversation';
import type { DocumentIndex } from '../index/documentIndex';
import { expansionText, type ExpansionPiece } from '../index/selectExpansions';
import type { StageContext } from '../jobs/JobRunner';
import { NO_EVIDENCE_ANSWER } from './answerWithPassages';
import { extractCitations } from './citations';
import type { PlanBudgetInput } from './planBudget';
import { planContext, type ContextPlan } from './planContext';
import type { PromptFrame } from './promptFrame';

export interface AnswerTurnInput {
  model: LlamaModel;
  frame: PromptFrame;
  /** The conversation after its prefix (the compressed document, summaries, or the passages-only header). */
  conversation: KvConversation;
  index: DocumentIndex;
  question: string;
  /** What the planner needs besides the question (`planBudget`'s input): it decides this turn's passages. */
  plan: PlanBudgetInput;
  maxAnswerTokens: number;
  ctx: StageContext;
  onText: (text: string) => void;
  dense?: readonly number[];
}

/** What one turn adds to an AskResult (the caller adds the mode, timings of preparation and the state's size). */
export type TurnResult = Pick<
  AskResult,
  'answer' | 'citations' | 'noEvidence' | 'promptTokens' | 'kvTokens' | 'evaluatedTokens' | 'conversation' | 'plan'
> & {
  ttftMs: number;
  decodeTokPerS: number;
  /** Prompt tokens per second this turn measured (its passages and question against the prefix), if enough ran. */
  promptTokensPerSecond?: number;
};

/** Identifies an appended piece across turns of a conversation. */
const pieceKey = (piece: ExpansionPiece): string => `${piece.start}-${piece.end}`;

/**
 * Appends one question to a conversation and streams its answer: retrieves passages (those a past turn still holds
 * are not appended again), lets past turns give way until this one fits, generates greedily and cites.
 */
export async function answerTurn(input: AnswerTurnInput): Promise<TurnResult> {
  const { model, frame, conversation, index, question, ctx, onText } = input;
  const { sequence } = conversation;
  const maxAnswer = input.maxAnswerTokens;
  const countTokens = (text: string) => model.tokenize(text).length;
  const questionTokens = [...model.tokenize(`\n\nQuestion: ${question}`), ...frame.tail];
  const evictedBefore = { passages: conversation.evictedPassages, turns: conversation.evictedTurns };

  // Past turns give way (their passages first) until this turn and a whole answer fit.
  let matched = false;
  let turn: { opening: Token[]; passages: Token[]; segmentIds: string[] };
  let plan: ContextPlan;
  for (;;) {
    const opening = conversation.turns.length > 0 ? frame.between : [];
    const present = conversation.presentSegments();
    const roomTokens =
      sequence.contextSize - conversation.reuse.prefixLength - opening.length - questionTokens.length - maxAnswer - 16;
    // The planner decides the passages; the conversation can only leave less room for them.
    plan = planContext({
      ...input.plan,
      index: index.index,
      question,
      countTokens,
      expansion: input.dense ? { dense: input.dense } : {},
      roomTokens,
    });
    const { pieces } = plan;
    const fresh = pieces.filter((piece) => !present.has(pieceKey(piece)));
    matched ||= pieces.length > 0;
    const lead = opening.length > 0 ? '' : '\n\n';
    const passages = fresh.length
      ? `${lead}The passages most relevant to the question, in full:\n${fresh.map((piece) => expansionText(index.doc.text, piece)).join('\n')}`
      : pieces.length === 0
        ? `${lead}(No passage of the document matches the question’s words.)`
        : '';
    turn = { opening, passages: passages ? model.tokenize(passages) : [], segmentIds: fresh.map(pieceKey) };
    const needed = conversation.tailLength({ ...turn, question: questionTokens }) + maxAnswer;
    if (conversation.fits(needed) || !(await conversation.evictOne())) break;
  }
  const tailLength = conversation.tailLength({ ...turn, question: questionTokens });
  if (!conversation.fits(tailLength + 16))
    throw new LecternError(
      'CONTEXT_TOO_SMALL',
      'The question and its passages do not fit the model’s context. Raise the compression ratio or load the model with a larger context.',
    );

  ctx.onProgress({ phase: 'answering', done: 0, total: 1 });
  const askStart = performance.now();
  let emitted = '';
  const output = await conversation.run({
    ...turn,
    question: questionTokens,
    maxAnswerTokens: maxAnswer,
    signal: ctx.signal,
    isEnd: (token) => model.isEogToken(token),
    onToken: (_token, generated) => {
      const text = model.detokenize(generated);
      // Emit only whole characters: a token can end in the middle of a UTF-8 sequence.
      if (!text.endsWith('\uFFFD') && text.length > emitted.length) {
        onText(text.slice(emitted.length));
        emitted = text;
      }
    },
  });
  const end = performance.now();
  const { generated, firstTokenAt } = output;
  const full = model.detokenize(generated);
  // What was held back waiting for the rest of a character: the answer ends here, so the stream does too.
  if (full.length > emitted.length && full.startsWith(emitted)) onText(full.slice(emitted.length));
  const answer = full.trim();
  const decodeMs = firstTokenAt === undefined ? 0 : end - firstTokenAt;
  // What the passage cap of the next questions is measured on: this turn's prompt against the cached prefix.
  const promptMs = (firstTokenAt ?? end) - askStart;
  const measured = promptMs > 0 && output.evaluatedTokens >= 64;
  const noEvidence = !matched;
  return {
    answer: answer || (noEvidence ? NO_EVIDENCE_ANSWER : answer),
    citations: extractCitations(answer, index),
    noEvidence,
    ttftMs: Math.round((firstTokenAt ?? end) - askStart),
    decodeTokPerS:
      decodeMs > 0 && generated.length > 1 ? Math.round(((generated.length - 1) / decodeMs) * 10000) / 10 : 0,
    promptTokens: tailLength,
    kvTokens: sequence.nextTokenIndex,
    evaluatedTokens: output.evaluatedTokens,
    // What the planner put in the context for this turn (after the room the conversation left).
    plan: {
      overview: plan.overview.kind,
      ...(plan.overview.kind === 'compressed' ? { overviewRatio: plan.overview.ratio } : {}),
      overviewTokens: plan.overview.tokens,
      totalTokens: plan.totalTokens,
      passageTokens: plan.passageTokens,
      passageRanges: plan.ranges,
    },
    ...(measured ? { promptTokensPerSecond: (output.evaluatedTokens / promptMs) * 1000 } : {}),
    conversation: {
      pastTurns: conversation.turns.length - 1,
      evictedPassages: conversation.evictedPassages - evictedBefore.passages,
      evictedTurns: conversation.evictedTurns - evictedBefore.turns,
    },
  };
}
