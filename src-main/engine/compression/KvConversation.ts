import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import { LecternError } from '../../../src-shared/errors';
import type { PrefixReuse } from './PrefixReuse';

/** One past question in the KV cache, right after the prefix and the turns before it. */
export interface KvTurn {
  /** Tokens of its expanded segments (erased first when room runs out). */
  passages: number;
  /** Tokens of everything else: the question, the template around it, the answer and what closes the answer. */
  rest: number;
  /** The segments whose full text those passages hold. */
  segmentIds: string[];
}

export interface TurnInput {
  /** What opens this turn: closing the previous answer and opening a user message (empty for the first turn). */
  opening: readonly Token[];
  passages: readonly Token[];
  /** The question and the template up to where the answer starts. */
  question: readonly Token[];
  segmentIds: readonly string[];
  maxAnswerTokens: number;
  signal: AbortSignal;
  isEnd: (token: Token) => boolean;
  /** Each generated token, as it comes. */
  onToken: (token: Token, generated: readonly Token[]) => void;
}

export interface TurnOutput {
  generated: Token[];
  /** Tokens llama.cpp evaluated for this turn (its own tokens only: everything before it was reused). */
  evaluatedTokens: number;
  firstTokenAt?: number;
}

/**
 * A conversation kept in the KV cache after a reused prefix (the compressed document, or chapter summaries): each
 * question appends only its own tokens, and the past turns stay for follow-ups. When a turn would not fit, the oldest
 * past turn's expanded segments are erased first (its question and answer stay), then whole turns, oldest first. The
 * prefix is never touched, so position 0 and the document survive every eviction. Erasing moves the later cells; the
 * rotation of their keys is applied by the next evaluation, which always follows here, and no state is saved from a
 * conversation (see flushPendingShift for why that order matters).
 */
export class KvConversation {
  readonly turns: KvTurn[] = [];
  /** Tokens of the last answer that are not in the KV yet: the last sampled token is never fed back. */
  #pending: Token[] = [];
  evictedPassages = 0;
  evictedTurns = 0;

  constructor(readonly reuse: PrefixReuse) {}

  get sequence(): LlamaContextSequence {
    return this.reuse.sequence;
  }

  /** Segments whose full text past turns still hold. */
  presentSegments(): Set<string> {
    return new Set(this.turns.flatMap((t) => t.segmentIds));
  }

  /** Tokens the turn would evaluate. */
  tailLength(input: Pick<TurnInput, 'opening' | 'passages' | 'question'>): number {
    return this.#pending.length + input.opening.length + input.passages.length + input.question.length;
  }

  /** Whether `tokens` more fit the context. */
  fits(tokens: number): boolean {
    return this.sequence.nextTokenIndex + tokens < this.sequence.contextSize;
  }

  /** Erases the oldest past turn's passages, else the oldest whole turn; undefined when no turn is left. */
  async evictOne(): Promise<'passages' | 'turn' | undefined> {
    let at = this.reuse.prefixLength;
    for (const turn of this.turns) {
      if (turn.passages > 0) {
        await this.sequence.eraseContextTokenRanges([{ start: at, end: at + turn.passages }]);
        turn.passages = 0;
        turn.segmentIds = [];
        this.evictedPassages++;
        return 'passages';
      }
      at += turn.passages + turn.rest;
    }
    const oldest = this.turns.shift();
    if (!oldest) return undefined;
    const start = this.reuse.prefixLength;
    await this.sequence.eraseContextTokenRanges([{ start, end: start + oldest.rest }]);
    // The last answer's unfed tokens went with it.
    if (this.turns.length === 0) this.#pending = [];
    this.evictedTurns++;
    return 'turn';
  }

  /** Forgets every past turn: back to the prefix alone. */
  async reset(): Promise<void> {
    await this.reuse.eraseTail();
    this.turns.length = 0;
    this.#pending = [];
  }

  /**
   * Appends the turn and generates its answer greedily. On cancel or failure the turn's tokens are erased again
   * (from the end, so nothing moves) and the conversation is as it was before the call.
   */
  async run(input: TurnInput): Promise<TurnOutput> {
    const { sequence } = this;
    const previous = this.turns.at(-1);
    const carried = [...this.#pending, ...input.opening];
    const tail = [...carried, ...input.passages, ...input.question];
    if (tail.length === 0) throw new LecternError('INTERNAL', 'A question needs at least one token.');
    if (!this.fits(tail.length + 1))
      throw new LecternError('CONTEXT_TOO_SMALL', 'The question and its passages do not fit the model’s context.');
    const start = sequence.nextTokenIndex;
    const meter = sequence.tokenMeter.getState();
    const limit = Math.min(input.maxAnswerTokens, sequence.contextSize - start - tail.length - 1);
    const generated: Token[] = [];
    let firstTokenAt: number | undefined;
    try {
      for await (const token of sequence.evaluate(tail, { temperature: 0 })) {
        if (input.signal.aborted || input.isEnd(token)) break;
        firstTokenAt ??= performance.now();
        generated.push(token);
        input.onToken(token, generated);
        if (generated.length >= limit) break;
      }
      if (input.signal.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
    } catch (error) {
      if (sequence.nextTokenIndex > start)
        await sequence.eraseContextTokenRanges([{ start, end: sequence.nextTokenIndex }]);
      throw error;
    }
    const used = sequence.tokenMeter.diff(meter);
    // What carried over from the previous answer belongs to it: evicting that turn takes it along.
    if (previous) previous.rest += carried.length;
    else if (carried.length > 0) throw new LecternError('INTERNAL', 'A first turn carried tokens of no turn.');
    const inKv = sequence.nextTokenIndex - start - tail.length;
    this.#pending = generated.slice(Math.max(0, inKv));
    this.turns.push({
      passages: input.passages.length,
      rest: input.question.length + Math.max(0, inKv),
      segmentIds: [...input.segmentIds],
    });
    return {
      generated,
      evaluatedTokens: used.usedInputTokens + used.usedOutputTokens,
      ...(firstTokenAt !== undefined ? { firstTokenAt } : {}),
    };
  }
}
