import type { LlamaContext, LlamaContextSequence, TokenPredictor } from 'node-llama-cpp';

/**
 * Who holds the main context's one sequence: asking, preparing and lent model work (chapter titles, summaries)
 * take turns on it, one operation at a time.
 */
export class SequenceLease {
  #sequence?: LlamaContextSequence;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly context: LlamaContext,
    private readonly tokenPredictor?: () => TokenPredictor,
  ) {}

  /** The sequence, taken from the context on first use. */
  claim(): LlamaContextSequence {
    this.#sequence ??= this.context.getSequence(
      this.tokenPredictor ? { tokenPredictor: this.tokenPredictor() } : undefined,
    );
    return this.#sequence;
  }

  /** Runs `work` after every operation queued before it (asking and preparing share the sequence). */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Lends the sequence to `work` in turn; `work` may fill it with anything, so it is cleared afterwards and
   * `onLend` tells the holder that whatever prefix it held is gone.
   */
  lend<T>(work: (sequence: LlamaContextSequence) => Promise<T>, onLend: () => void): Promise<T> {
    return this.exclusive(async () => {
      onLend();
      const sequence = this.claim();
      try {
        return await work(sequence);
      } finally {
        await sequence.clearHistory();
      }
    });
  }

  /** Gives the sequence back early (a disposed context disposes its sequences too). */
  dispose(): void {
    void this.#sequence?.dispose();
    this.#sequence = undefined;
  }
}
