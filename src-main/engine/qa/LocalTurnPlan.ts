import type { LlamaModel } from 'node-llama-cpp';
import { LecternError } from '../../../src-shared/errors';
import type { DocumentIndex } from '../index/documentIndex';
import type { LoadedModel } from '../llm/ModelManager';
import type { LocalModelAskerOptions } from './LocalModelAskerOptions';
import { localPlanInput } from './localPlanInput';
import { passageCap, planBudget, type ContextBudget, type PlanBudgetInput } from './planBudget';
import { promptFrame, type PromptFrame } from './promptFrame';

// Room kept for the question's own words when deciding whether the document's prefix fits.
export const QUESTION_RESERVE = 256;

/**
 * The plan of a turn on the local model: the chat frame, the answer's length, the prompt speed measured on the last
 * question, and from them the planner's input. `planBudget` decides; this only says what the model leaves.
 */
export class LocalTurnPlan {
  #frame?: PromptFrame;
  /** Prompt tokens per second, measured on this model's last question (its passages and question against the prefix). */
  promptSpeed?: number;

  constructor(
    private readonly loaded: LoadedModel,
    private readonly options: LocalModelAskerOptions,
  ) {}

  get model(): LlamaModel {
    return this.loaded.model;
  }

  countTokens = (text: string): number => this.model.tokenize(text).length;

  get maxAnswer(): number {
    return this.options.maxAnswerTokens ?? 512;
  }

  /** Tokens kept free after the document's prefix: a question and a whole answer. */
  get room(): number {
    return QUESTION_RESERVE + this.maxAnswer;
  }

  /** The chat template's frame around a turn, read from the model once. */
  async frame(): Promise<PromptFrame> {
    this.#frame ??= await promptFrame(this.model);
    return this.#frame;
  }

  /** The frame once `frame()` has run (every public entry awaits it first). */
  get knownFrame(): PromptFrame {
    if (!this.#frame) throw new LecternError('INTERNAL', 'The prompt frame is read before planning.');
    return this.#frame;
  }

  /** The plan's budgets for (document, slider ratio) on this model, for its main context or `contextSize`. */
  input(index: DocumentIndex, ratio: number, contextSize?: number): PlanBudgetInput {
    return localPlanInput({
      index,
      ratio,
      contextSize: contextSize ?? this.loaded.context.contextSize,
      frame: this.knownFrame,
      reserveTokens: this.room,
      summaries: this.options.summaries !== undefined,
      countTokens: this.countTokens,
      maxPassageTokens: this.options.maxPassageTokens ?? passageCap(this.promptSpeed, this.options.passageSeconds),
    });
  }

  async budget(index: DocumentIndex, ratio: number): Promise<ContextBudget> {
    await this.frame();
    return planBudget(this.input(index, ratio));
  }
}
