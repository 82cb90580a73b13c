import type { LlamaContext, LlamaContextSequence, TokenPredictor } from 'node-llama-cpp';
import type { AskResult } from '../../../src-shared/domain/answer';
import { KvConversation } from '../compression/KvConversation';
import { PrefixReuse } from '../compression/PrefixReuse';
import type { DocumentIndex } from '../index/documentIndex';
import type { StageContext } from '../jobs/JobRunner';
import type { LoadedModel } from '../llm/ModelManager';
import { answerTurn } from './answerTurn';
import type { PlanBudgetInput } from './planBudget';
import { passagesOnlyContextSize } from './passagesOnlyPlan';
import type { PromptFrame } from './promptFrame';

export interface PassageOnlyAnswersOptions {
  loaded: LoadedModel;
  frame: () => Promise<PromptFrame>;
  maxAnswerTokens: number;
  /** The asker's fixed passage cap, if any: the small context is sized for it. */
  maxPassageTokens?: number;
  /** The planner's input for (document, ratio) in a context of `contextSize` (the asker's, with its speed cap). */
  planInput: (index: DocumentIndex, ratio: number, contextSize: number) => PlanBudgetInput;
  /** Receives the prompt speed a turn measured (the passage cap of later questions is derived from it). */
  onPromptSpeed?: (tokensPerSecond: number) => void;
  /** Drafts decoding tokens from the input (see LocalModelAskerOptions.tokenPredictor). */
  tokenPredictor?: () => TokenPredictor;
}

const PASSAGES_INTRO = 'Passages of a document, each starting with its label:';

/**
 * Answers from the retrieved passages alone, in a small context of its own beside the model's main one: what a
 * question gets while the document's compressed state is missing or being built in the main context. Its size (and
 * so its time to first token) depends on the passage budget, not on the document's length. Questions about one
 * document form a conversation here too; a question about another document starts a new one.
 */
export class PassageOnlyAnswers {
  #context?: Promise<LlamaContext>;
  // A promise, so `warm` and a first question racing for the one sequence share it.
  #sequence?: Promise<LlamaContextSequence>;
  #conversation?: { docId: string; conversation: KvConversation };
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PassageOnlyAnswersOptions) {}

  get #contextSize(): number {
    const { loaded, maxAnswerTokens, maxPassageTokens } = this.options;
    return passagesOnlyContextSize(loaded.context.contextSize, maxAnswerTokens, maxPassageTokens);
  }

  /** Creates the small context now (a few seconds on a busy CPU), so the first question does not wait for it. */
  warm(): void {
    this.#sequenceFor().catch(() => {
      this.#context = undefined;
      this.#sequence = undefined;
    });
  }

  async #sequenceFor(): Promise<LlamaContextSequence> {
    const { model, context } = this.options.loaded;
    // Same threads and attention as the main context: the two never evaluate at once for long (builds yield).
    this.#context ??= model.createContext({
      contextSize: this.#contextSize,
      threads: context.currentThreads,
      flashAttention: context.flashAttention === true,
      sequences: 1,
    });
    const created = this.#context;
    const predictor = this.options.tokenPredictor;
    this.#sequence ??= created.then((c) => c.getSequence(predictor ? { tokenPredictor: predictor() } : undefined));
    return this.#sequence;
  }

  ask(
    index: DocumentIndex,
    question: string,
    ratio: number,
    ctx: StageContext,
    onText: (text: string) => void,
    note: string,
    dense?: readonly number[],
  ): Promise<AskResult> {
    const work = async (): Promise<AskResult> => {
      const frame = await this.options.frame();
      const sequence = await this.#sequenceFor();
      if (this.#conversation?.docId !== index.doc.id) {
        this.#conversation = undefined;
        await sequence.clearHistory();
        await sequence.evaluateWithoutGeneratingNewTokens([
          ...frame.head,
          ...this.options.loaded.model.tokenize(PASSAGES_INTRO),
        ]);
        this.#conversation = { docId: index.doc.id, conversation: new KvConversation(new PrefixReuse(sequence)) };
      }
      const { ttftMs, decodeTokPerS, promptTokensPerSecond, ...turn } = await answerTurn({
        model: this.options.loaded.model,
        frame,
        conversation: this.#conversation.conversation,
        index,
        question,
        // The planner's passages-only plan (stateReady false) within this small context.
        plan: { ...this.options.planInput(index, ratio, sequence.contextSize), stateReady: false },
        maxAnswerTokens: this.options.maxAnswerTokens,
        ctx,
        onText,
        ...(dense ? { dense } : {}),
      });
      if (promptTokensPerSecond !== undefined) this.options.onPromptSpeed?.(promptTokensPerSecond);
      return {
        mode: 'generated',
        ...turn,
        passages: [],
        timings: { prepareMs: 0, ttftMs, decodeTokPerS },
        stateBytes: 0,
        ratio,
        contextMode: 'passages',
        note,
      };
    };
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Forgets the conversation about `docId` here. */
  async forget(docId: string): Promise<void> {
    if (this.#conversation?.docId === docId) await this.#conversation.conversation.reset();
  }

  dispose(): void {
    this.#conversation = undefined;
    const context = this.#context;
    this.#context = undefined;
    this.#sequence = undefined;
    void context?.then((c) => c.dispose()).catch(() => undefined);
  }
}
