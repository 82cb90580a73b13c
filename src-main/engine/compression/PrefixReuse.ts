import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import { LecternError } from '../../../src-shared/errors';

export interface TailEvaluation {
  /** The greedy first token after the tail (what time to first token measures). */
  firstToken: Token;
  /** Tokens actually evaluated for this tail, from the sequence's token meter (shifts included): the proof of prefix reuse. */
  evaluatedTokens: number;
}

/**
 * Answers several questions from one prefix (the compressed document): each question appends its tail (expanded
 * segments + question) after the prefix, and the next question first erases only that tail. Erasing at the end moves
 * no cell, so it costs about a millisecond and evaluates nothing, whereas reloading the state costs a file read.
 */
export class PrefixReuse {
  constructor(
    readonly sequence: LlamaContextSequence,
    /** Tokens of the prefix to keep: by default everything the sequence holds now. */
    readonly prefixLength: number = sequence.nextTokenIndex,
  ) {
    if (prefixLength <= 0 || prefixLength > sequence.nextTokenIndex) {
      throw new LecternError('INTERNAL', `Prefix length ${prefixLength} is not within the sequence.`);
    }
  }

  get tailLength(): number {
    return this.sequence.nextTokenIndex - this.prefixLength;
  }

  /** Erases whatever follows the prefix (the previous question, its expansion and its answer). */
  async eraseTail(): Promise<void> {
    if (this.tailLength > 0) {
      await this.sequence.eraseContextTokenRanges([{ start: this.prefixLength, end: this.sequence.nextTokenIndex }]);
    }
  }

  /** Erases the previous tail, then evaluates `tail` after the prefix and returns the greedy next token. */
  async evaluateTail(tail: readonly Token[]): Promise<TailEvaluation> {
    if (tail.length === 0) throw new LecternError('INTERNAL', 'A question needs at least one token.');
    await this.eraseTail();
    if (this.prefixLength + tail.length >= this.sequence.contextSize) {
      throw new LecternError('CONTEXT_TOO_SMALL', 'The question and its expanded segments do not fit the context.');
    }
    const before = this.sequence.tokenMeter.getState();
    const input = tail.map((token, i) =>
      i === tail.length - 1
        ? ([token, { generateNext: { token: true, options: { temperature: 0 } } }] as const)
        : token,
    );
    const outputs = await this.sequence.controlledEvaluate(
      input as Parameters<LlamaContextSequence['controlledEvaluate']>[0],
    );
    const firstToken = outputs[tail.length - 1]?.next.token;
    if (firstToken === undefined || firstToken === null) throw new LecternError('INTERNAL', 'No token was generated.');
    // The meter books tokens whose logits were read as "output": both count as evaluated here.
    const used = this.sequence.tokenMeter.diff(before);
    return { firstToken, evaluatedTokens: used.usedInputTokens + used.usedOutputTokens };
  }
}
